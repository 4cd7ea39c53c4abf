"""How a quote reads on one line, in the terminal and in the list under an answer."""

from __future__ import annotations

import re

from index.sentences import without_markup

# A hard-wrapped or quoted e-mail's line break, with the '>' marks of the next line.
_BREAK = re.compile(r"\n[ \t]*(?:>[ \t]*)*")


def one_line(quote: str) -> str:
    """`quote` on one line, without line breaks, '>' marks and markdown's bold and code marks
    (the citation's offsets find the text exactly)."""
    return " ".join(without_markup(_BREAK.sub(" ", quote)).split())

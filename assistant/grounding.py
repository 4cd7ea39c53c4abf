"""Checking a generated answer's citations against the passages the model was shown.

A model's `[n]` is a claim, not a fact: a marker survives only when it names a passage that
exists and shares content words with the sentence it is attached to. Survivors are
renumbered 1, 2, ... in order of first appearance, so the answer's markers match its
citation list exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index import tokens

# [1], [1, 2], [1-3], [1][2], 【1】, 【1†source】, [passage 2]
MARKER = re.compile(
    r"[\[【]\s*(?:(?:passages?|sources?)\s*)?"
    r"(\d{1,4}(?:\s*(?:[-–—,;]|and)\s*\d{1,4})*)"
    r"\s*(?:†[^\]】\n]{0,40})?[\]】]", re.I)
# What a stream cut off mid-marker leaves at the end: "[", "[1", "[1, ".
_CUT_MARKER = re.compile(r"\s*[\[【]\s*[\d\s,;–—-]*$")
# A sentence ends at . ! or ? (not after a lone capital, as in "U.S."), then any markers.
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?]+[\"'”’)]*(?=\s|$)")
_TRAILING_MARKERS = re.compile(rf"(?:\s*{MARKER.pattern})+", re.I)
_NOT_FOUND = re.compile(
    r"\b(passages?|sources?|articles?|documents?|context|texts?)\b[^.]{0,40}\b"
    r"(do|does|did)\s*(n['’]t|not)\s+(say|contain|mention|state|include|provide|answer|cover)"
    r"|\bno (relevant )?information\b|\bcannot (be )?(answer|determine|find)"
    r"|\bI (do not|don['’]t) know\b|\bnot (mentioned|stated|covered) in\b", re.I)
# A range wider than this is not a citation ("[1-1000]").
MAX_RANGE = 10


@dataclass(frozen=True)
class Checked:
    """The answer with only supported markers, renumbered; `cited[i]` is what `[i+1]` names."""

    text: str
    cited: tuple[int, ...]  # passage numbers as the model saw them, in new-number order
    dropped: int  # marker numbers removed (unknown passage or no shared content word)


def numbers(group: str) -> list[int]:
    """The passage numbers in a marker's inside: "1", "1, 3", "2-4", "1 and 2"."""
    found: list[int] = []
    for part in re.split(r"\s*(?:[,;]|\band\b)\s*", group.strip()):
        if m := re.fullmatch(r"(\d+)\s*[-–—]\s*(\d+)", part):
            low, high = int(m[1]), int(m[2])
            if low <= high and high - low < MAX_RANGE:
                found.extend(range(low, high + 1))
        elif part.isdigit():
            found.append(int(part))
    return list(dict.fromkeys(found))


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the answer's sentences; markers right after a sentence's end belong to it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() < start:
            continue
        end = m.end()
        if trail := _TRAILING_MARKERS.match(text, end):
            end = trail.end()
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def says_not_found(text: str) -> bool:
    """True when the model says plainly that the passages do not answer the question."""
    return bool(_NOT_FOUND.search(MARKER.sub(" ", text)))


def strip_markers(text: str) -> str:
    return " ".join(MARKER.sub(" ", text).split())


def check(answer: str, passages: Sequence[str]) -> Checked:
    """Keep the markers of `answer` that name a passage supporting their sentence."""
    answer = _CUT_MARKER.sub("", answer).strip()
    words = [set(tokens(p)) for p in passages]
    new_number: dict[int, int] = {}
    dropped = 0
    out: list[str] = []
    for start, end in sentences(answer):
        segment = answer[start:end]
        # "The passages do not say [1]." claims nothing a passage could support.
        claim = set(tokens(_NOT_FOUND.sub(" ", MARKER.sub(" ", segment))))
        pieces: list[str] = []
        last = 0
        for m in MARKER.finditer(segment):
            asked = numbers(m[1]) or [0]
            kept = [n for n in asked if 1 <= n <= len(words) and claim & words[n - 1]]
            dropped += len(asked) - len(kept)
            before = segment[last:m.start()]
            if kept:
                for n in kept:
                    new_number.setdefault(n, len(new_number) + 1)
                pieces.append(before + "".join(f"[{new_number[n]}]" for n in kept))
            else:
                pieces.append(before.rstrip(" \t"))  # "June 4 [9]." -> "June 4."
            last = m.end()
        pieces.append(segment[last:])
        out.append("".join(pieces))
    text = re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()
    return Checked(text, tuple(new_number), dropped)

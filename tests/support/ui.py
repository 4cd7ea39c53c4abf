"""Helpers for the UI tests: serving a Blocks on a free loopback port, hostile strings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import gradio as gr

from tests.support.net import free_port

HOSTILE = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[x](javascript:window.__pwned=1)",
    "![img](http://example.invalid/x.png)",
)
# A question made of every hostile string.
HOSTILE_QUESTION = "What about " + " ".join(HOSTILE) + "?"
# Two documents: a harmless one first (so the view must switch), then one full of markup.
PLAIN_DOC = ("Orchard notes.\n\nThe apple trees were planted in rows along the river. "
             "Each spring the blossoms attract bees from the nearby farms.\n")
HOSTILE_DOC = (
    "Harbour minutes.\n\n"
    f"The harbour committee discussed {HOSTILE[0]} the new pier on Tuesday. "
    f"The engineer's report about the pier contained {HOSTILE[1]} as its title.\n\n"
    f"The minutes linked {HOSTILE[2]} and showed {HOSTILE[3]} beside the pier drawing.\n"
)


def write_hostile_sources(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-orchard.txt").write_text(PLAIN_DOC, encoding="utf-8")
    (folder / "b-harbour.md").write_text(HOSTILE_DOC, encoding="utf-8")
    return folder


@contextmanager
def serving(demo: gr.Blocks, **launch: Any) -> Iterator[str]:
    """The app's URL while it runs on 127.0.0.1 (closed afterwards)."""
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                quiet=True, ssr_mode=False, **launch)
    try:
        yield str(demo.local_url)
    finally:
        demo.close()

"""Reading a conversation's history: what leans on it, what is ignored."""

from __future__ import annotations

import pytest

from assistant.followup import needs_context, parse_history


@pytest.mark.parametrize(("question", "leans"), [
    ("What did he say at the summit?", True), ("Why?", True), ("And when were they cut off?", True),
    ("Where does she work?", True), ("When did Lloyd Austin visit Cambodia?", False),
    ("Who is Seun Sam?", False),
    # Fragments: no auxiliary verb and no name of their own.
    ("How many times?", True), ("Which states exactly?", True), ("Who won?", True),
    ("Who runs Norlund?", False), ("What is soft power?", False), ("Who lost money?", True),
    ("How many people died in the flood?", False), ("By how many votes?", True),
    ("From which port exactly on the east shore?", True),
    ("In what year did the war end?", False),
    # "one" standing for something said before, not a number or "one of" a named group.
    ("When is the first one?", True), ("How do I find out which one I have?", True),
    ("Which one of the sheds did the committee choose?", False),
    ("Is one hour enough for the soup?", False)])
def test_needs_context(question: str, leans: bool) -> None:
    assert needs_context(question) is leans


def test_sources_panels_in_history_are_ignored() -> None:
    history = [{"role": "user", "content": "q"},
               {"role": "assistant", "content": "a [1]"},
               {"role": "assistant", "content": "[1] x.txt:1-2",
                "metadata": {"title": "📚 Sources"}}]
    assert [t.content for t in parse_history(history, 10)] == ["q", "a [1]"]

"""The server's limits that need no server: bounded chat streaming (ui/streaming.py) and the
upload setting. The limits of a running server are in tests/integration/test_server_limits.py.
"""

from __future__ import annotations

from assistant import Settings
from ui.streaming import STREAM_STEP_CHARS, recent, thinned


def test_upload_setting_reads_the_environment() -> None:
    assert Settings().uploads is True
    assert Settings.from_env({"ASSISTANT_UPLOADS": "0"}).uploads is False
    assert Settings.from_env({"ASSISTANT_UPLOADS": "on"}).uploads is True


def test_chat_keeps_the_newest_shown_messages_and_streams_in_few_pieces() -> None:
    shown = [{"role": "user", "content": [{"type": "text", "text": str(i) * 100}]}
             for i in range(10)]
    assert recent(shown, 250) == shown[-2:] and recent(shown, 10**6) == shown
    assert recent("not a list", 100) == []  # type: ignore[arg-type]
    words = "word " * 200
    parts = list(thinned(words[:i] for i in range(1, len(words))))
    assert 5 <= len(parts) <= len(words) // STREAM_STEP_CHARS + 2

"""The unit lane: no embedding model, no child process, no server, no socket.

Each is refused here, so a test that needs one fails at once and belongs in
tests/integration instead of slowing this lane down.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from index import SentenceEmbeddings


def _refuse(what: str) -> Any:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a unit test may not {what}: move it to tests/integration")
    return refused


@pytest.fixture(autouse=True)
def _unit_lane(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(SentenceEmbeddings, "model", property(_refuse("load the model")))
    monkeypatch.setattr(subprocess.Popen, "__init__", _refuse("start a process"))
    for name in ("bind", "connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, _refuse("open a socket"))
    yield

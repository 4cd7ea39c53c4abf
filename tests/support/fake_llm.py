"""A scripted chat server speaking the real OpenAI and Ollama wire protocols, for tests.

The real `langchain-openai` and `langchain-ollama` clients talk to it over HTTP on
127.0.0.1. Each request takes the next scripted `Reply`; every request is recorded so tests
can assert what the assistant sent (the prompt, the model, streaming or not).

    with FakeLLM() as llm:
        llm.script(Reply("Austin visited on June 4, 2024 [1]."))
        ...  # point the assistant at llm.url + "/v1" (OpenAI) or llm.url (Ollama)
        llm.requests[0]["messages"]
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer (or failure) of the fake server."""

    text: str = ""
    chunks: list[str] | None = None  # how a streamed reply is cut; default: word by word
    status: int = 200  # not 200: an error body in the protocol's shape
    raw: bytes | None = None  # sent as the whole body instead (malformed responses)
    hang: bool = False  # accept the request, never answer (until the server stops)
    drop_after: int | None = None  # streaming: close the socket after this many chunks
    delay_s: float = 0.0

    def pieces(self) -> list[str]:
        if self.chunks is not None:
            return self.chunks
        return re.findall(r"\S+\s*|\s+", self.text) or [""]


Script = Reply | str | Callable[[dict[str, Any]], "Reply | str"]


@dataclass
class FakeLLM:
    """The server; a context manager. `url` is `http://127.0.0.1:<port>`."""

    replies: deque[Script] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # the text of each reply, as scripted

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, *replies: Script) -> None:
        """Queue replies: a Reply, a text, or a function of the request body returning one
        (to cite a passage by the number the prompt gave it)."""
        self.replies.extend(replies)

    def prompt(self, n: int = -1) -> str:
        """All message contents of request `n`, joined (what the model was shown)."""
        return "\n".join(m["content"] for m in self.requests[n]["messages"])

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # releases handlers that hang
        self._server.shutdown()
        self._server.server_close()


def _handler(fake: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            body["path"] = self.path
            fake.requests.append(body)
            scripted = fake.replies.popleft() if fake.replies else Reply(
                status=500, text="the test scripted no reply for this request")
            if callable(scripted):
                scripted = scripted(body)
            reply = Reply(scripted) if isinstance(scripted, str) else scripted
            fake.sent.append(reply.text)
            if reply.hang:
                fake._stop.wait(60)
                self.close_connection = True
                return
            time.sleep(reply.delay_s)
            if self.path.endswith("/chat/completions"):
                self._openai(body, reply)
            elif self.path == "/api/chat":
                self._ollama(body, reply)
            else:
                self._send(404, b'{"error": "not found"}')

        def _send(self, status: int, data: bytes, kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, kind: str, events: list[bytes], drop_after: int | None) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i, event in enumerate(events):
                if drop_after is not None and i >= drop_after:
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.shutdown(2)  # mid-body: the client sees a broken stream
                    return
                self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")

        def _openai(self, body: dict[str, Any], reply: Reply) -> None:
            model = body.get("model", "fake")
            if reply.raw is not None:
                return self._send(reply.status, reply.raw)
            if reply.status != 200:
                error = {"error": {"message": reply.text, "type": "server_error", "code": None}}
                return self._send(reply.status, json.dumps(error).encode())
            if not body.get("stream"):
                return self._send(200, json.dumps({
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": 0,
                    "model": model, "choices": [{
                        "index": 0, "finish_reason": "stop",
                        "message": {"role": "assistant", "content": reply.text}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }).encode())

            def chunk(delta: dict[str, Any], finish: str | None) -> bytes:
                data = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                        "model": model, "choices": [
                            {"index": 0, "delta": delta, "finish_reason": finish}]}
                return b"data: " + json.dumps(data).encode() + b"\n\n"

            events = [chunk({"role": "assistant", "content": ""}, None)]
            events += [chunk({"content": p}, None) for p in reply.pieces()]
            events += [chunk({}, "stop"), b"data: [DONE]\n\n"]
            drop = None if reply.drop_after is None else reply.drop_after + 1
            self._stream("text/event-stream", events, drop)
            return None

        def _ollama(self, body: dict[str, Any], reply: Reply) -> None:
            model = body.get("model", "fake")
            if reply.raw is not None:
                return self._send(reply.status, reply.raw)
            if reply.status != 200:
                return self._send(reply.status, json.dumps({"error": reply.text}).encode())

            def line(content: str, done: bool) -> bytes:
                data: dict[str, Any] = {
                    "model": model, "created_at": "2024-06-04T00:00:00Z",
                    "message": {"role": "assistant", "content": content}, "done": done}
                if done:
                    data.update(done_reason="stop", total_duration=1, eval_count=1,
                                prompt_eval_count=1)
                return json.dumps(data).encode() + b"\n"

            if body.get("stream") is False:
                return self._send(200, line(reply.text, True).rstrip())
            events = [line(p, False) for p in reply.pieces()] + [line("", True)]
            self._stream("application/x-ndjson", events, reply.drop_after)
            return None

    return Handler

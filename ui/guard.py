"""The server's gate, an ASGI middleware in front of Gradio's routes.

- The login brake: after `login_free_tries` failed logins from one address each answer waits
  twice as long as the one before (from `login_delay_s`, at most `MAX_DELAY_S`), and after
  `login_max_tries` the address gets 429 for `login_lockout_s` seconds, right password or not.
- `/reset` and `/cancel`, which Gradio leaves open, need the login like every other route.
- With uploads off, Gradio's upload routes answer 403.

Gradio's `auth` callable sees no client address, so the brake sits here. Behind a reverse
proxy the address is the one uvicorn takes from X-Forwarded-For (trusted from 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant import Settings

log = logging.getLogger(__name__)

MAX_DELAY_S = 8.0
# Addresses remembered at once; the oldest are forgotten first (memory stays bounded).
MAX_ADDRESSES = 10_000
_UPLOAD_ROUTES = ("/gradio_api/upload", "/gradio_api/upload_progress")
_LOGIN_ROUTES = ("/gradio_api/reset", "/gradio_api/cancel")


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0
    locked_until: float = 0.0


class LoginBrake:
    """Failed logins per address. Thread-safe (one lock); every attempt counts as a failure
    until it succeeds, so parallel guesses cannot slip under the limit."""

    def __init__(self, settings: Settings) -> None:
        self.free = settings.login_free_tries
        self.most = settings.login_max_tries
        self.delay = settings.login_delay_s
        self.lockout = settings.login_lockout_s
        self._lock = threading.Lock()
        self._records: OrderedDict[str, _Record] = OrderedDict()

    def attempt(self, address: str) -> float | None:
        """Seconds to wait before answering this attempt, or None: refuse it."""
        now = time.monotonic()
        with self._lock:
            record = self._records.pop(address, None) or _Record()
            if record.locked_until <= now and now - record.last > self.lockout:
                record = _Record()  # an old run of failures is forgiven
            self._records[address] = record
            while len(self._records) > MAX_ADDRESSES:
                self._records.popitem(last=False)
            if record.locked_until > now:
                return None
            record.failures += 1
            record.last = now
            if record.failures > self.most:
                record.locked_until = now + self.lockout
                log.warning("login refused for %s for %.0f s after %d failures", address,
                            self.lockout, record.failures - 1)
                return None
            extra = record.failures - 1 - self.free
            return 0.0 if extra < 0 else min(self.delay * 2 ** extra, MAX_DELAY_S)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._records.pop(address, None)

    def retry_after(self, address: str) -> int:
        with self._lock:
            record = self._records.get(address)
            left = record.locked_until - time.monotonic() if record else 0.0
        return max(1, round(left))


class Guard:
    """The ASGI middleware; Gradio passes it to its FastAPI app through `app_kwargs`."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.uploads = settings.uploads
        self.brake = LoginBrake(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", "")).rstrip("/")
        if not self.uploads and path.endswith(_UPLOAD_ROUTES):
            await _answer(send, 403, {"detail": "uploads are turned off on this server "
                                                "(ASSISTANT_UPLOADS=0)"})
        elif path.endswith(_LOGIN_ROUTES) and not _logged_in(scope):
            await _answer(send, 401, {"detail": "Not authenticated"})
        elif path.endswith("/login") and scope.get("method") == "POST":
            await self._login(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        address = str(client[0]) if client else "unknown"
        wait = self.brake.attempt(address)
        if wait is None:
            retry = self.brake.retry_after(address)
            await _answer(send, 429, {"detail": f"too many failed logins; try again in "
                                                f"{retry} s"}, {"retry-after": str(retry)})
            return
        if wait:
            await asyncio.sleep(wait)
        status: dict[str, int] = {}

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status.get("code") == 200:
            self.brake.succeeded(address)


def _logged_in(scope: Scope) -> bool:
    """What Gradio's own login check decides, for the routes it forgets to check."""
    app: Any = scope.get("app")
    if getattr(app, "auth", None) is None:
        return True
    cookies = HTTPConnection(scope).cookies
    token = (cookies.get(f"access-token-{app.cookie_id}")
             or cookies.get(f"access-token-unsecure-{app.cookie_id}"))
    return token is not None and token in app.tokens


async def _answer(send: Send, code: int, body: dict[str, str],
                  headers: dict[str, str] | None = None) -> None:
    raw = json.dumps(body).encode()
    pairs = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    pairs += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": code, "headers": pairs})
    await send({"type": "http.response.body", "body": raw})

"""`serve`: launch the page on a host and port, optionally behind a login.

The server bounds what one client can take: each endpoint has its own concurrency limit and
the queue a maximum length, uploads are off unless `ASSISTANT_UPLOADS` is on (then capped at
`max_upload_mb`, into a folder inside the data folder that is emptied at start and at stop),
and the login has a brake (ui/guard.py). Unexpected errors reach a client as a bare error
(`show_error=False`); the project's own errors carry their message.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from assistant import Assistant
from assistant.settings import split_auth
from assistant.watch import Watcher
from ui.app import build_app
from ui.guard import Guard

log = logging.getLogger(__name__)

ALL_INTERFACES = ("0.0.0.0", "::", "")
# Requests that may run at once, per endpoint: the quote finder is the costliest per
# character, so it gets one worker and cannot starve /ask or the chat.
# Questions (/ask, the chat) run two per core: each embeds on one thread, and two keep the
# cores busy while others wait on the event loop. With 20 concurrent sessions on 2 cores the
# limits measure within their run-to-run noise of each other (`make bench`, sessions part:
# p95 1.0 / 0.9 / 1.2 s for limits 1 / 2 / 4 at load average 2; 14.1 / 14.6 / 9.7 s at 10).
QUESTIONS_AT_ONCE = 2 * (os.cpu_count() or 1)
CONCURRENCY = {"find_quote": 1, "ask": QUESTIONS_AT_ONCE, "chat": QUESTIONS_AT_ONCE,
               "lookup": 4}
DEFAULT_CONCURRENCY = 2
MAX_QUEUE = 64


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """`"user:password"` as Gradio's (user, password); None leaves the page open.

    ConfigError (a ValueError) names ASSISTANT_AUTH and the form it takes."""
    return split_auth(auth)


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ALL_INTERFACES else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def limit_concurrency(demo: gr.Blocks, questions: int | None = None) -> None:
    """Give each named endpoint its own worker limit (CONCURRENCY; `questions` for /ask and
    the chat when given) and bound the queue."""
    demo.queue(default_concurrency_limit=DEFAULT_CONCURRENCY, max_size=MAX_QUEUE)
    limits = dict(CONCURRENCY, **({"ask": questions, "chat": questions} if questions else {}))
    for fn in demo.fns.values():
        limit = limits.get(str(fn.api_name))
        if limit is not None:
            fn.concurrency_limit = limit


@contextmanager
def upload_folder(data_dir: Path) -> Iterator[Path]:
    """Gradio's temporary folder inside the data folder, empty at start and removed at stop
    (SIGTERM included: it stops the server like Ctrl-C)."""
    folder = data_dir / "gradio-uploads"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    previous_env = os.environ.get("GRADIO_TEMP_DIR")
    os.environ["GRADIO_TEMP_DIR"] = str(folder)  # Blocks() reads it when built

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous_handler: Any = None
    with suppress(ValueError):  # not the main thread: the caller handles its own signals
        previous_handler = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield folder
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)
        if previous_env is None:
            os.environ.pop("GRADIO_TEMP_DIR", None)
        else:
            os.environ["GRADIO_TEMP_DIR"] = previous_env
        shutil.rmtree(folder, ignore_errors=True)


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860,
          auth: str | None = None, concurrency: int | None = None) -> None:
    """Serve the chat until interrupted; prints the URL to open. `concurrency`: questions
    answered at once (default QUESTIONS_AT_ONCE; the rest wait in the queue)."""
    credentials = parse_auth(auth)
    settings = assistant.settings
    if host in ALL_INTERFACES:
        message = (f"listening on all interfaces ({host or '0.0.0.0'}): anyone who can reach "
                   "this machine can use the assistant"
                   + ("" if credentials else "; set ASSISTANT_AUTH=user:password to require "
                      "a login"))
        log.warning(message)
        print(f"warning: {message}", file=sys.stderr, flush=True)
    assistant.warm()  # the first question is then as fast as the tenth
    # The watcher re-indexes when the sources change while serving.
    with upload_folder(assistant.data_dir), Watcher(assistant):
        demo = build_app(assistant)
        limit_concurrency(demo, concurrency)
        print(f"Article assistant on {_url(host, port)}"
              + (" (login required)" if credentials else ""), flush=True)
        try:
            demo.launch(server_name=host or "0.0.0.0", server_port=port, auth=credentials,
                        share=False, quiet=True, show_error=False, ssr_mode=False,
                        mcp_server=False, enable_monitoring=False,
                        max_file_size=f"{settings.max_upload_mb}mb" if settings.uploads else 0,
                        app_kwargs={"middleware": [Middleware(Guard, settings=settings)]},
                        # Waited for here, not in Gradio, which says "Keyboard interruption
                        # in main thread" when SIGTERM stops it.
                        prevent_thread_lock=True)
            while True:
                time.sleep(3600)  # until Ctrl-C or SIGTERM
        except KeyboardInterrupt:
            print("Article assistant stopped", flush=True)
        finally:
            demo.close()

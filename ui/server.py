"""`serve`: launch the page on a host and port, optionally behind a login."""

from __future__ import annotations

import logging
import sys

from assistant import Assistant
from assistant.settings import split_auth
from ui.app import build_app

log = logging.getLogger(__name__)

ALL_INTERFACES = ("0.0.0.0", "::", "")


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """`"user:password"` as Gradio's (user, password); None leaves the page open.

    ConfigError (a ValueError) names ASSISTANT_AUTH and the form it takes."""
    return split_auth(auth)


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ALL_INTERFACES else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860,
          auth: str | None = None) -> None:
    """Serve the chat until interrupted; prints the URL to open."""
    credentials = parse_auth(auth)
    if host in ALL_INTERFACES:
        message = (f"listening on all interfaces ({host or '0.0.0.0'}): anyone who can reach "
                   "this machine can use the assistant"
                   + ("" if credentials else "; set ASSISTANT_AUTH=user:password to require "
                      "a login"))
        log.warning(message)
        print(f"warning: {message}", file=sys.stderr, flush=True)
    demo = build_app(assistant)
    demo.queue(default_concurrency_limit=2)
    print(f"Article assistant on {_url(host, port)}"
          + (" (login required)" if credentials else ""), flush=True)
    demo.launch(server_name=host or "0.0.0.0", server_port=port, auth=credentials,
                share=False, quiet=True, show_error=True, ssr_mode=False,
                mcp_server=False, enable_monitoring=False)

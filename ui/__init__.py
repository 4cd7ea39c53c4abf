"""The interfaces: the Gradio chat UI and the `assistant` command line, thin clients of the
public `assistant` API.

    >>> import ui
    >>> ui.serve(Assistant(), host="127.0.0.1", port=7860)   # blocks; prints the URL
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# Offline by default: these must be set before gradio (and huggingface_hub) are imported,
# which read them at import time. A caller's own values win.
for _name, _value in (("HF_HUB_OFFLINE", "1"), ("HF_HUB_DISABLE_TELEMETRY", "1"),
                      ("GRADIO_ANALYTICS_ENABLED", "False")):
    os.environ.setdefault(_name, _value)

if TYPE_CHECKING:
    from ui.app import build_app
    from ui.server import parse_auth, serve

__all__ = ["build_app", "parse_auth", "serve"]


def __getattr__(name: str) -> Any:
    # Gradio loads on first use, not on `import ui`: the command line's `ask` never pays the
    # four seconds that importing gradio costs.
    if name == "build_app":
        from ui.app import build_app

        return build_app
    if name in ("parse_auth", "serve"):
        from ui import server

        return getattr(server, name)
    raise AttributeError(f"module 'ui' has no attribute {name!r}")

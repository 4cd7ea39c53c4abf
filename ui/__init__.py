"""The interfaces: the Gradio chat UI and the `assistant` command line, thin clients of the
public `assistant` API.

    >>> import ui
    >>> ui.serve(Assistant(), host="127.0.0.1", port=7860)   # blocks; prints the URL
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# Gradio's queue rebuilds a pandas table of up to its last 10,000 events after every event,
# for the monitoring page we turn off: 1.2 ms of CPU per ask on a new server, 6 ms once it has
# answered 10,000 (a served ask costs about 13 ms of CPU in all). Read when the
# queue is made.
QUEUE_STATISTICS_OFF = (("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(2**62)),
                        ("GRADIO_ANALYTICS_MAX_EVENTS", "1"))

# Offline by default: these must be set before gradio (and huggingface_hub) are imported,
# which read them at import time. A caller's own values win.
for _name, _value in (("HF_HUB_OFFLINE", "1"), ("HF_HUB_DISABLE_TELEMETRY", "1"),
                      ("GRADIO_ANALYTICS_ENABLED", "False"), *QUEUE_STATISTICS_OFF):
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

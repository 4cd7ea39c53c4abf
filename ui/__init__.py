"""The Gradio chat UI: a thin client of the public `assistant` API.

    >>> import ui
    >>> ui.serve(Assistant(), host="127.0.0.1", port=7860)   # blocks; prints the URL
"""

import os

# Offline by default: these must be set before gradio (and huggingface_hub) are imported,
# which read them at import time. A caller's own values win.
for _name, _value in (("HF_HUB_OFFLINE", "1"), ("HF_HUB_DISABLE_TELEMETRY", "1"),
                      ("GRADIO_ANALYTICS_ENABLED", "False")):
    os.environ.setdefault(_name, _value)

from ui.app import build_app  # noqa: E402
from ui.server import parse_auth, serve  # noqa: E402

__all__ = ["build_app", "parse_auth", "serve"]

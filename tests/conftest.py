"""Both lanes: the offline environment, set before anything imports gradio or the hub."""

from __future__ import annotations

import os

from tests.support.env import OFFLINE

os.environ.update(OFFLINE)

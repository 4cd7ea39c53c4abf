"""Both lanes: the offline environment, set before anything imports gradio or the hub."""

from __future__ import annotations

import os

from tests.support.env import CACHE_HOME, OFFLINE

os.environ.update(OFFLINE)
os.environ["XDG_CACHE_HOME"] = CACHE_HOME  # the default data home, out of the user's ~/.cache

"""The offline environment: no network, no telemetry, quiet progress bars.

`OFFLINE` must be in `os.environ` before gradio or huggingface_hub are imported (they read
it at import time); the root conftest applies it. Child processes get `child_env()`.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "PYTHONIOENCODING": "utf-8",
}

# The command line, as a child process (the console script's module).
CLI = (sys.executable, "-m", "ui")


# The test run's own cache folder (XDG_CACHE_HOME, which the root conftest sets), never the
# user's ~/.cache: the default data home in it is where a child's `assistant index` remembers
# its sources (a test once left the user's pointing at a deleted temporary folder) and where
# the model and its export are written once for the whole run.
CACHE_HOME = tempfile.mkdtemp(prefix="assistant-tests-cache-")
DATA_HOME = os.path.join(CACHE_HOME, "article-assistant")
atexit.register(shutil.rmtree, CACHE_HOME, True)


def child_env(**extra: str) -> dict[str, str]:
    """This process's environment, offline, without settings a caller's shell may hold, and
    with a data home of the test run's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return {**env, **OFFLINE, "ASSISTANT_DATA_HOME": DATA_HOME, **extra}

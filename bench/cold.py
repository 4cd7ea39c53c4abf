"""Cold start: `assistant ask` in a fresh process against an index that is already built."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.stats import percentile

# The same CLI call, but leaving through os._exit once the answer is printed: the gap to
# the plain run is what interpreter teardown (torch, transformers, chromadb) costs.
_NO_TEARDOWN = ("import os, sys\n"
                "from ui.cli import main\n"
                "rc = main(sys.argv[1:])\n"
                "sys.stdout.flush(); sys.stderr.flush()\n"
                "os._exit(rc or 0)\n")


def cold_ask(sources: Path, data: Path, question: str, runs: int, root: Path,
             env: Callable[[], dict[str, str]]) -> dict[str, Any]:
    args = ["ask", question, "--sources", str(sources), "--data-dir", str(data)]
    script = Path(sys.executable).with_name("assistant")
    if script.exists():
        command = [str(script), *args]
        no_teardown: list[str] | None = [sys.executable, "-c", _NO_TEARDOWN, *args]
    else:  # the console script is not installed: the same work through the API
        command = [sys.executable, "-c",
                   "import sys; from assistant import Assistant; "
                   "print(Assistant(sys.argv[1], sys.argv[2]).ask(sys.argv[3]).text)",
                   str(sources), str(data), question]
        no_teardown = None
    # The ask and the import floor take turns, so a change in machine load mid-run weighs on
    # both alike.
    floor_command = [sys.executable, "-c", "import onnxruntime, tokenizers"]
    plain, floor = [], []
    for _ in range(runs):
        plain.append(_wall(command, root, env))
        floor.append(_wall(floor_command, root, env))
    out: dict[str, Any] = {"command": " ".join(Path(c).name for c in command[:2]) + " ...",
                           "runs_s": [round(t, 2) for t in plain],
                           "p50_s": round(percentile(plain, 50), 2)}
    if no_teardown:
        quick = [_wall(no_teardown, root, env) for _ in range(runs)]
        out["no_teardown_runs_s"] = [round(t, 2) for t in quick]
        out["no_teardown_p50_s"] = round(percentile(quick, 50), 2)
    out["import_floor_runs_s"] = [round(t, 2) for t in floor]
    out["import_floor_p50_s"] = round(percentile(floor, 50), 2)
    out["imports_s"] = import_times(root, env)
    return out


def _wall(command: list[str], root: Path, env: Callable[[], dict[str, str]]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=root, env=env(), capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"cold ask failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds


def import_times(root: Path, env: Callable[[], dict[str, str]]) -> dict[str, float]:
    """Wall time of a fresh process that only imports each heavy module (exit included)."""
    out = {}
    for module in ("torch", "sentence_transformers", "chromadb", "langchain_core.runnables",
                   "scipy.sparse", "assistant"):
        out[module] = round(_wall([sys.executable, "-c", f"import {module}"], root, env), 2)
    return out

"""Concurrent users: gradio_client sessions against one serving process (the function
`assistant serve` calls), at several queue concurrency limits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.stats import summary_ms

_SERVER = ("import sys\n"
           "from assistant import Assistant\n"
           "from ui.server import serve\n"
           "bot = Assistant(sys.argv[1], sys.argv[2], refresh=False)\n"
           "serve(bot, '127.0.0.1', int(sys.argv[3]), concurrency=int(sys.argv[4]))\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(port: int, proc: subprocess.Popen[str], timeout_s: float = 180.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {proc.stderr.read()[-2000:]}"
                               if proc.stderr else "server exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not start")


def _client(url: str) -> Any:
    from gradio_client import Client

    # ssl_verify=False: the server is plain http on loopback, and with verification on
    # gradio_client loads the CA certificates into a new SSL context for each of its httpx
    # calls: 140 ms of the bench's own CPU per ask, four times the server's, which on two
    # cores measured the load generator rather than the server.
    return Client(url, verbose=False, analytics_enabled=False, ssl_verify=False)


def _session(url: str, questions: list[str], times: list[float], errors: list[str],
             start: threading.Barrier) -> None:
    try:
        client = _client(url)
    except Exception as exc:  # a session that cannot connect is an error, counted
        errors.append(f"connect: {exc}")
        start.wait()
        return
    start.wait()
    for q in questions:
        t0 = time.perf_counter()
        try:
            out = client.predict(q, api_name="/ask")
            if not isinstance(out, dict) or "text" not in out:
                errors.append(f"bad reply {str(out)[:80]}")
                continue
        except Exception as exc:
            errors.append(str(exc)[:200])
            continue
        times.append(time.perf_counter() - t0)


def measure(url: str, sessions: int, questions: list[str]) -> dict[str, Any]:
    times: list[float] = []
    errors: list[str] = []
    start = threading.Barrier(sessions)
    threads = [threading.Thread(target=_session, args=(url, questions[i % len(questions):]
                                                      + questions[:i % len(questions)],
                                                      times, errors, start))
               for i in range(sessions)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"sessions": sessions, "asks": len(times), "errors": len(errors),
            "first_errors": errors[:3], "wall_s": round(time.perf_counter() - t0, 2),
            **summary_ms(times)}


def run(sources: Path, data: Path, questions: list[str], limits: list[int], sessions: int,
        root: Path, env: Callable[[], dict[str, str]]) -> dict[str, Any]:
    """For each queue concurrency limit: one server; a single session, then `sessions`
    concurrent ones, each asking every question once."""
    out: dict[str, Any] = {"sessions": sessions, "questions": len(questions), "by_limit": []}
    for limit in limits:
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(sources), str(data),
                                 str(port), str(limit)], cwd=root, env=env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _wait_up(port, proc)
            url = f"http://127.0.0.1:{port}/"
            single = measure(url, 1, questions)
            many = measure(url, sessions, questions)
            out["by_limit"].append({"limit": limit, "single": single, "concurrent": many,
                                    "server_rss_mb": _rss_mb(proc.pid)})
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    best = min(out["by_limit"], key=lambda r: (r["concurrent"]["errors"],
                                                r["concurrent"]["p95_ms"]))
    out["best_limit"] = best["limit"]
    return out


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return float("nan")


if __name__ == "__main__":  # a quick look: python -m bench.sessions SOURCES DATA
    from bench.questions import SEED

    print(run(Path(sys.argv[1]), Path(sys.argv[2]), SEED[:5], [1, 2, 4], 20,
              Path.cwd(), lambda: dict(os.environ)))

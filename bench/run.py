"""`make bench`: latency, cold start, index throughput and memory, measured in one run.

    .venv/bin/python bench/run.py                 # everything; 10k and 100k distinct units
    .venv/bin/python bench/run.py --quick         # a smoke run: small sizes, fewer rounds
    .venv/bin/python bench/run.py --sizes 1k,10k  # choose the scaled index sizes
    .venv/bin/python bench/run.py --parts seed,sessions   # only some parts

Every figure comes from a fresh subprocess (bench/worker.py) so that each peak-memory figure
is the serving process's own. Results: bench/results/bench.json, and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import sessions  # noqa: E402
from bench.cold import cold_ask  # noqa: E402
from bench.corpus import SEEDS, distinct_corpus, squad_files, subset_corpus  # noqa: E402
from bench.questions import SEED, SQUAD  # noqa: E402
from bench.report import check, table  # noqa: E402
from bench.stats import MARK  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "bench.json"
PARTS = ("seed", "cold", "sessions", "throughput", "scale")
# Gradio queue concurrency limits tried with 20 concurrent sessions.
LIMITS = (1, 2, 4)


def env() -> dict[str, str]:
    """The environment of every measured process: offline, no ASSISTANT_* overrides."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    out.update(HF_HUB_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1",
               HF_HUB_DISABLE_PROGRESS_BARS="1", GRADIO_ANALYTICS_ENABLED="False",
               TOKENIZERS_PARALLELISM="false", PYTHONPATH=str(ROOT))
    return out


def worker(mode: str, **args: Any) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "bench.worker", mode, json.dumps(args)],
                          cwd=ROOT, env=env(), capture_output=True, text=True, check=False)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(MARK):
            result: dict[str, Any] = json.loads(line[len(MARK):])
            return result
    raise RuntimeError(f"bench worker {mode} failed (exit {proc.returncode}):\n"
                       f"{proc.stderr[-3000:]}")


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = 1000 if text.endswith("k") else 1
    return int(float(text.rstrip("k")) * scale)


def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    rounds = 1 if args.quick else args.rounds
    results: dict[str, Any] = {"machine": machine(), "quick": args.quick, "rounds": rounds}
    seed_data = tmp / "seed-data"
    if {"seed", "cold", "sessions"} & args.parts:
        log("seed article: build")
        results["seed_build"] = worker("build", sources=str(SEEDS), data=str(seed_data))
    if "seed" in args.parts:
        log("seed article: warm ask vs the floors, quiet and under a CPU hog; LangChain")
        results["seed"] = worker("serve", sources=str(SEEDS), data=str(seed_data),
                                 questions=SEED, rounds=rounds, langchain=True, hog=True)
    if "cold" in args.parts:
        log("cold `assistant ask` in fresh processes")
        results["cold"] = cold_ask(SEEDS, seed_data, SEED[0], 1 if args.quick else 5, ROOT,
                                   env)
    if "sessions" in args.parts:
        count = 5 if args.quick else 20
        log(f"{count} concurrent gradio_client sessions against one server, queue limits "
            f"{LIMITS}")
        results["sessions"] = sessions.run(SEEDS, seed_data, SEED[:5], list(LIMITS), count,
                                           ROOT, env)
    if "throughput" in args.parts:
        files = squad_files(4 if args.quick else None)
        log(f"index throughput: {len(files)} SQuAD articles, full build vs raw encode")
        corpus = tmp / "throughput-src"
        subset_corpus(corpus, files)
        results["throughput"] = worker("throughput", sources=str(corpus),
                                       data=str(tmp / "throughput-data"))
        shutil.rmtree(tmp / "throughput-data", ignore_errors=True)
    if "scale" in args.parts:
        results["scale"] = []
        for size in args.sizes:
            log(f"{size:,} distinct units: build, then serve")
            src, data = tmp / f"scale-{size}-src", tmp / f"scale-{size}-data"
            distinct_corpus(src, size)
            built = worker("build", sources=str(src), data=str(data), raw_sample=3000)
            served = worker("serve", sources=str(src), data=str(data), questions=SQUAD,
                            rounds=rounds)
            results["scale"].append({"size": size, "build": built, "serve": served})
            shutil.rmtree(data, ignore_errors=True)
            shutil.rmtree(src, ignore_errors=True)
    results["machine"]["load_avg_at_end"] = os.getloadavg()
    results["machine"]["load_avg_samples"] = LOADS
    results["targets"] = check(results)
    return results


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_avg_at_start": os.getloadavg()}


LOADS: list[tuple[str, float]] = []


def log(message: str) -> None:
    LOADS.append((time.strftime("%H:%M:%S"), os.getloadavg()[0]))
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="smoke run: 1k and 3k units, 1 round")
    p.add_argument("--sizes", help="retrieval-unit counts of the scaled indexes, e.g. 1k,10k,100k")
    p.add_argument("--out", type=Path, default=RESULTS, help=f"JSON results (default {RESULTS})")
    p.add_argument("--parts", default=",".join(PARTS),
                   help=f"what to measure, any of {','.join(PARTS)} (default: all)")
    p.add_argument("--rounds", type=int, default=5,
                   help="times each question is asked per measurement (default 5)")
    p.add_argument("--keep", action="store_true", help="keep the temporary indexes")
    args = p.parse_args(argv)
    default = "1k,3k" if args.quick else "10k,100k"
    args.parts = {x.strip() for x in args.parts.split(",") if x.strip()}
    if unknown := args.parts - set(PARTS):
        p.error(f"unknown parts: {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    args.sizes = [parse_size(s) for s in (args.sizes or default).split(",") if s.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="assistant-bench-"))
    started = time.perf_counter()
    try:
        results = run(args, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(table(results))
    print(f"\n{results['seconds']:.0f} s in all; results in {args.out}")
    return 0  # a missed target is a finding to read, not a failed command


if __name__ == "__main__":
    sys.exit(main())

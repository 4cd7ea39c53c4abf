"""Where the test data lives, and the question sets in it."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "cambodia-us-relations-after-austin-visit.txt"
DATA = ROOT / "tests" / "data"


def load_qa(name: str = "dev_qa.jsonl") -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line.strip()]

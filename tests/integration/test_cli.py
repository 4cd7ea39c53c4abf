"""The CLI through real subprocesses: exit codes, one-line errors, real output."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support.env import CLI, child_env
from tests.support.paths import ARTICLE

ENV = child_env()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-data")
    done = _run("index", str(ARTICLE.parent), "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout and "27 in the index" in done.stdout
    return folder


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True,
                          text=True, env={**ENV, **env}, timeout=300)


def _common(data_dir: Path) -> list[str]:
    return ["--sources", str(ARTICLE.parent), "--data-dir", str(data_dir)]


def test_ask_prints_answer_and_numbered_citations(data_dir: Path) -> None:
    done = _run("ask", "When did Lloyd Austin visit Cambodia?", *_common(data_dir))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert "June 4, 2024" in lines[0] and lines[0].endswith("[1]")
    assert lines[1].startswith(f'[1] {ARTICLE.name}:73-391 "The U.S. Defense Secretary')


def test_ask_json(data_dir: Path) -> None:
    done = _run("ask", "When did Lloyd Austin visit Cambodia?", "--json", *_common(data_dir))
    payload = json.loads(done.stdout)
    text = ARTICLE.read_text(encoding="utf-8")
    c = payload["citations"][0]
    assert payload["abstained"] is False and text[c["start"]:c["end"]] == c["quote"]


def test_index_again_changes_nothing(data_dir: Path) -> None:
    done = _run("index", *_common(data_dir))
    assert done.returncode == 0 and "0 added, 0 changed, 0 deleted, 1 unchanged" in done.stdout


def test_cite_prints_the_passage_in_context(data_dir: Path) -> None:
    done = _run("cite", f"{ARTICLE.name}:1527-1651", *_common(data_dir))
    assert done.returncode == 0, done.stderr
    assert "»Cambodia and the US had established diplomatic ties on July 11, 1950" in done.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (["ask", "   "], 2, "the question is empty"),
    (["ask", "x" * 2001], 2, "limit is 2000"),
    (["cite", "nonsense"], 1, "malformed citation reference"),
    (["cite", f"{ARTICLE.name}:10-999999"], 1, "out of range"),
])
def test_errors_are_one_line_and_an_exit_code(data_dir: Path, args: list[str], code: int,
                                              message: str) -> None:
    done = _run(*args, *_common(data_dir))
    assert done.returncode == code
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_missing_sources_path_is_named(tmp_path: Path) -> None:
    done = _run("index", str(tmp_path / "missing"), "--data-dir", str(tmp_path / "d"))
    assert done.returncode == 1 and "missing" in done.stderr and "Traceback" not in done.stderr


def test_usage_error_exits_2() -> None:
    assert _run("frobnicate").returncode == 2


def test_a_bad_setting_is_one_line_and_exit_2(data_dir: Path) -> None:
    done = _run("ask", "When did Lloyd Austin visit Cambodia?", *_common(data_dir),
                ASSISTANT_CANDIDATES="forty")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("assistant: ASSISTANT_CANDIDATES='forty' is not valid: "
                           "expected a whole number of at least 1\n")

"""The CLI through real subprocesses: exit codes, one-line errors, real output."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.sources import SUFFIXES
from tests.support.env import CLI, child_env
from tests.support.paths import ARTICLE, DATA, ROOT

ENV = child_env()


@pytest.fixture(autouse=True, scope="module")
def data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`index` remembers its sources in the data home: a fresh one, never the user's."""
    home = tmp_path_factory.mktemp("data-home")
    ENV["ASSISTANT_DATA_HOME"] = str(home)
    yield home
    del ENV["ASSISTANT_DATA_HOME"]


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


def test_a_citation_prints_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "thread.txt").write_text(
        "Boiler works\n\nOn Monday, Tom wrote:\n> The gas boiler at Elm Court failed twice in\n"
        ">> January, and the engineer says it cannot be repaired again.\n\nThanks, Tom.\n",
        encoding="utf-8")
    done = _run("ask", "How often did the boiler fail in January?", "--sources",
                str(tmp_path / "src"), "--data-dir", str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    # The quote's line break and '>>' marks are not printed; its reference finds it exactly.
    assert '"The gas boiler at Elm Court failed twice in January, and the engineer says it ' \
        'cannot be repaired again."' in done.stdout.splitlines()[1]


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
                ASSISTANT_ANSWER_AT="high")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("assistant: ASSISTANT_ANSWER_AT='high' is not valid: "
                           "expected a number from 0 to 1\n")


def test_index_makes_its_sources_the_default_until_told_otherwise(tmp_path: Path) -> None:
    home = tmp_path / "home"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour.txt").write_text((DATA / "harbour" / "harbour.txt").read_text())
    (docs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (docs / "notes.docx").write_bytes(b"PK\x03\x04word/document.xml")  # a kind not read
    (docs / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a document: not listed
    home_env = {"ASSISTANT_DATA_HOME": str(home)}
    first = _run("index", str(docs), **home_env)
    # An unreadable file and a kind not read are reported once each, as one line...
    assert first.returncode == 0 and "1 added" in first.stdout, first.stderr
    assert first.stderr.count("photo.txt") == 1 and "skipped photo.txt: it looks binary" \
        in first.stderr and "skipped notes.docx: Word files (.docx) are not read" \
        in first.stderr and "picture.png" not in first.stderr
    done = _run("index", str(docs), **home_env)  # ...not again on the next run...
    assert done.returncode == 0, done.stderr
    assert f"`assistant ask` now asks {docs}" in done.stdout
    assert done.stderr == "" and "0 added" in done.stdout
    state = json.loads((home / "state.json").read_text())
    assert state["sources"] == str(docs) and state["documents"] == ["harbour.txt"]
    asked = _run("ask", "When did the council vote?", **home_env)
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.splitlines()[1].startswith('[1] harbour.txt:')
    assert "photo.txt" not in asked.stderr  # ...nor on every ask
    shown = _run("sources", **home_env)
    assert shown.stdout.splitlines() == [
        f"sources: {docs} (set by `assistant index` at {state['indexed_at']})",
        f"index:   {next(p for p in home.iterdir() if p.is_dir() and p.name != 'models')}",
        "1 document:", "  harbour.txt",
        "skipped when indexed:",  # ...and all of them are listed here
        "  notes.docx: Word files (.docx) are not read; save it as PDF, a web page or plain text",
        "  photo.txt: it looks binary (NUL bytes)"]
    # --sources and ASSISTANT_SOURCES still win, without changing what is remembered.
    seeds = _run("ask", "When did Lloyd Austin visit Cambodia?", "--sources",
                 str(ARTICLE.parent), **home_env)
    assert seeds.stdout.splitlines()[1].startswith(f"[1] {ARTICLE.name}:")
    env_seeds = _run("sources", **home_env, ASSISTANT_SOURCES=str(ARTICLE.parent))
    assert env_seeds.stdout.startswith(f"sources: {ARTICLE.parent} (from ASSISTANT_SOURCES)")
    assert json.loads((home / "state.json").read_text())["sources"] == str(docs)


def test_remembered_sources_that_are_gone_are_an_error_that_says_what_to_do(
        tmp_path: Path) -> None:
    home, docs = tmp_path / "home", tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour.txt").write_text((DATA / "harbour" / "harbour.txt").read_text())
    assert _run("index", str(docs), ASSISTANT_DATA_HOME=str(home)).returncode == 0
    shutil.rmtree(docs)
    done = _run("ask", "When did the council vote?", ASSISTANT_DATA_HOME=str(home))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines()[-1] == (
        f"assistant: {docs}, which `assistant index` remembered, is gone: run "
        "`assistant index PATH`, or pass --sources PATH")


def test_an_empty_corpus_is_an_error_that_says_how_to_add_documents(tmp_path: Path,
                                                                    data_home: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "a.pdf").write_bytes(b"x")
    for args in (["index", str(empty)], ["ask", "What is it about?", "--sources", str(empty)]):
        done = _run(*args, "--data-dir", str(tmp_path / "d"))
        assert done.returncode == 1, done
        assert done.stderr.strip().splitlines()[-1] == (
            f"assistant: no documents to ask about in {empty}: put articles "
            f"({', '.join(sorted(SUFFIXES))}) there, then run `assistant index {empty}`")
        assert "Traceback" not in done.stderr and done.stdout == ""
    state = data_home / "state.json"  # a failed index is not remembered
    assert not state.exists() or json.loads(state.read_text())["sources"] != str(empty)


def test_a_busy_port_is_one_line_and_exit_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run("serve", "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.strip() == (f"assistant: cannot serve on 127.0.0.1:{port} (Address "
                                   "already in use); choose another port with --port "
                                   "(make run PORT=...)")
    assert "Running on" not in done.stdout and "Article assistant on" not in done.stdout


def test_make_run_takes_port_host_and_sources() -> None:
    done = subprocess.run(["make", "-n", "run", "PORT=8123", "HOST=0.0.0.0", "SOURCES=docs"],
                          capture_output=True, text=True, cwd=ROOT,
                          env={**ENV, "HOST": "zshbox"}, timeout=60)
    lines = done.stdout.splitlines()
    assert ".venv/bin/assistant index docs" in lines
    assert ".venv/bin/assistant serve --host 0.0.0.0 --port 8123" in lines
    plain = subprocess.run(["make", "-n", "run"], capture_output=True, text=True, cwd=ROOT,
                           env={**ENV, "HOST": "zshbox"}, timeout=60).stdout
    assert "zshbox" not in plain and ".venv/bin/assistant serve" in plain


def test_help_names_only_what_exists() -> None:
    done = _run("eval", "--help")
    assert done.returncode == 0 and "score.py" not in done.stdout
    top = _run("--help").stdout
    for command in ("ask", "index", "sources", "cite", "serve", "eval"):
        assert command in top


def test_cite_of_a_pdf_passage_names_its_page(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DATA / "docs" / "library-report.pdf", docs)
    asked = _run("ask", "How many times did the Saturday coding club meet?", "--json",
                 "--sources", str(docs), "--data-dir", str(tmp_path / "data"))
    reference = json.loads(asked.stdout)["citations"][0]["ref"]
    done = _run("cite", reference, "--sources", str(docs), "--data-dir", str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(f"{reference}  page 2, paragraph ")


def test_chat_reads_a_follow_up_with_the_conversation_and_keeps_going(data_dir: Path) -> None:
    alone = _run("ask", "Why?", *_common(data_dir))
    assert alone.stdout.strip() == "The article does not say."  # nothing to ask why of
    done = subprocess.run([*CLI, "chat", *_common(data_dir)], capture_output=True, text=True,
                          env=ENV, timeout=300,
                          input="What did the author say about China?\n\n" + "x" * 3000
                          + "\nWhy?\n")  # a blank line between: skipped, not the end
    assert done.returncode == 0, done.stderr
    # A question too long to take is reported, and the conversation goes on.
    assert done.stderr.strip().splitlines()[-1] == (
        "assistant: the question is 3000 characters long; the limit is 2000")
    answers = [block.splitlines() for block in done.stdout.strip().split("\n\n")]
    # Each taken question is echoed above its answer, so the transcript reads as a chat.
    assert [a[0] for a in answers] == ["> What did the author say about China?", "> Why?"]
    assert len(answers) == 2 and all(a[2].startswith("[1] ") for a in answers)
    # "Why?" is read with the question before it: it cites passages, where alone it could not.
    assert "does not say" not in answers[1][1] and "China" in answers[1][2]

"""The README's console examples are run and their output compared: the README shows what the
code does. Every `$ assistant ...` line followed by output is run (in order, in one fresh data
home, from the repository root); `...` in the README stands for any text (a path, a time), and
timings are compared as "a number"."""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant import Assistant
from tests.support.env import CLI, child_env
from tests.support.paths import ROOT

README = ROOT / "README.md"
_CONSOLE = re.compile(r"```console\n(.*?)```", re.S)
_EXIT = re.compile(r"\s+#\s*exit code (\d+)\s*$")
# Values that differ from run to run: compared as placeholders.
_VOLATILE = [(re.compile(r"\b\d+\.\d s$"), "N s"),
             (re.compile(r'("ask_ms_p\d+"): [\d.]+'), r"\1: N"),
             (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "TIME")]


@dataclass(frozen=True)
class Example:
    command: str
    expected: tuple[str, ...]
    code: int


def examples() -> list[Example]:
    found: list[Example] = []
    for block in _CONSOLE.findall(README.read_text(encoding="utf-8")):
        command: str | None = None
        output: list[str] = []
        for line in [*block.splitlines(), "$ end"]:
            if not line.startswith("$ "):
                output.append(line)
                continue
            if command and output:  # a command shown without output is not run
                code = _EXIT.search(command)
                found.append(Example(_EXIT.sub("", command), tuple(output),
                                     int(code.group(1)) if code else 0))
            command, output = line[2:], []
    return found


def _normal(line: str) -> str:
    for pattern, placeholder in _VOLATILE:
        line = pattern.sub(placeholder, line)
    return line.rstrip()


def _matches(expected: str, actual: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in _normal(expected).split("..."))
    return re.fullmatch(pattern, _normal(actual)) is not None


def test_the_readme_has_console_examples() -> None:
    commands = [e.command.split()[1] for e in examples()]
    assert {"index", "ask", "cite", "sources", "eval"} <= set(commands)
    assert commands[0] == "index"  # the rest ask what it indexed


def test_every_console_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    env = child_env(ASSISTANT_DATA_HOME=str(tmp_path))
    failures = []
    for example in examples():
        args = shlex.split(example.command)
        assert args[0] == "assistant"
        done = subprocess.run([*CLI, *args[1:]], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=600)
        shown = done.stdout if done.returncode == 0 else done.stderr
        actual = shown.rstrip("\n").splitlines()
        if done.returncode != example.code or len(actual) != len(example.expected) or not all(
                _matches(e, a) for e, a in zip(example.expected, actual, strict=True)):
            failures.append(f"$ {example.command}\n  exit {done.returncode}, README says "
                            f"{example.code}\n  README: {example.expected}\n  actual: "
                            f"{tuple(actual)}\n  stderr: {done.stderr[-500:]}")
    assert not failures, "\n".join(failures)


def test_the_python_example_of_what_the_article_is_about_holds(bot: Assistant) -> None:
    text = README.read_text(encoding="utf-8")
    shown = re.search(r'bot\.ask\("What is the article about\?"\)\.citations\]\s+#[^\n]*\n'
                      r"# (\[[^\n]*\])", text)
    assert shown, "the README's 'What is the article about?' example is missing"
    refs = [c.ref for c in bot.ask("What is the article about?").citations]
    assert shown.group(1) == repr(refs)


@pytest.mark.parametrize("command", ["ask", "index", "sources", "cite", "serve", "eval"])
def test_help_of_each_command_runs(command: str) -> None:
    done = subprocess.run([*CLI, command, "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith(f"usage: assistant {command}")
    assert "score.py" not in done.stdout

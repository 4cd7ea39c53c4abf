"""The import contract: ui -> assistant -> index, never upward, never in a cycle.

Every import statement of every module counts, wherever it sits: at the top, inside a
function (a lazy import), under `if TYPE_CHECKING:`, or as `importlib.import_module("...")`
with a literal name, both for the direction and for cycles: a cycle that only a lazy or a
type-checking import closes is still two modules that cannot be understood apart.
`assistant` takes from `index` only the names in `index.__all__`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import ROOT

LAYERS = {"index": 0, "assistant": 1, "ui": 2}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the module imported (a package's name stands for its __init__)
    names: tuple[str, ...]  # for `from target import a, b`; () for `import target`
    line: int


def modules(root: Path) -> dict[str, Path]:
    found = {}
    for package in LAYERS:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(name, a.name, (), node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: climb from this module's package
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            submodules = [a.name for a in node.names if f"{base}.{a.name}" in known]
            found += [Import(name, f"{base}.{s}", (), node.lineno) for s in submodules]
            rest = tuple(a.name for a in node.names if a.name not in submodules)
            if rest:
                found.append(Import(name, base, rest, node.lineno))
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and ast.unparse(node.func).split(".")[-1] in ("import_module", "__import__")):
            found.append(Import(name, node.args[0].value, (), node.lineno))
    return [i for i in found if i.target.split(".")[0] in LAYERS]


def public_names(init: Path) -> set[str]:
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def violations(root: Path) -> list[str]:
    """Every upward import, every reach past `index.__all__`, every import cycle."""
    known = modules(root)
    exported = public_names(root / "index" / "__init__.py")
    found: list[str] = []
    graph: dict[str, set[str]] = {m: set() for m in known}
    for name, path in known.items():
        for imp in imports_of(name, path, set(known)):
            where = f"{path.relative_to(root)}:{imp.line}"
            mine, theirs = name.split(".")[0], imp.target.split(".")[0]
            if LAYERS[theirs] > LAYERS[mine]:
                found.append(f"{where}: {mine} imports {imp.target}, a layer above it")
            elif mine == "assistant" and theirs == "index":
                if imp.target != "index":
                    found.append(f"{where}: imports {imp.target}; import it from index")
                elif hidden := sorted(set(imp.names) - exported):
                    found.append(f"{where}: {', '.join(hidden)} not in index.__all__")
            if imp.target in known and imp.target != name:
                graph[name].add(imp.target)
    found += [f"import cycle: {' -> '.join([*cycle, cycle[0]])}" for cycle in cycles(graph)]
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_project_imports_only_downward_and_without_cycles() -> None:
    assert len(modules(ROOT)) > 30  # the walk really sees the packages
    assert violations(ROOT) == []


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"index/__init__.py": '__all__ = ["tokens"]\n', "assistant/__init__.py": "",
                       "ui/__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("files, wanted", [
    ({"index/store.py": "import assistant\n"}, "index imports assistant, a layer above it"),
    ({"assistant/cli.py": "def serve():\n    import ui.server\n"},
     "assistant imports ui.server, a layer above it"),
    ({"assistant/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                        "    from ui import app\n"}, "assistant imports ui, a layer above it"),
    ({"assistant/a.py": "import importlib\nimportlib.import_module('ui.app')\n"},
     "assistant imports ui.app, a layer above it"),
    ({"assistant/a.py": "from index.builder import Progress\n"},
     "imports index.builder; import it from index"),
    ({"assistant/a.py": "from index import tokens, plain\n"}, "plain not in index.__all__"),
    ({"assistant/a.py": "from assistant.b import x\n", "assistant/b.py": "def f():\n"
      "    from assistant import a\n"}, "import cycle: assistant.a -> assistant.b -> assistant.a"),
    ({"index/a.py": "from . import b\n", "index/b.py": "from .a import x\n"},
     "import cycle: index.a -> index.b -> index.a"),
])
def test_the_walk_finds_each_kind_of_violation(tmp_path: Path, files: dict[str, str],
                                               wanted: str) -> None:
    found = violations(_write(tmp_path, files))
    assert len(found) == 1 and found[0].endswith(wanted), found


def test_lazy_and_type_only_imports_close_cycles_too(tmp_path: Path) -> None:
    """api -> chain -> generate -> api, hidden behind a function-level and a
    TYPE_CHECKING import, as it once was."""
    root = _write(tmp_path, {
        "assistant/api.py": "from assistant.chain import Pipeline\n",
        "assistant/chain.py": "def later():\n    from assistant import generate\n",
        "assistant/generate.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                 "    from assistant.api import Assistant\n"})
    assert violations(root) == [
        "import cycle: assistant.api -> assistant.chain -> assistant.generate -> assistant.api"]


def test_importing_the_package_from_inside_counts_as_importing_its_init(
        tmp_path: Path) -> None:
    root = _write(tmp_path, {"assistant/__init__.py": "from assistant.api import Assistant\n",
                             "assistant/api.py": "from assistant.chain import Pipeline\n",
                             "assistant/chain.py": "from assistant import Assistant\n"})
    assert violations(root) == [
        "import cycle: assistant -> assistant.api -> assistant.chain -> assistant"]

"""The package outside the checkout: build the sdist and the wheel from a copy of the tree,
install them into a fresh virtual environment, and ask the bundled article a question from
a folder that is not the checkout.

Offline there is no index to download the dependencies from, so the new environment sees
this test run's site-packages through a .pth file (appended after its own, so the installed
wheel wins; the editable install's finder there is never activated) and the project goes in
with `--no-deps --no-build-isolation` by the pip (and setuptools) found there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.support.env import child_env
from tests.support.paths import ARTICLE, ROOT

QUESTION = "When did Lloyd Austin visit Cambodia?"
# What a copy of the tree leaves out: environments, caches, build output, local data.
SKIP = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "build", "dist", "__pycache__",
                              ".*_cache", "var", ".data", "test-artifacts", "results")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env or child_env(),
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist and a wheel built from it (what `python -m build` does), from a copy."""
    tree = tmp_path_factory.mktemp("tree") / "article-assistant"
    shutil.copytree(ROOT, tree, ignore=SKIP, symlinks=True)
    out = tree.parent / "dist"
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ".", cwd=tree)
    return out


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("venv") / "env"
    # Without its own pip and setuptools: an old bundled setuptools would shadow ours.
    run(sys.executable, "-m", "venv", "--without-pip", home, cwd=home.parent)
    python = home / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
               cwd=home).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "_test_run_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return home


def pip_install(venv: Path, package: Path) -> None:
    run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps",
        "--no-build-isolation", "--no-index", "--force-reinstall", package, cwd=venv)


def installed_files(venv: Path) -> dict[str, str]:
    probe = ("import json, assistant, index, ui\n"
             "from pathlib import Path\n"
             "from assistant.settings import SEEDS\n"
             "print(json.dumps({'assistant': assistant.__file__, 'seeds': str(SEEDS),\n"
             "    'articles': sorted(p.name for p in SEEDS.iterdir()),\n"
             "    'typed': all((Path(m.__file__).parent / 'py.typed').exists()\n"
             "                 for m in (assistant, index, ui))}))\n")
    return json.loads(run(venv / "bin" / "python", "-c", probe, cwd=venv.parent).stdout)


def test_the_sdist_installs_with_the_article_and_py_typed(dist: Path, venv: Path) -> None:
    [sdist] = dist.glob("*.tar.gz")
    pip_install(venv, sdist)
    got = installed_files(venv)
    assert Path(got["assistant"]).is_relative_to(venv) and not got["seeds"].startswith(str(ROOT))
    assert got["articles"] == [ARTICLE.name] and got["typed"]


def test_the_wheel_answers_from_its_bundled_article_outside_the_checkout(
        dist: Path, venv: Path, tmp_path: Path) -> None:
    [wheel] = dist.glob("*.whl")
    pip_install(venv, wheel)
    assert Path(installed_files(venv)["seeds"]).is_relative_to(venv)
    cwd, cache = tmp_path / "somewhere", tmp_path / "cache"
    cwd.mkdir()
    env = child_env(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(cache))
    del env["ASSISTANT_DATA_HOME"]  # the default data home is what this checks
    done = run(venv / "bin" / "assistant", "ask", QUESTION, cwd=cwd, env=env)
    answer, *citations = done.stdout.strip().splitlines()
    assert "June 4, 2024" in answer and "[1]" in answer
    text = ARTICLE.read_text(encoding="utf-8")
    start = text.index("The U.S. Defense Secretary Lloyd Austin came to visit Cambodia on June 4")
    assert citations[0].startswith(f"[1] {ARTICLE.name}:{start}-")
    assert "June 4, 2024" in citations[0]
    # The index went to the data home given, nowhere near the checkout or the cwd.
    assert list((cache / "article-assistant").glob("seeds-*/CURRENT"))
    assert not any(cwd.iterdir())

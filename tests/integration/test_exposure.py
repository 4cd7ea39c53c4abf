"""What the product exposes: the address it listens on, its login, and the files it writes.

- `assistant serve` listens on 127.0.0.1 unless told otherwise; on all interfaces it warns.
- ASSISTANT_AUTH=user:password puts Gradio's login in front of the page and its API.
- `assistant index` and `assistant ask` write nothing outside the data folder: not in HOME,
  the XDG cache, the temporary folder, the working directory or the sources folder.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from gradio_client import Client

from index import SentenceEmbeddings
from tests.support.builders import make_assistant
from tests.support.env import CLI, child_env
from tests.support.net import free_port
from tests.support.paths import ARTICLE

QUESTION = "When did Lloyd Austin visit Cambodia?"
BASE_ENV = child_env()


def listening_addresses(port: int) -> set[str]:
    """The IPv4/IPv6 addresses a socket in LISTEN state has bound `port` to (from /proc)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) != port or fields[3] != "0A":
                continue
            if len(address) == 8:
                found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
            else:
                raw = b"".join(bytes.fromhex(address[i:i + 8])[::-1] for i in range(0, 32, 8))
                found.add(socket.inet_ntop(socket.AF_INET6, raw))
    return found


@contextmanager
def serving(seed_dir: Path, data: Path, *args: str, **env: str) -> Iterator[tuple[str, int, Path]]:
    """`assistant serve` in another process; yields its URL, port and stderr file."""
    port = free_port()
    log = data.parent / f"serve-{port}.log"
    data.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as err:
        proc = subprocess.Popen([*CLI, "serve", "--sources",
                                 str(seed_dir), "--data-dir", str(data), "--port", str(port),
                                 *args], env={**BASE_ENV, **env}, stdout=err, stderr=err)
        try:
            url = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + 180
            while True:
                assert proc.poll() is None, log.read_text(errors="replace")
                try:
                    with urllib.request.urlopen(url, timeout=5):
                        break
                except urllib.error.HTTPError:
                    break  # it answers (a login page may say 401)
                except OSError:
                    assert time.monotonic() < deadline, log.read_text(errors="replace")
                    time.sleep(0.3)
            yield url, port, log
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def served_data(seed_dir: Path, embeddings: SentenceEmbeddings,
                tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index the servers start from (built here, so they start without embedding)."""
    data = tmp_path_factory.mktemp("exposure") / "data"
    make_assistant(seed_dir, data, embeddings)
    return data


def test_sigterm_stops_the_server_saying_so(seed_dir: Path, served_data: Path) -> None:
    with serving(seed_dir, served_data) as (_, _, log):
        pass  # leaving it sends SIGTERM and waits for the process
    said = log.read_text(errors="replace")
    assert "Article assistant stopped" in said and "Keyboard interruption" not in said, said
    assert not (served_data / "gradio-uploads").exists()  # and cleaned up after itself


def test_serve_binds_loopback_by_default(seed_dir: Path, served_data: Path) -> None:
    with serving(seed_dir, served_data) as (url, port, log):
        assert listening_addresses(port) == {"127.0.0.1"}
        passage = Client(url, verbose=False, analytics_enabled=False).predict(
            f"{ARTICLE.name}:73-391", api_name="/lookup")  # open to a client without a login
        assert "June 4, 2024" in passage["quote"]
    text = log.read_text(errors="replace")
    assert "warning" not in text.lower() and "all interfaces" not in text, text
    assert f"http://127.0.0.1:{port}/" in text


def test_all_interfaces_warns_and_auth_requires_the_login(seed_dir: Path,
                                                          served_data: Path) -> None:
    with serving(seed_dir, served_data, "--host", "0.0.0.0",
                 ASSISTANT_AUTH="user:password") as (url, port, log):
        assert listening_addresses(port) == {"0.0.0.0"}
        with pytest.raises(Exception):  # noqa: B017 - gradio_client's error types vary
            Client(url, verbose=False, analytics_enabled=False).predict(
                QUESTION, api_name="/ask")
        with pytest.raises(Exception):  # noqa: B017
            Client(url, verbose=False, analytics_enabled=False,
                   auth=("user", "wrong")).predict(QUESTION, api_name="/ask")
        with pytest.raises(urllib.error.HTTPError) as refused:  # the page's config too
            urllib.request.urlopen(url + "config", timeout=10)
        assert refused.value.code in (401, 403)
        client = Client(url, verbose=False, analytics_enabled=False, auth=("user", "password"))
        result = client.predict(QUESTION, api_name="/ask")
        assert "June 4, 2024" in result["citations"][0]["quote"]
    text = log.read_text(errors="replace")
    assert "listening on all interfaces" in text and "warning" in text.lower(), text
    assert "login required" in text


def snapshot(*folders: Path, files_only: bool = False) -> dict[str, set[str]]:
    """Every path under each folder (except __pycache__ folders), by folder."""
    return {str(f): {str(p.relative_to(f)) for p in f.rglob("*")
                     if "__pycache__" not in p.parts and not (files_only and p.is_dir())}
            for f in folders}


def test_index_and_ask_write_only_into_the_data_folder(tmp_path: Path) -> None:
    home, cache, temp, cwd = (tmp_path / n for n in ("home", "cache", "tmp", "cwd"))
    sources, data = tmp_path / "sources", tmp_path / "elsewhere" / "data"
    for folder in (home, cache, temp, cwd, sources):
        folder.mkdir()
    shutil.copy(ARTICLE, sources / ARTICLE.name)
    (home / ".profile").write_text("# a home that is not empty\n")
    env = {**BASE_ENV, "HOME": str(home), "XDG_CACHE_HOME": str(cache),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local"),
           "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    for name in ("HF_HOME", "HF_HUB_CACHE", "TRANSFORMERS_CACHE", "SENTENCE_TRANSFORMERS_HOME",
                 "TORCH_HOME", "MPLCONFIGDIR", "ASSISTANT_DATA_DIR", "ASSISTANT_DATA_HOME"):
        env.pop(name, None)
    watched = (home, cache, cwd, sources)
    # Importing torch (through sentence-transformers) makes an empty $TMPDIR/torchinductor_<user>
    # folder; in the temporary folder only files count.
    # What an earlier version left in the data folder: the model's copy (deleted, as the
    # data home's copy serves every data folder now) beside a file of the user's (kept).
    (data / "models" / "minilm-tuned-0123456789abcdef").mkdir(parents=True)
    (data / "models" / "minilm-tuned-0123456789abcdef" / "complete").write_text("x\n")
    (data / "models" / "notes.txt").write_text("mine\n")
    before = {**snapshot(*watched), **snapshot(temp, files_only=True)}
    for args in (["index"], ["ask", QUESTION]):
        done = subprocess.run([*CLI, *args, "--sources",
                               str(sources), "--data-dir", str(data)], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert "June 4, 2024" in done.stdout
    after = {**snapshot(*watched), **snapshot(temp, files_only=True)}
    # `index` remembers its sources in the documented state file of the data home, and the
    # model and its export are written once into the home's models/; nothing else.
    remembered = {"article-assistant", "article-assistant/state.json", "article-assistant/models"}
    new = {folder: sorted(n for n in after[folder] - before[folder] - remembered
                          if not n.startswith("article-assistant/models/"))
           for folder in after}
    new = {folder: names for folder, names in new.items() if names}
    assert not new, f"written outside the data folder: {new}"
    assert (cache / "article-assistant" / "state.json").is_file()
    models = cache / "article-assistant" / "models"
    assert len([m for m in models.glob("minilm-tuned-*") if (m / "complete").is_file()]) == 1
    assert len(list(models.glob("minilm-tuned-*/model.onnx"))) == 1
    assert (data / "CURRENT").exists()
    assert sorted(p.name for p in (data / "models").iterdir()) == ["notes.txt"]

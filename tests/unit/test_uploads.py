"""Uploads: type checked by content, size-limited, safely named, kept inside the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui import uploads
from ui.uploads import UploadError, check, safe_name

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def _file(tmp_path: Path, data: bytes, name: str = "payload") -> Path:
    path = tmp_path / "incoming" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "safe"), [
    ("notes.txt", "notes.txt"),
    ("../../x.txt", "x.txt"),
    ("..\\..\\evil.md", "evil.md"),
    ("/etc/passwd.txt", "passwd.txt"),
    (".hidden.txt", "hidden.txt"),
    ("My Notes (final).TXT", "My Notes _final.txt"),
    ("a<b>|c.md", "a_b_c.md"),
])
def test_names_are_reduced_to_a_plain_file_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


@pytest.mark.parametrize("name", ["..", "", "noext", "../", ".txt"])
def test_names_without_a_file_name_are_refused(name: str) -> None:
    with pytest.raises(UploadError):
        safe_name(name)


@pytest.mark.parametrize(("name", "data", "why"), [
    ("photo.txt", PNG, "binary data"),
    ("garbled.txt", b"caf\x81\x1b", r"it is neither UTF-8 \(invalid start byte\) nor Windows"),
    ("page.html", b"just words, no markup at all", "no HTML tags"),
    ("paper.pdf", b"not really a pdf", "does not start with %PDF-"),
    ("tool.exe", b"MZ\x90\x00", ".exe files are not read"),
    ("notes.docx", b"PK\x03\x04", r"Word files \(.docx\) are not read; save it as PDF, a web page"),
    ("empty.txt", b"  \n", "it is empty"),
])
def test_content_must_match_the_type(name: str, data: bytes, why: str) -> None:
    with pytest.raises(UploadError, match=why):
        check(name, data)


def test_text_and_markdown_pass() -> None:
    assert check("a.txt", "Grüße aus Köln.\n".encode()) == "a.txt"
    assert check("w.txt", "Grüße aus Köln, 3 €.\n".encode("cp1252")) == "w.txt"
    assert check("p.html", "<p>Grüße</p>".encode("latin-1")) == "p.html"  # names its own
    assert check("b.md", b"# Title\n\nBody.\n") == "b.md"


def test_save_writes_only_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    good = _file(tmp_path, b"An article about rivers.\n")
    outcome = uploads.save(folder, [("../../x.txt", good), ("photo.txt", _file(tmp_path, PNG,
                                                                              "p"))],
                           tmp_path / "data")
    assert outcome.saved == ["x.txt"]
    assert outcome.refused == ["photo.txt: it is not a text file: it holds binary data"]
    assert sorted(p.name for p in folder.iterdir()) == ["x.txt"]  # no temporary file left
    assert not (tmp_path / "x.txt").exists()
    again = uploads.save(folder, [("x.txt", good)], tmp_path / "data")
    assert again.replaced == ["x.txt"] and again.saved == []


def test_a_too_large_file_is_refused_before_it_is_read(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    big = _file(tmp_path, b"words " * 400)
    outcome = uploads.save(tmp_path, [("big.txt", big)], tmp_path / "data")
    assert outcome.refused == ["big.txt: it is 2.4 kB, over the 1.0 kB limit"]
    assert not (tmp_path / "big.txt").exists()


def test_a_symlink_out_of_the_folder_is_not_written_through(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n")
    (folder / "link.txt").symlink_to(outside)
    outcome = uploads.save(folder, [("link.txt", _file(tmp_path, b"overwrite\n"))],
                           tmp_path / "data")
    assert outcome.refused == ["link.txt: its name leaves the sources folder"]
    assert outside.read_text() == "keep me\n"


def test_remove_deletes_only_documents_added_from_the_page_and_unchanged(
        tmp_path: Path) -> None:
    folder, data = tmp_path / "sources", tmp_path / "data"
    folder.mkdir()
    uploads.save(folder, [("a.txt", _file(tmp_path, b"A.\n")),
                          ("b.txt", _file(tmp_path, b"B.\n", "b"))], data)
    uploads.remove(folder, "a.txt", data)
    assert not (folder / "a.txt").exists()
    for source in ("a.txt", "../x.txt", "."):
        with pytest.raises(UploadError, match="not a document in the sources folder"):
            uploads.remove(folder, source, data)
    # The user's own file, and an upload edited since, are theirs: never deleted.
    (folder / "mine.txt").write_text("My notes.\n")
    (folder / "b.txt").write_text("B, edited.\n")
    with pytest.raises(UploadError, match=r"mine\.txt was not added from this page, so it is left"):
        uploads.remove(folder, "mine.txt", data)
    with pytest.raises(UploadError, match=r"b\.txt was not added from this page and changed since"):
        uploads.remove(folder, "b.txt", data)
    assert sorted(p.name for p in folder.iterdir()) == ["b.txt", "mine.txt"]
    # Nor overwritten by an upload of the same name; an unchanged upload may be replaced.
    outcome = uploads.save(folder, [("mine.txt", _file(tmp_path, b"Other.\n", "m")),
                                    ("c.txt", _file(tmp_path, b"C.\n", "c"))], data)
    assert outcome.refused == ["mine.txt: mine.txt is already in the sources folder, put there "
                               "another way or changed since; rename the file to add it"]
    assert (folder / "mine.txt").read_text() == "My notes.\n"
    again = uploads.save(folder, [("c.txt", _file(tmp_path, b"C, new.\n", "c"))], data)
    assert again.replaced == ["c.txt"] and (folder / "c.txt").read_text() == "C, new.\n"

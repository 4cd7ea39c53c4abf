#!/usr/bin/env python3
"""Check the newcomer17 evaluation set (standard library only).

Usage:
    python3 verify.py            # run all checks, print counts
    python3 verify.py --words    # also print visible word counts per document

Checks:
  * questions.jsonl parses; ids are unique and run q1, q2, ... in order;
  * every question has a source that exists in docs/, a non-empty question and
    an answers list of strings (an empty list means "not answerable");
  * every answer occurs verbatim inside a single run of the source's visible
    text:
      - .html: one text node (script/style/head ignored, entities unescaped,
        whitespace collapsed);
      - .pdf:  the HTML source in pdf_src/<same name>.html, treated as HTML;
      - .txt:  a single line;
      - .md:   a single line after heading/list/quote/emphasis markers are
        removed;
  * no answer crosses a sentence boundary;
  * every "follows" points to an earlier id with the same source;
  * every document in docs/ has at least one question.
Exits with status 1 if anything fails.
"""
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
PDF_SRC = HERE / "pdf_src"
QUESTIONS = HERE / "questions.jsonl"

WS = re.compile(r"\s+")
# End punctuation, optional closing quotes/brackets, then whitespace and more text.
SENTENCE_BOUNDARY = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+\S")


def collapse(text):
    return WS.sub(" ", text).strip()


class TextNodes(HTMLParser):
    """Collect visible text nodes: one entry per run of text between tags."""

    SKIP = {"script", "style", "head", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes = []
        self._buf = []
        self._skip_depth = 0

    def _flush(self):
        if self._buf:
            text = collapse("".join(self._buf))
            if text and not self._skip_depth:
                self.nodes.append(text)
            self._buf = []

    def handle_starttag(self, tag, attrs):
        self._flush()
        if tag in self.SKIP:
            self._skip_depth += 1

    def handle_startendtag(self, tag, attrs):
        self._flush()

    def handle_endtag(self, tag):
        self._flush()
        if tag in self.SKIP and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data):
        if not self._skip_depth:
            self._buf.append(data)

    def handle_comment(self, data):
        self._flush()

    def close(self):
        super().close()
        self._flush()


def html_runs(path):
    parser = TextNodes()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.nodes


MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)")


def md_runs(path):
    runs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = MD_HEADING.sub("", line)
        line = MD_QUOTE.sub("", line)
        line = MD_LIST.sub("", line)
        line = MD_LINK.sub(r"\1", line)
        line = MD_EMPH.sub("", line)
        line = collapse(line)
        if line and not re.fullmatch(r"-{3,}", line):
            runs.append(line)
    return runs


def txt_runs(path):
    return [collapse(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def runs_for(name):
    path = DOCS / name
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return html_runs(path)
    if suffix == ".pdf":
        src = PDF_SRC / (path.stem + ".html")
        if not src.exists():
            raise FileNotFoundError(f"no HTML source for {name}: expected {src}")
        return html_runs(src)
    if suffix == ".txt":
        return txt_runs(path)
    if suffix == ".md":
        return md_runs(path)
    raise ValueError(f"unsupported format: {name}")


def main():
    errors = []
    show_words = "--words" in sys.argv[1:]

    docs = sorted(p.name for p in DOCS.iterdir() if p.is_file())
    runs_cache = {}
    for name in docs:
        try:
            runs_cache[name] = runs_for(name)
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{name}: {exc}")

    questions = []
    with QUESTIONS.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                questions.append(json.loads(line))
            except json.JSONDecodeError as exc:
                errors.append(f"questions.jsonl line {lineno}: bad JSON ({exc})")

    allowed = {"id", "source", "question", "answers", "follows"}
    seen = {}
    per_doc = {name: 0 for name in docs}
    n_unans = n_follow = n_follow_unans = 0

    for i, q in enumerate(questions, 1):
        qid = q.get("id")
        where = f"{qid or '?'} (line {i})"
        extra = set(q) - allowed
        if extra:
            errors.append(f"{where}: unexpected fields {sorted(extra)}")
        if qid != f"q{i}":
            errors.append(f"{where}: id should be q{i}")
        if qid in seen:
            errors.append(f"{where}: duplicate id")
        src = q.get("source")
        if src not in per_doc:
            errors.append(f"{where}: unknown source {src!r}")
        else:
            per_doc[src] += 1
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            errors.append(f"{where}: empty question")
        answers = q.get("answers")
        if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
            errors.append(f"{where}: answers must be a list of strings")
            answers = []
        if not answers:
            n_unans += 1
        if "follows" in q:
            n_follow += 1
            if not answers:
                n_follow_unans += 1
            parent = q["follows"]
            if parent not in seen:
                errors.append(f"{where}: follows {parent!r}, which is not an earlier id")
            elif seen[parent] != src:
                errors.append(f"{where}: follows {parent!r}, which has a different source")
        runs = runs_cache.get(src, [])
        for ans in answers:
            norm = collapse(ans)
            if not norm:
                errors.append(f"{where}: empty answer string")
                continue
            if norm != ans:
                errors.append(f"{where}: answer has stray whitespace: {ans!r}")
            if SENTENCE_BOUNDARY.search(norm):
                errors.append(f"{where}: answer crosses a sentence boundary: {ans!r}")
            if not any(norm in run for run in runs):
                errors.append(f"{where}: answer not found in a single text run of {src}: {ans!r}")
        seen[qid] = src

    for name, count in per_doc.items():
        if count == 0:
            errors.append(f"{name}: no questions")

    print(f"documents: {len(docs)}")
    for name, count in per_doc.items():
        line = f"  {name}: {count} questions"
        if show_words and name in runs_cache:
            words = sum(len(r.split()) for r in runs_cache[name])
            line += f", {words} visible words"
        print(line)
    print(f"questions: {len(questions)}")
    print(f"answerable: {len(questions) - n_unans}")
    print(f"unanswerable: {n_unans}")
    print(f"follow-ups: {n_follow} ({n_follow_unans} unanswerable)")

    if errors:
        print(f"\nFAILED with {len(errors)} problem(s):")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

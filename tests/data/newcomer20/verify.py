#!/usr/bin/env python3
"""Check questions.jsonl against the documents in docs/.

Standard library only. Run from anywhere:  python3 verify.py
Exit status 0 when every check passes, 1 otherwise.

Checks:
  * every line is a JSON object with id, source, question, answers
    (and optionally follows), and nothing else;
  * ids are q1, q2, ... in order, with no gaps or repeats;
  * every source exists in docs/, and every document has a question;
  * every `follows` names an earlier id with the same source;
  * every answer is a verbatim substring of one run of the source's
    visible text:
      .html  one text node (script/style/head/template/noscript ignored,
             entities unescaped, whitespace collapsed)
      .txt   one line (whitespace collapsed)
      .md    one line, after heading, list, quote and emphasis markers are
             removed and [text](url) is reduced to text
      .pdf   the HTML source pdf_src/<stem>.html, read as HTML
  * no answer crosses a sentence boundary, and no answer is long.
"""
import json
import os
import re
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
PDF_SRC = os.path.join(HERE, "pdf_src")
QUESTIONS = os.path.join(HERE, "questions.jsonl")

MAX_ANSWER_WORDS = 12
SKIP_TAGS = {"script", "style", "head", "template", "noscript"}
# sentence end: . ! ? (optionally followed by closing quotes/brackets),
# then whitespace, then more text
SENTENCE_BREAK = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+\S")


def collapse(text):
    return re.sub(r"\s+", " ", text).strip()


class TextNodes(HTMLParser):
    """Collects visible text nodes; any tag ends the current node."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes = []
        self.buf = []
        self.skip = 0

    def flush(self):
        if self.buf:
            text = collapse("".join(self.buf))
            if text and self.skip == 0:
                self.nodes.append(text)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        self.flush()
        if tag in SKIP_TAGS:
            self.skip += 1

    def handle_startendtag(self, tag, attrs):
        self.flush()

    def handle_endtag(self, tag):
        self.flush()
        if tag in SKIP_TAGS and self.skip > 0:
            self.skip -= 1

    def handle_data(self, data):
        if self.skip == 0:
            self.buf.append(data)

    def handle_comment(self, data):
        self.flush()

    def handle_decl(self, decl):
        self.flush()

    def handle_pi(self, data):
        self.flush()

    def close(self):
        super().close()
        self.flush()


def html_runs(path):
    parser = TextNodes()
    with open(path, encoding="utf-8") as f:
        parser.feed(f.read())
    parser.close()
    return parser.nodes


def txt_runs(path):
    with open(path, encoding="utf-8") as f:
        return [collapse(line) for line in f if line.strip()]


MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def md_line(line):
    s = line.strip()
    while s.startswith(">"):
        s = s[1:].lstrip()
    s = re.sub(r"^#{1,6}\s+", "", s)
    s = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", s)
    s = MD_LINK.sub(r"\1", s)
    s = s.replace("**", "").replace("__", "").replace("`", "")
    # single * or _ used as emphasis (not inside words such as snake_case)
    s = re.sub(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])", "", s)
    return collapse(s)


def md_runs(path):
    with open(path, encoding="utf-8") as f:
        return [r for r in (md_line(line) for line in f) if r]


def runs_for(name):
    path = os.path.join(DOCS, name)
    stem, ext = os.path.splitext(name)
    ext = ext.lower()
    if ext in (".html", ".htm"):
        return html_runs(path)
    if ext == ".txt":
        return txt_runs(path)
    if ext == ".md":
        return md_runs(path)
    if ext == ".pdf":
        src = os.path.join(PDF_SRC, stem + ".html")
        if not os.path.exists(src):
            raise FileNotFoundError("no HTML source for %s: %s" % (name, src))
        return html_runs(src)
    raise ValueError("unsupported document type: " + name)


def main():
    errors = []
    doc_names = sorted(n for n in os.listdir(DOCS) if not n.startswith("."))
    runs = {}
    for name in doc_names:
        try:
            runs[name] = runs_for(name)
        except Exception as exc:  # noqa: BLE001
            errors.append("%s: %s" % (name, exc))

    questions = []
    with open(QUESTIONS, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                errors.append("line %d: blank line" % lineno)
                continue
            try:
                q = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append("line %d: bad JSON: %s" % (lineno, exc))
                continue
            if not isinstance(q, dict):
                errors.append("line %d: not an object" % lineno)
                continue
            questions.append(q)

    seen = {}
    allowed = {"id", "source", "question", "answers", "follows"}
    for i, q in enumerate(questions, 1):
        qid = q.get("id")
        where = qid or "line %d" % i
        extra = set(q) - allowed
        if extra:
            errors.append("%s: unexpected fields %s" % (where, sorted(extra)))
        for field in ("id", "source", "question", "answers"):
            if field not in q:
                errors.append("%s: missing field %s" % (where, field))
        if qid != "q%d" % i:
            errors.append("%s: expected id q%d" % (where, i))
        if qid in seen:
            errors.append("%s: duplicate id" % where)
        src = q.get("source")
        if src not in runs:
            errors.append("%s: unknown source %r" % (where, src))
        if not isinstance(q.get("question"), str) or not q.get("question", "").strip():
            errors.append("%s: empty question" % where)
        if "follows" in q:
            prev = q["follows"]
            if prev not in seen:
                errors.append("%s: follows %r, which is not an earlier id" % (where, prev))
            elif seen[prev] != src:
                errors.append("%s: follows %r, which has a different source" % (where, prev))
        answers = q.get("answers")
        if not isinstance(answers, list):
            errors.append("%s: answers is not a list" % where)
            answers = []
        for ans in answers:
            if not isinstance(ans, str) or not ans.strip():
                errors.append("%s: empty or non-string answer %r" % (where, ans))
                continue
            if ans != collapse(ans):
                errors.append("%s: answer has stray whitespace: %r" % (where, ans))
            if SENTENCE_BREAK.search(ans):
                errors.append("%s: answer crosses a sentence boundary: %r" % (where, ans))
            if len(ans.split()) > MAX_ANSWER_WORDS:
                errors.append("%s: answer longer than %d words: %r" % (where, MAX_ANSWER_WORDS, ans))
            if src in runs and not any(ans in run for run in runs[src]):
                errors.append("%s: answer not found in one text run of %s: %r" % (where, src, ans))
        seen[qid] = src

    asked = {q.get("source") for q in questions}
    for name in doc_names:
        if name not in asked:
            errors.append("%s: no questions" % name)

    n = len(questions)
    unanswerable = sum(1 for q in questions if q.get("answers") == [])
    follows = sum(1 for q in questions if "follows" in q)
    follows_un = sum(1 for q in questions if "follows" in q and q.get("answers") == [])
    print("documents:        %d" % len(doc_names))
    print("questions:        %d" % n)
    print("answerable:       %d" % (n - unanswerable))
    print("unanswerable:     %d" % unanswerable)
    print("follow-ups:       %d (%d unanswerable)" % (follows, follows_un))
    for name in doc_names:
        print("  %-45s %d" % (name, sum(1 for q in questions if q.get("source") == name)))

    if errors:
        print("\n%d problem(s):" % len(errors))
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

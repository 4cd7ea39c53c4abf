#!/usr/bin/env python3
"""Check questions.jsonl against the documents in docs/ (standard library only).

Checks:
  * every line is a JSON object with id, source, question, answers (and optional follows);
  * ids are unique and run q1, q2, ... in order;
  * every source exists in docs/ and every document has at least one question;
  * every `follows` points to an earlier id with the same source;
  * every answer is a verbatim substring of one run of the source's visible text:
      .html  one text node (script/style/head/template/noscript ignored,
             entities unescaped, whitespace collapsed)
      .txt   one line
      .md    one line after heading, list, quote and emphasis markers are removed
             and [text](url) is reduced to text (table rows split into cells)
      .pdf   the HTML source pdf_src/<stem>.html, read as HTML
  * no answer crosses a sentence boundary, and answers are short.
Exit status 0 when everything passes.
"""
import json
import os
import re
import sys
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(ROOT, "docs")
PDF_SRC = os.path.join(ROOT, "pdf_src")
QFILE = os.path.join(ROOT, "questions.jsonl")
MAX_WORDS = 14

IGNORED = {"script", "style", "head", "template", "noscript"}
SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+\S")


def collapse(s):
    return " ".join(s.split())


class TextNodes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs, self.buf, self.skip = [], [], 0

    def flush(self):
        text = collapse("".join(self.buf))
        if text:
            self.runs.append(text)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        self.flush()
        if tag in IGNORED:
            self.skip += 1

    def handle_startendtag(self, tag, attrs):
        self.flush()

    def handle_endtag(self, tag):
        self.flush()
        if tag in IGNORED and self.skip:
            self.skip -= 1

    def handle_comment(self, data):
        self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)

    def close(self):
        super().close()
        self.flush()


def html_runs(path):
    p = TextNodes()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p.runs


def txt_runs(path):
    with open(path, encoding="utf-8") as f:
        return [collapse(l) for l in f if l.strip()]


MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MD_EMPH = re.compile(r"\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")


def md_clean(s):
    s = MD_IMAGE.sub(r"\1", s)
    s = MD_LINK.sub(r"\1", s)
    s = s.replace("`", "")
    s = MD_EMPH.sub("", s)
    return collapse(s)


def md_runs(path):
    runs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if not s or re.fullmatch(r"[-*_=|: ]{3,}", s):
                continue
            s = re.sub(r"^#{1,6}\s+", "", s)
            s = re.sub(r"^(>\s?)+", "", s)
            s = re.sub(r"^([-*+]|\d+[.)])\s+", "", s)
            if s.startswith("|"):
                runs.extend(md_clean(c) for c in s.strip("|").split("|") if c.strip())
            else:
                runs.append(md_clean(s))
    return [r for r in runs if r]


def runs_for(source):
    path = os.path.join(DOCS, source)
    stem, ext = os.path.splitext(source)
    ext = ext.lower()
    if ext in (".html", ".htm"):
        return html_runs(path)
    if ext == ".txt":
        return txt_runs(path)
    if ext == ".md":
        return md_runs(path)
    if ext == ".pdf":
        return html_runs(os.path.join(PDF_SRC, stem + ".html"))
    raise ValueError("unsupported format: " + source)


def main():
    errors = []
    docs = sorted(f for f in os.listdir(DOCS) if not f.startswith("."))
    cache = {}
    seen = {}
    used = set()
    n_ans = n_unans = n_follow = 0
    with open(QFILE, encoding="utf-8") as f:
        lines = [l for l in f if l.strip()]
    for i, line in enumerate(lines, 1):
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {i}: bad JSON ({e})")
            continue
        qid = q.get("id")
        where = f"line {i} ({qid})"
        extra = set(q) - {"id", "source", "question", "answers", "follows"}
        if extra:
            errors.append(f"{where}: unexpected fields {sorted(extra)}")
        if qid != f"q{i}":
            errors.append(f"{where}: expected id q{i}")
        if qid in seen:
            errors.append(f"{where}: duplicate id")
        src = q.get("source")
        if src not in docs:
            errors.append(f"{where}: unknown source {src!r}")
            seen[qid] = src
            continue
        used.add(src)
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            errors.append(f"{where}: empty question")
        answers = q.get("answers")
        if not isinstance(answers, list) or not all(isinstance(a, str) and a.strip() for a in answers):
            errors.append(f"{where}: answers must be a list of non-empty strings")
            answers = []
        if "follows" in q:
            n_follow += 1
            parent = q["follows"]
            if parent not in seen:
                errors.append(f"{where}: follows {parent!r}, which is not an earlier id")
            elif seen[parent] != src:
                errors.append(f"{where}: follows {parent!r}, which has a different source")
        if src not in cache:
            cache[src] = runs_for(src)
        runs = cache[src]
        if answers:
            n_ans += 1
        else:
            n_unans += 1
        for a in answers:
            ca = collapse(a)
            if ca != a:
                errors.append(f"{where}: answer has stray whitespace: {a!r}")
            if not any(ca in r for r in runs):
                errors.append(f"{where}: answer not found in one text run of {src}: {a!r}")
            if SENTENCE_BREAK.search(ca):
                errors.append(f"{where}: answer crosses a sentence boundary: {a!r}")
            if len(ca.split()) > MAX_WORDS:
                errors.append(f"{where}: answer longer than {MAX_WORDS} words: {a!r}")
        seen[qid] = src
    for d in docs:
        if d not in used:
            errors.append(f"document has no question: {d}")
        if d.lower().endswith(".pdf"):
            stem = os.path.splitext(d)[0]
            if not os.path.exists(os.path.join(PDF_SRC, stem + ".html")):
                errors.append(f"no HTML source for {d} in pdf_src/")
    print(f"documents: {len(docs)}  questions: {len(lines)}  answerable: {n_ans}  "
          f"unanswerable: {n_unans}  follow-ups: {n_follow}")
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

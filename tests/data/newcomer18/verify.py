#!/usr/bin/env python3
"""Check the newcomer18 evaluation set (stdlib only).

Checks:
  * every answer is a verbatim substring of a single run of the source's
    visible text:
      - .html: one text node (script/style/head/template/noscript ignored,
        entities unescaped, whitespace collapsed);
      - .txt:  one line (whitespace collapsed);
      - .md:   one line after heading, list, quote and emphasis markers are
        removed (and [text](url) links reduced to their text);
      - .pdf:  the HTML source in pdf_src/<same stem>.html, as for .html;
  * no answer crosses a sentence boundary;
  * ids are unique and run q1, q2, ... in order;
  * every `follows` points to an earlier id with the same source;
  * every document in docs/ has at least one question.

Usage:  python3 verify.py        (exit status 0 when everything passes)
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

SKIP_TAGS = {"script", "style", "head", "template", "noscript"}
ALLOWED_KEYS = {"id", "source", "question", "answers", "follows"}
MAX_ANSWER_WORDS = 30

# A sentence ends at . ! or ? (optionally followed by closing quotes or
# brackets), then whitespace, then (optionally opening quotes) a capital
# letter or digit.
SENTENCE_BREAK = re.compile(
    r"[.!?][\"'\u2019\u201d)\]]*\s+[\"'\u2018\u201c(\[]*[A-Z0-9\u00a3]"
)


def collapse(text):
    return re.sub(r"\s+", " ", text).strip()


class TextNodes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.nodes = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            text = collapse(data)
            if text:
                self.nodes.append(text)


def html_runs(path):
    parser = TextNodes()
    with open(path, encoding="utf-8") as f:
        parser.feed(f.read())
    parser.close()
    return parser.nodes


def txt_runs(path):
    with open(path, encoding="utf-8") as f:
        return [collapse(line) for line in f if line.strip()]


def md_clean(line):
    line = re.sub(r"^\s*#{1,6}\s+", "", line)            # headings
    line = re.sub(r"^\s*>\s?", "", line)                 # block quotes
    line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)  # list markers
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links/images
    line = line.replace("**", "").replace("__", "")     # strong
    line = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", line)  # *em*
    line = re.sub(r"(?<!\w)_(?=\S)|(?<=\S)_(?!\w)", "", line)        # _em_
    line = line.replace("`", "")
    return collapse(line)


def md_runs(path):
    with open(path, encoding="utf-8") as f:
        runs = [md_clean(line) for line in f]
    return [r for r in runs if r and not re.fullmatch(r"[-*_ ]{3,}", r)]


def runs_for(source):
    path = os.path.join(DOCS, source)
    ext = os.path.splitext(source)[1].lower()
    if ext in (".html", ".htm"):
        return html_runs(path)
    if ext == ".txt":
        return txt_runs(path)
    if ext == ".md":
        return md_runs(path)
    if ext == ".pdf":
        stem = os.path.splitext(source)[0]
        return html_runs(os.path.join(PDF_SRC, stem + ".html"))
    raise ValueError("unsupported document type: " + source)


def main():
    errors = []
    docs = sorted(
        name for name in os.listdir(DOCS)
        if os.path.isfile(os.path.join(DOCS, name))
    )
    for name in docs:
        if name.endswith(".pdf"):
            src = os.path.join(PDF_SRC, os.path.splitext(name)[0] + ".html")
            if not os.path.isfile(src):
                errors.append("%s: no HTML source %s" % (name, src))

    cache = {}
    questions = []
    with open(QUESTIONS, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                errors.append("line %d: blank line" % lineno)
                continue
            try:
                questions.append(json.loads(line))
            except json.JSONDecodeError as exc:
                errors.append("line %d: bad JSON (%s)" % (lineno, exc))

    seen = {}
    texts = set()
    for n, q in enumerate(questions, 1):
        qid = q.get("id")
        where = qid or ("#%d" % n)
        extra = set(q) - ALLOWED_KEYS
        if extra:
            errors.append("%s: unexpected keys %s" % (where, sorted(extra)))
        if qid != "q%d" % n:
            errors.append("%s: expected id q%d" % (where, n))
        if qid in seen:
            errors.append("%s: duplicate id" % where)
        src = q.get("source")
        if src not in docs:
            errors.append("%s: unknown source %r" % (where, src))
            seen[qid] = src
            continue
        question = q.get("question")
        if not isinstance(question, str) or not question.strip():
            errors.append("%s: missing question" % where)
        elif question.strip().lower() in texts:
            errors.append("%s: duplicate question text" % where)
        else:
            texts.add(question.strip().lower())

        answers = q.get("answers")
        if not isinstance(answers, list):
            errors.append("%s: answers must be a list" % where)
            answers = []
        if src not in cache:
            cache[src] = runs_for(src)
        runs = cache[src]
        for ans in answers:
            if not isinstance(ans, str) or not ans.strip():
                errors.append("%s: empty or non-string answer" % where)
                continue
            if ans != ans.strip() or "  " in ans:
                errors.append("%s: stray whitespace in %r" % (where, ans))
            if not any(ans in run for run in runs):
                errors.append("%s: answer not found in one run of %s: %r"
                              % (where, src, ans))
            if SENTENCE_BREAK.search(ans):
                errors.append("%s: answer crosses a sentence boundary: %r"
                              % (where, ans))
            if len(ans.split()) > MAX_ANSWER_WORDS:
                errors.append("%s: answer longer than %d words: %r"
                              % (where, MAX_ANSWER_WORDS, ans))

        if "follows" in q:
            parent = q["follows"]
            if parent not in seen:
                errors.append("%s: follows %r, which is not an earlier id"
                              % (where, parent))
            elif seen[parent] != src:
                errors.append("%s: follows %r, which has a different source"
                              % (where, parent))
        seen[qid] = src

    used = set(seen.values())
    for name in docs:
        if name not in used:
            errors.append("%s: no questions" % name)

    total = len(questions)
    unanswerable = sum(1 for q in questions if q.get("answers") == [])
    follow = sum(1 for q in questions if "follows" in q)
    follow_un = sum(1 for q in questions
                    if "follows" in q and q.get("answers") == [])
    print("documents: %d" % len(docs))
    print("questions: %d (answerable %d, unanswerable %d)"
          % (total, total - unanswerable, unanswerable))
    print("follow-ups: %d (unanswerable %d)" % (follow, follow_un))
    for name in docs:
        print("  %-48s %d" % (name, sum(1 for s in seen.values() if s == name)))

    if errors:
        print("\nFAILED (%d problems):" % len(errors))
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

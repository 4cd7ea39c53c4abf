"""The `assistant` command: ask, index, sources, cite, serve and eval, a thin client of the API.

`assistant index PATH` remembers PATH (see `assistant.remembered`): later commands use it
until another `index`, `--sources` or `ASSISTANT_SOURCES` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError, ConfigError, QuestionError, SourceError

if TYPE_CHECKING:
    from assistant.answers import Answer
    from assistant.api import Assistant
    from assistant.settings import Settings

EXIT_ERROR, EXIT_USAGE = 1, 2
# Where `index` reports files it could not read; other commands keep quiet about them.
SKIP_LOGGER = "index.builder"  # where the index says "skipping FILE: why"


def _offline() -> None:
    # Before gradio or huggingface_hub are imported: no network, no telemetry.
    for name, value in (("HF_HUB_OFFLINE", "1"), ("HF_HUB_DISABLE_TELEMETRY", "1"),
                        ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),
                        ("GRADIO_ANALYTICS_ENABLED", "False"),
                        ("TOKENIZERS_PARALLELISM", "false"), ("ORT_DISABLE_TELEMETRY", "1")):
        os.environ.setdefault(name, value)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--sources", type=Path, help="folder or file of articles (default: "
                        "ASSISTANT_SOURCES, else the last `assistant index PATH`, else the "
                        "bundled article)")
    common.add_argument("--data-dir", type=Path, help="where the index lives "
                        "(default: a folder per sources path under ASSISTANT_DATA_HOME, else "
                        "~/.cache/article-assistant)")
    common.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    p = argparse.ArgumentParser(prog="assistant", description="Questions about your articles, "
                                "answered with exact, checkable citations.")
    sub = p.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    sub.add_parser("chat", parents=[common], help="a conversation: one question a line, "
                   "follow-ups read with what came before (end of input, Ctrl-D, ends it)")
    idx = sub.add_parser("index", parents=[common], help="build or refresh the index, and "
                         "make its sources the default for later commands")
    idx.add_argument("path", nargs="?", type=Path, help="sources to index (same as --sources)")
    sub.add_parser("sources", parents=[common], help="show the default sources, their "
                   "documents and the files skipped when they were indexed")
    cite = sub.add_parser("cite", parents=[common], help="show a cited passage in context")
    cite.add_argument("reference", help="SOURCE:START-END, or a ?cite= link")
    serve = sub.add_parser("serve", parents=[common], help="serve the chat UI")
    serve.add_argument("--host", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 7860)")
    ev = sub.add_parser("eval", parents=[common], help="score a QA file (evidence recall, "
                        "citation precision, abstention; ask latency)")
    ev.add_argument("qa", type=Path, nargs="?", help="QA .jsonl file")
    ev.add_argument("--suite", action="store_true", help="every question set of the checkout "
                    "in one table (SQuAD validation, reader, conversations, dev, probe, harbour)")
    ev.add_argument("--ablate", action="store_true", help="with --suite: also each rule "
                    "switched off")
    ev.add_argument("--out", type=Path, help="results file (default: results.jsonl beside "
                    "the data folder)")
    ev.add_argument("--limit", type=int, help="only the first N rows")
    ev.add_argument("--sample", type=int, help="a random sample of N rows")
    ev.add_argument("--seed", type=int, default=0, help="seed for --sample (default 0)")
    tr = sub.add_parser("train", help="fit the ranking and the answer/hedge/refuse decision on "
                        "the training articles and choose on the validation articles")
    tr.add_argument("--squad", type=Path, help="folder with the articles, qa.jsonl and "
                    "split.json (default: bench/data/squad of the checkout)")
    tr.add_argument("--written", type=Path, help="folder with the written documents, their "
                    "qa.jsonl and split.json (default: bench/data/written of the checkout)")
    tr.add_argument("--out", type=Path, help="decision file, the ranking written beside it as "
                    "ranking.json (default: the shipped assistant/models/decision.json)")
    tr.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    tr.add_argument("--limit", type=int, help="at most N questions per article (a quick run)")
    tr.add_argument("--examples", type=Path, help="keep the collected features in this file "
                    "and, when it exists, refit from it without asking again")
    tr.add_argument("--encoder", action="store_true", help="fine-tune the embedding model's "
                    "layers instead (index/models/minilm-tuned; retrain the decision after)")
    tr.add_argument("--epochs", type=int, help="with --encoder: passes over the training pairs")
    tr.add_argument("--device", default="cpu", help="with --encoder: torch device (cpu, cuda)")
    tr.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    return p


# Where the sources came from when the last `assistant index` set them.
REMEMBERED = "set by `assistant index`"


def _settings(args: argparse.Namespace) -> tuple[Settings, str]:
    """The settings for this command, and where its sources came from, in words."""
    from assistant import remembered
    from assistant.settings import Settings

    explicit = getattr(args, "path", None) or args.sources
    settings = Settings.from_env(sources=explicit, data_dir=args.data_dir)
    if explicit:
        return settings, "given on the command line"
    if os.environ.get("ASSISTANT_SOURCES"):
        return settings, "from ASSISTANT_SOURCES"
    memory = remembered.load(settings.home())
    if memory is None:
        return settings, "the bundled article (`assistant index PATH` to use your own)"
    return (settings.with_(sources=memory.sources, data_dir=settings.data_dir or memory.data_dir),
            f"{REMEMBERED} at {memory.indexed_at}")


def _no_documents(sources: Path) -> SourceError:
    from index.sources import SUFFIXES

    kinds = ", ".join(sorted(SUFFIXES))
    return SourceError(f"no documents to ask about in {sources}: put articles ({kinds}) "
                       f"there, then run `assistant index {sources}`", str(sources))


def _assistant(args: argparse.Namespace, progress: bool = False,
               need_documents: bool = True) -> Any:
    from assistant.api import Assistant

    settings, origin = _settings(args)
    if origin.startswith(REMEMBERED) and not Path(settings.sources).exists():
        raise SourceError(f"{settings.sources}, which `assistant index` remembered, is gone: "
                          "run `assistant index PATH`, or pass --sources PATH",
                          str(settings.sources))
    bot = _with_progress_bar(settings) if progress else Assistant(settings=settings)
    if need_documents and not bot.sources:
        raise _no_documents(Path(settings.sources))
    return bot


def _with_progress_bar(settings: Settings) -> Any:
    from tqdm import tqdm

    from assistant.api import Assistant

    bar: Any = None

    def show(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="sentence", desc="embedding", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        return Assistant(settings=settings, progress=show)
    finally:
        if bar is not None:
            bar.close()


class _Skipped(logging.Handler):
    """Collects the index's "skipping FILE: why" warnings while `index` runs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("skipping "):
            self.lines.append(message.removeprefix("skipping "))


def _ask(args: argparse.Namespace) -> int:
    bot = _assistant(args)
    if args.json:
        print(json.dumps(bot.ask(args.question).to_dict(), ensure_ascii=False, indent=2))
        return 0
    _show(bot, args.question)
    return 0


def _show(bot: Assistant, question: str, history: list[dict[str, str]] | None = None,
          echo: bool = False) -> Answer:
    """Print the answer as it is written, then its citations; return it. `echo`: first the
    question itself, once the assistant has taken it (a transcript of piped questions)."""
    from assistant.answers import Answer
    from index.sentences import one_line

    shown = ""
    answer: Answer | None = None
    for part in bot.stream(question, history=history):
        if echo:
            print(f"> {question}")
            echo = False
        if isinstance(part, Answer):
            answer = part
        else:
            print(part[len(shown):], end="", flush=True)
            shown = part
    assert answer is not None
    if answer.text != shown:  # e.g. an LLM answer whose markers were renumbered
        print("\r" + answer.text, end="")
    print()
    for c in answer.citations:
        print(f"[{c.number}] {c.ref} \"{one_line(c.quote)}\"")
    if answer.notice:
        print(answer.notice, file=sys.stderr)
    return answer


def _chat(args: argparse.Namespace) -> int:
    """Questions from standard input, one a line, each answered with the conversation so far
    (as the chat UI does); a question the assistant refuses to take is reported and the
    conversation goes on. Piped questions are echoed above their answers."""
    bot = _assistant(args)
    prompt = "> " if sys.stdin.isatty() else ""
    if prompt:
        print("Ask about your documents, one question a line; Ctrl-D ends.", file=sys.stderr)
    history: list[dict[str, str]] = []
    while True:
        try:
            question = input(prompt).strip()
        except EOFError:
            break
        if not question:
            continue  # a stray Enter does not end the conversation
        try:
            answer = _show(bot, question, history, echo=not prompt)
        except QuestionError as exc:
            print(f"assistant: {exc}", file=sys.stderr)
            continue
        history += [{"role": "user", "content": question},
                    {"role": "assistant", "content": answer.text}]
        print()
    return 0


def _index(args: argparse.Namespace) -> int:
    from assistant import remembered

    skipped = _Skipped()
    source_log = logging.getLogger(SKIP_LOGGER)
    source_log.addHandler(skipped)
    try:
        bot = _assistant(args, progress=True, need_documents=False)
    finally:
        source_log.removeHandler(skipped)
    for line in skipped.lines:
        print(f"skipped {line}", file=sys.stderr)
    if not bot.sources:
        raise _no_documents(Path(bot.settings.sources))
    report = bot.last_refresh
    print(report.summary() if report else f"index is up to date: {len(bot.catalog.units)} "
          f"units from {len(bot.catalog.documents)} documents in {bot.data_dir}")
    remembered.save(bot.settings.home(), bot.settings.sources, args.data_dir,
                    bot.sources, [f"{s.source}: {s.reason}" for s in bot.skipped])
    print(f"`assistant ask` now asks {bot.settings.sources}")
    return 0


def _sources(args: argparse.Namespace) -> int:
    from index import Catalog

    settings, origin = _settings(args)
    data_dir = settings.resolved_data_dir()
    print(f"sources: {Path(settings.sources).resolve()} ({origin})")
    print(f"index:   {data_dir}")
    catalog = Catalog.load(data_dir)
    if catalog is None:
        print("not indexed yet: run `assistant index`")
        return 0
    names = [d.source for d in catalog.documents]
    print(f"{len(names)} document{'' if len(names) == 1 else 's'}" + (":" if names else ""))
    for name in names:
        print(f"  {name}")
    if catalog.skipped:  # all of them: a refresh warns only of the newly skipped
        print("skipped when indexed:")
        for s in catalog.skipped:
            print(f"  {s.source}: {s.reason}")
    return 0


def _cite(args: argparse.Namespace) -> int:
    passage = _assistant(args).lookup(args.reference)
    first, last = passage.sentences
    where = f"sentence {first}" if first == last else f"sentences {first}-{last}"
    page = f"page {passage.page}, " if passage.page is not None else ""
    print(f"{passage.permalink}  {page}paragraph {passage.paragraph}, {where}")
    # "…" where the paragraph goes on beyond what is shown, not at its start or end.
    print(f"{'…' if passage.before else ''}{passage.before}»{passage.quote}«{passage.after}"
          f"{'…' if passage.after else ''}")
    return 0


def _port_in_use(host: str, port: int) -> str | None:
    """Why `host:port` cannot be served, or None when it is free."""
    import socket  # here, not at the top: 10 ms of every cold `assistant ask`

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host or "0.0.0.0", port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _serve(args: argparse.Namespace) -> int:
    from assistant.settings import Settings

    env = Settings.from_env()
    host, port = args.host or env.host, args.port or env.port
    # Checked before the model loads and before the URL is announced: a busy port is one
    # line, not a traceback after "running on".
    busy = _port_in_use(host, port)
    if busy:
        print(f"assistant: cannot serve on {host}:{port} ({busy}); choose another port with "
              "--port (make run PORT=...)", file=sys.stderr)
        return EXIT_ERROR
    from ui.server import serve

    bot = _assistant(args, need_documents=not env.uploads)
    try:
        serve(bot, host=host, port=port, auth=bot.settings.auth)
    except OSError as exc:  # taken between the check and the launch
        print(f"assistant: cannot serve on {host}:{port} ({exc})", file=sys.stderr)
        return EXIT_ERROR
    return 0


def _eval(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from assistant import evaluate

    if args.suite:
        from assistant import suite

        print(suite.header(), flush=True)
        suite.run(ablate=args.ablate, say=lambda line: print(line, flush=True))
        return 0
    if args.qa is None:
        raise QuestionError("eval needs a QA .jsonl file, or --suite")
    bot = _assistant(args)
    rows = evaluate.choose(evaluate.load_jsonl(args.qa), args.limit, args.sample, args.seed)
    with tqdm(total=len(rows), unit="question", file=sys.stderr,
              disable=len(rows) < 50) as bar:
        results, latencies = evaluate.run(bot, rows, on_row=lambda: bar.update(1))
    out = args.out or bot.data_dir / "results.jsonl"
    evaluate.write_results(results, out)
    sources = Path(bot.settings.sources)
    metrics = evaluate.score(evaluate.load_sources(sources), rows, results)
    metrics.update(evaluate.latency(latencies))
    print(json.dumps(metrics))
    print(f"results: {out}", file=sys.stderr)
    return 0


def _train(args: argparse.Namespace) -> int:
    from assistant import decide, train
    from assistant.settings import PROJECT_ROOT

    squad = args.squad or PROJECT_ROOT / "bench" / "data" / "squad"
    if not (squad / "split.json").is_file():
        raise SourceError(f"no SQuAD training data in {squad}; pass --squad FOLDER (with the "
                          "articles, qa.jsonl and split.json)")
    if args.encoder:
        from assistant import tune

        manifest = tune.train_encoder(
            squad, args.out, args.seed, args.limit,
            args.epochs or tune.EPOCHS, args.device,
            on_progress=lambda line: print(line, file=sys.stderr, flush=True))
        print(json.dumps({"validation": manifest["validation"][-1], "slice": manifest["slice"],
                          "seconds": manifest["seconds"]}))
        return 0
    written = args.written or PROJECT_ROOT / "bench" / "data" / "written"
    if not (written / "split.json").is_file():
        raise SourceError(f"no written documents in {written}; pass --written FOLDER (with the "
                          "documents, qa.jsonl and split.json)")
    model = train.train(squad, args.out or decide.MODEL_PATH, args.seed, args.limit,
                        on_progress=lambda line: print(line, file=sys.stderr, flush=True),
                        examples=args.examples, written=written)
    print(json.dumps({"answer_at": model.answer_at, "refuse_below": model.refuse_below,
                      **model.manifest["validation"],
                      "seconds": model.manifest["seconds"]}))
    return 0


COMMANDS = {"ask": _ask, "chat": _chat, "train": _train, "index": _index, "sources": _sources, "cite": _cite,
            "serve": _serve, "eval": _eval}


def run() -> None:
    """The console script: main(), then leave without interpreter teardown, which costs a
    second or more with torch and transformers loaded (a server's own exit is left alone)."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    _offline()
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    # Unreadable files are reported once, by `index` (and listed by `sources`), not on every
    # command that refreshes the index.
    source_log = logging.getLogger(SKIP_LOGGER)
    if args.command == "index":
        source_log.propagate = False  # `index` prints them itself, as one line each
    elif not args.verbose:
        source_log.setLevel(logging.ERROR)
    try:
        return COMMANDS[args.command](args)
    except (QuestionError, ConfigError) as exc:  # the caller's input: like a usage error
        print(f"assistant: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except AssistantError as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130

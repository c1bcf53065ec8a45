"""Command line: `assistant ask`, `assistant ui`, `assistant index`, `assistant eval`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ..answer.answers import Answer
from ..config import Settings, prepare_runtime
from ..errors import AssistantError, UserInputError
from ..ingest.report import Report

EXAMPLES = """\
examples:
  assistant ask "Qu'est-ce que l'opération Turquesa ?"
  assistant ask "What is Joint Task Force Alpha?" --k 3 --json
  assistant ask "recommandation 12"
  assistant ask "wg-som-2022/R2"            (with several reports: DOCID/REF)
  assistant ask "Who chaired?" --doc wg-som-2022
  assistant ui --port 7860
  assistant add report.pdf
  assistant brief "corruption" --format docx -o corruption.docx
  assistant index --rebuild
  assistant eval --compare
"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _port(value: str) -> int:
    number = _positive(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"a port is at most 65535, got {number}")
    return number


def _auth(value: str) -> tuple[str, str]:
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise argparse.ArgumentTypeError("expected USER:PASSWORD, both non-empty")
    return user, password


def build_parser() -> argparse.ArgumentParser:
    """The CLI's argument parser."""
    parser = _Parser(
        prog="assistant",
        description="Ask the report of the Working Group on the Smuggling of Migrants (2021).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ask = sub.add_parser(
        "ask",
        help="answer a question with cited passages",
        epilog='example: assistant ask "Who chaired the working group?" --k 3',
    )
    ask.add_argument("question", help="a question in French or English, or 'paragraphe 18', 'R7'")
    ask.add_argument("--k", type=_positive, default=None, help="number of passages (default 5)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--doc", default=None, metavar="ID", help="answer from this report only (see `list`)")

    ui = sub.add_parser(
        "ui",
        help="start the chat page (http://127.0.0.1:7860 by default)",
        epilog="example: assistant ui --host 127.0.0.1 --port 7860 --auth delegate:secret",
    )
    ui.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)"
    )
    ui.add_argument("--port", type=_port, default=7860, help="port (default 7860)")
    ui.add_argument("--auth", type=_auth, default=None, metavar="USER:PASSWORD", help="require this login")

    add = sub.add_parser(
        "add",
        help="add a report from its PDF or extracted text, then index it",
        epilog="example: assistant add ~/Downloads/V2107654.pdf --id wg-som-2021",
    )
    add.add_argument("file", type=Path, help="the report's .pdf or .txt")
    add.add_argument("--id", default=None, help="document id (default: its UN symbol, else the file name)")
    sub.add_parser("list", help="list the reports in the library", epilog="example: assistant list")
    remove = sub.add_parser(
        "remove", help="take a report out of the library", epilog="example: assistant remove wg-som-2021"
    )
    remove.add_argument("id", help="the report's document id (see `assistant list`)")

    brief = sub.add_parser(
        "brief",
        help="a briefing note: everything the report says on a topic, cited",
        epilog='example: assistant brief "coopération internationale" --lang en --format html -o note.html',
    )
    brief.add_argument("topic", help="a topic in French or English, e.g. 'corruption'")
    brief.add_argument(
        "--lang",
        choices=("fr", "en", "es", "ar", "ru", "zh"),
        default=None,
        help="labels' language (default: the topic's, French or English)",
    )
    brief.add_argument(
        "--format", choices=("md", "docx", "html", "json"), default="md", help="output format (default md)"
    )
    brief.add_argument("-o", "--output", type=Path, default=None, metavar="FILE", help="write to FILE")
    brief.add_argument(
        "--doc", default=None, metavar="ID", help="brief from this report (default: the one that says most)"
    )

    index = sub.add_parser(
        "index", help="build the index (skipped when up to date)", epilog="example: assistant index --rebuild"
    )
    index.add_argument("--rebuild", action="store_true", help="build again even if up to date")

    ev = sub.add_parser(
        "eval",
        help="measure retrieval against a gold set",
        epilog="example: assistant eval --gold eval/gold.jsonl --json /tmp/metrics.json --gate",
    )
    ev.add_argument("--gold", type=Path, default=None, help="gold file (.jsonl) or BEIR folder")
    ev.add_argument("--briefs", type=Path, default=None, help="topic gold for briefings (eval/briefs.jsonl)")
    ev.add_argument("--k", type=_positive, default=10, help="passages per question (default 10)")
    ev.add_argument("--json", type=Path, default=None, metavar="PATH", help="write the metrics here")
    ev.add_argument("--compare", action="store_true", help="compare retrieval variants side by side")
    ev.add_argument("--gate", action="store_true", help="exit 1 when the metrics fall below the CI floors")
    ev.add_argument(
        "--calibration",
        type=Path,
        default=None,
        help="with --gate: the calibration set also checked (default eval/calibration_heldout.jsonl)",
    )
    ev.add_argument(
        "--export-beir", type=Path, default=None, metavar="DIR", help="write the gold set as BEIR files"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 failed gate, 2 user error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(_dashed_question(list(sys.argv[1:] if argv is None else argv)))
    except SystemExit as exc:
        return int(exc.code or 0)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    prepare_runtime()
    if not args.verbose:
        _quiet_libraries()
    try:
        if args.command == "ask":
            return _ask(args)
        if args.command == "brief":
            return _brief(args)
        if args.command == "index":
            return _index(args)
        if args.command == "ui":
            return _ui(args)
        if args.command in ("add", "list", "remove"):
            return _library(args)
        return _eval(args)
    except AssistantError as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


def _dashed_question(argv: list[str]) -> list[str]:
    """Let `ask` take a question that starts with a dash ("-R7"): it goes after a `--`."""
    if "ask" not in argv:
        return argv
    start = argv.index("ask") + 1
    options: list[str] = []
    words: list[str] = []
    rest = iter(argv[start:])
    for token in rest:
        if token == "--":
            words.extend(rest)
        elif token in ("--json", "-h", "--help") or token.startswith(("--k=", "--doc=")):
            options.append(token)
        elif token in ("--k", "--doc"):
            options += [token, next(rest, "")]
        else:
            words.append(token)
    return argv[:start] + options + (["--", *words] if words else [])


def _quiet_libraries() -> None:
    import warnings

    warnings.filterwarnings("ignore")
    for name in ("sentence_transformers", "transformers", "chromadb", "httpx"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _assistant():  # type: ignore[no-untyped-def]
    from ..answer.service import create_assistant

    return create_assistant(Settings.from_env())


def _ask(args: argparse.Namespace) -> int:
    from ..answer.service import check_question

    check_question(args.question)  # a user error is reported before any model loads
    answer = _assistant().ask(args.question, k=args.k, doc=args.doc)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_answer(answer))
    return 0


def render_answer(answer: Answer, width: int = 88) -> str:
    """The answer and its passages as readable text."""
    lines = [answer.text, *([f"    — {answer.source}"] if answer.source else []), ""]
    if answer.abstained and answer.passages:
        lines.append("Closest passages (they do not answer the question):")
    for p in answer.passages:
        lines.append(f"[{p.ref}] {p.unit.section}  (score {p.score:.2f})")
        lines.extend(textwrap.wrap(p.text, width, initial_indent="    ", subsequent_indent="    "))
        lines.append("")
    return "\n".join(lines).rstrip()


def _brief(args: argparse.Namespace) -> int:
    from ..answer.service import check_question
    from . import notes

    check_question(args.topic, what="topic")
    if args.format == "docx" and args.output is None:
        raise UserInputError("DOCX is written to a file: add -o FILE.docx (or use --format md|html|json).")
    briefing = _assistant().brief(args.topic, lang=args.lang, doc=args.doc)
    if args.output is None:
        sys.stdout.write(notes.render(briefing, args.format))
    else:
        notes.write(briefing, args.format, args.output)
        print(f"Wrote {args.output} ({len(briefing.refs)} units).")
    return 0


def _index(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    assistant = _assistant()
    loaded = time.perf_counter() - started
    report = assistant.build_index(rebuild=args.rebuild)
    counts = ", ".join(f"{n} {slot}" for slot, n in report.counts.items())
    units = len(assistant.units)
    if report.updated:
        changes = [f"added {', '.join(report.added_docs)}"] if report.added_docs else []
        changes += [f"removed {', '.join(report.dropped_docs)}"] if report.dropped_docs else []
        print(f"Updated the index in {report.seconds:.1f} s ({'; '.join(changes)}): {units} units, {counts}.")
    elif report.built:
        print(f"Built the index in {report.seconds:.1f} s: {units} units, {counts}.")
    else:
        print(f"The index is up to date ({units} units, {counts}); nothing to do.")
    if report.removed:
        print(f"Removed {len(report.removed)} stale collection(s) of an older or interrupted build.")
    print(f"Fingerprint {report.fingerprint[:16]}; models loaded in {loaded:.1f} s.")
    return 0


def _library(args: argparse.Namespace) -> int:
    from ..ingest import library

    sources = Settings.from_env().sources_dir
    if args.command == "add":
        report = library.add_report(sources, args.file, args.id)
        print(f"Added {report.doc_id}: {len(report.units)} units, stored in {sources / report.doc_id}.txt")
        return _index(argparse.Namespace(rebuild=False))
    if args.command == "remove":
        path = library.remove_report(sources, args.id)
        print(f"Removed {args.id} ({path}).")
        if not library.list_reports(sources):
            return 0
        return _index(argparse.Namespace(rebuild=False))
    reports = library.list_reports(sources)
    if not reports:
        print(f"No report in {sources}: `assistant add FILE.pdf` adds one.")
    for report in reports:
        print(describe_report(report, cited_as=len(reports) > 1))
    return 0


def describe_report(report: Report, cited_as: bool = False) -> str:
    """A report as `assistant list` shows it: id, title, meeting dates and place, language,
    symbol, unit counts (and, with several reports, how its units are cited)."""
    meta = report.metadata
    paragraphs = sum(u.kind == "paragraph" for u in report.units)
    when = ", ".join(x for x in (meta.dates, meta.place) if x) or "dates not found"
    lines = [
        report.doc_id,
        f"    {report.title}",
        f"    {when}; language {meta.language}" + (f"; symbol {meta.symbol}" if meta.symbol else ""),
        f"    {paragraphs} paragraphs, {len(report.units) - paragraphs} recommendations"
        + (f"; cited as {report.doc_id}/N, {report.doc_id}/RN" if cited_as else ""),
    ]
    return "\n".join(lines)


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _ui(args: argparse.Namespace) -> int:
    warning = bind_warning(args.host, args.auth)
    if warning:
        print(f"assistant: warning: {warning}", file=sys.stderr)
    print("Loading the models and the index…", flush=True)
    assistant = _assistant()
    report = assistant.build_index()
    if report.built:
        print(f"Built the index in {report.seconds:.1f} s.", flush=True)
    from ..ui import build_app, launch

    app = build_app(assistant)
    launch(
        app,
        host=args.host,
        port=args.port,
        auth=args.auth,
        block=False,
        quiet=True,
        concurrency=assistant.settings.ui_concurrency,
    )
    print(f"The chat page is ready: http://{_url_host(args.host)}:{args.port}  (Ctrl+C to stop)", flush=True)
    app.block_thread()
    return 0


def bind_warning(host: str, auth: tuple[str, str] | None) -> str | None:
    """What to tell the user before serving the page beyond this machine without a login."""
    if host in LOOPBACK or auth is not None:
        return None
    return (
        f"the page will be reachable by anyone who can reach {host}; "
        "add --auth USER:PASSWORD to require a login."
    )


def _url_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::") else f"[{host}]" if ":" in host else host


def _eval(args: argparse.Namespace) -> int:
    from ..evaluation import harness as evaluation

    return evaluation.run_cli(args, _assistant)


if __name__ == "__main__":
    sys.exit(main())

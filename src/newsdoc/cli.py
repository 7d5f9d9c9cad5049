"""The ``newsdoc`` command: ``convert``, ``show`` and ``check`` (also ``python -m newsdoc``).

Exit codes: 0 success; 1 a file could not be loaded or written (``convert``), or problems were
found (``check``); 2 a usage error; 130 interrupted (Ctrl-C), leaving no half-written output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import zoneinfo
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any

from newsdoc._progress import Progress
from newsdoc._version import __version__
from newsdoc.batch import LoadOptions, LoadResult, load_files, resolve_jobs
from newsdoc.errors import NewsdocError, ParseError, Problem
from newsdoc.io.files import SourceFile, iter_files
from newsdoc.model import Article

__all__ = ["main"]

_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


class UsageError(Exception):
    """A command line that cannot be carried out (exit code 2)."""


_CONVERT_EPILOG = """\
The output format is --to, or else told by -o: *.jsonl/*.ndjson (JSON Lines), *.parquet
(Apache Arrow schema, needs newsdoc[arrow]), - (JSON Lines on stdout). --to json and
--to markdown write a folder: one file per post, mirroring the input folders.

examples:
  newsdoc convert posts/ -o posts.jsonl
  newsdoc convert posts/ -o posts.parquet -j 0          # all CPUs
  newsdoc convert 'site/**/*.md' --to markdown -o clean/
  newsdoc convert posts/ -o - --on-error raise | jq .title
  cat post.md | newsdoc convert - -o post.jsonl
"""

_SHOW_EPILOG = """\
examples:
  newsdoc show posts/2021-11-24-anyang.md
  newsdoc show --format json post.md | jq .date
  curl -s https://example.org/post.md | newsdoc show -
"""

_CHECK_EPILOG = """\
Every problem and error is printed as path:line:column: code: message; the exit code is 1 if
anything was printed, so `newsdoc check` can gate a pipeline.

examples:
  newsdoc check posts/
  newsdoc check --strict --ignore date-mismatch 'posts/**/*.md'
  newsdoc check - < post.md
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``newsdoc`` command.

    Args:
        argv: The arguments after the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit code (see the module docstring).
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except UsageError as exc:
        print(f"newsdoc {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsdoc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `newsdoc show x | head`: the reader left, nothing to report
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="newsdoc", description="News and blog posts into typed articles, and back out."
    )
    parser.add_argument("--version", action="version", version=f"newsdoc {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    convert = sub.add_parser(
        "convert", help="convert posts to JSON Lines, Parquet, JSON or Markdown files",
        description="Convert posts (files, folders, glob patterns, - for stdin).",
        epilog=_CONVERT_EPILOG, formatter_class=raw,
    )  # fmt: skip
    convert.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, glob or -")
    convert.add_argument("-o", "--output", required=True, metavar="OUT", help="file or folder")
    convert.add_argument("--to", choices=("jsonl", "json", "markdown", "parquet"))
    convert.add_argument(
        "--on-error", choices=("skip", "raise"), default="skip",
        help="skip: report the post and go on (default); raise: stop, write nothing",
    )  # fmt: skip
    _add_load_options(convert)
    convert.set_defaults(run=_convert)

    show = sub.add_parser(
        "show", help="print one article", description="Print one post as newsdoc reads it.",
        epilog=_SHOW_EPILOG, formatter_class=raw,
    )  # fmt: skip
    show.add_argument("file", metavar="FILE", help="a post, or - for stdin")
    show.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    _add_parse_options(show)
    show.set_defaults(run=_show)

    check = sub.add_parser(
        "check", help="list problems; exit 1 if any",
        description="Validate posts and list every problem.",
        epilog=_CHECK_EPILOG, formatter_class=raw,
    )  # fmt: skip
    check.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, glob or -")
    check.add_argument(
        "--ignore", default="", metavar="CODES", help="problem codes to leave out, comma-separated"
    )
    _add_load_options(check)
    check.set_defaults(run=_check)
    return parser


def _add_parse_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="malformed input is an error")
    parser.add_argument("--body-format", choices=("auto", "html", "markdown"), default="auto")
    parser.add_argument("--base-url", help="resolve relative URLs against this URL")
    parser.add_argument("--timezone", help="zone of dates written without one (default UTC)")
    parser.add_argument("--encoding", help="encoding of the files (default: detected)")


def _add_load_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="worker processes (0: one per CPU; default 1)")  # fmt: skip
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    _add_parse_options(parser)


def _options(args: argparse.Namespace) -> LoadOptions:
    zone: dt.tzinfo = dt.UTC
    if args.timezone:
        try:
            zone = zoneinfo.ZoneInfo(args.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise UsageError(f"unknown time zone {args.timezone!r}") from exc
    return LoadOptions(
        strict=args.strict,
        default_timezone=zone,
        body_format=args.body_format,
        base_url=args.base_url,
        encoding=args.encoding,
    )


def _results(
    args: argparse.Namespace, options: LoadOptions, *, skip_below: str | None = None
) -> Generator[tuple[SourceFile, LoadResult], None, None]:
    """Each file named on the command line with its load result, in order."""
    if "-" in args.inputs:
        if len(args.inputs) > 1:
            raise UsageError("- (stdin) cannot be mixed with other inputs")
        source = SourceFile(path="<stdin>", relative="stdin.md")
        yield source, options.parse(sys.stdin.buffer.read(), "<stdin>")
        return
    try:
        jobs = resolve_jobs(args.jobs)
    except ValueError as exc:
        raise UsageError(f"-j must be 0 or more, not {args.jobs}") from exc
    found: deque[SourceFile] = deque()

    def files() -> Iterator[SourceFile]:
        for file in iter_files(args.inputs):
            if skip_below is not None and _inside(file.path, skip_below):
                continue  # our own output, when it lies inside an input folder
            found.append(file)
            yield file

    # One result per SourceFile, in order: the deque pairs each result with its file.
    for result in load_files(files(), options, jobs=jobs):
        yield found.popleft(), result


def _inside(path: str, folder: str) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(folder) + os.sep)


# ---------------------------------------------------------------- convert


class _Tally:
    """What a run did, for the summary line."""

    def __init__(self) -> None:
        self.files = self.articles = self.problems = self.errors = 0
        self.start = time.perf_counter()

    def summary(self, verb: str) -> str:
        elapsed = time.perf_counter() - self.start
        rate = self.files / elapsed if elapsed > 0 else 0.0
        return (
            f"{verb}: {self.files} files, {self.articles} articles, {self.problems} problems, "
            f"{self.errors} errors in {elapsed:.1f} s ({rate:,.0f} docs/s)"
        )


def _convert(args: argparse.Namespace) -> int:
    to = _output_format(args.output, args.to)
    folder = to in ("json", "markdown")
    options = _options(args)
    progress = Progress(enabled=not args.quiet)
    tally = _Tally()
    raising = args.on_error == "raise"
    pairs = _results(args, options, skip_below=args.output if folder else None)

    def loaded() -> Iterator[tuple[SourceFile, Article]]:
        for file, result in pairs:
            progress.update()
            tally.files += 1
            if result.article is None:
                tally.errors += 1
                if raising and result.error is not None:
                    raise result.error
                progress.write(f"error: {result.error}")
                continue
            tally.articles += 1
            tally.problems += len(result.article.problems)
            yield file, result.article

    try:
        if folder:
            writer = _folder_writer(args.output, to)
            for file, article in loaded():
                try:
                    writer.write(file.relative, article)
                except NewsdocError as exc:
                    if raising:
                        raise
                    tally.errors += 1
                    progress.write(f"error: {exc}")
        else:
            articles = (article for _, article in loaded())
            _write_file(articles, args.output, to)
    except NewsdocError as exc:
        progress.close()
        print(f"error: {exc}", file=sys.stderr)
        print("stopped" + ("" if folder else f": {args.output} not written"), file=sys.stderr)
        return 1
    finally:
        progress.close()
        pairs.close()  # shuts the worker pool down now, not when garbage collected
    if not args.quiet:
        print(f"{tally.summary('converted')} -> {args.output}", file=sys.stderr)
    return 1 if tally.errors else 0


def _output_format(output: str, to: str | None) -> str:
    if to is None:
        to = "jsonl" if output == "-" else _FORMATS.get(os.path.splitext(output)[1].lower())
        if to is None:
            raise UsageError(
                f"cannot tell the output format from {output!r}: "
                "name it *.jsonl or *.parquet, or give --to json / --to markdown for a folder"
            )
    if output == "-" and to != "jsonl":
        raise UsageError("only JSON Lines can go to stdout (-o -)")
    if to in ("json", "markdown") and os.path.isfile(output):
        raise UsageError(f"--to {to} writes a folder, and {output} is a file")
    if to in ("jsonl", "parquet") and os.path.isdir(output):
        raise UsageError(f"--to {to} writes a file, and {output} is a folder")
    return to


def _write_file(articles: Iterable[Article], output: str, to: str) -> None:
    if to == "parquet":
        from newsdoc.io.arrow import write_parquet

        write_parquet(articles, output)
        return
    from newsdoc.io.jsonl import write_jsonl

    if output == "-":
        write_jsonl(articles, sys.stdout)
        sys.stdout.flush()
    else:
        write_jsonl(articles, output)


def _folder_writer(output: str, to: str) -> Any:
    from newsdoc.io.folder import FolderWriter

    if to == "json":
        from newsdoc.serializers.json import to_json

        return FolderWriter(output, suffix=".json", render=lambda a: to_json(a, indent=2) + "\n")
    from newsdoc.serializers.markdown import to_markdown

    return FolderWriter(output, suffix=".md", render=to_markdown)


# ---------------------------------------------------------------- show


def _show(args: argparse.Namespace) -> int:
    options = _options(args)
    if args.file == "-":
        result = options.parse(sys.stdin.buffer.read(), "<stdin>")
    else:
        result = options.load(SourceFile(path=args.file, relative=os.path.basename(args.file)))
    if result.article is None:
        print(f"error: {result.error}", file=sys.stderr)
        return 1
    article = result.article
    if args.format == "json":
        from newsdoc.serializers.json import to_json

        print(to_json(article, indent=2))
    elif args.format == "markdown":
        from newsdoc.serializers.markdown import to_markdown

        sys.stdout.write(to_markdown(article))
    else:
        print(_pretty(article))
    return 0


def _pretty(article: Article) -> str:
    """The article for a person: title, the main fields, the text, then any problems."""
    title = article.title if article.title is not None else "(no title)"
    fields = [
        ("date", article.date.isoformat(" ") if article.date else article.date_raw),
        ("updated", article.updated.isoformat(" ") if article.updated else article.updated_raw),
        ("authors", ", ".join(article.authors)),
        ("categories", " | ".join(" › ".join(path) for path in article.categories)),
        ("tags", ", ".join(article.tags)),
        ("draft", "yes" if article.draft else ""),
        ("source", article.source),
    ]
    lines = [title, "=" * min(len(title), 80)]
    lines.extend(f"{name + ':':<12}{value}" for name, value in fields if value)
    lines.extend(["", article.text])
    if article.problems:
        lines.extend(["", "problems:", *(f"  {_finding(p)}" for p in article.problems)])
    return "\n".join(lines)


# ---------------------------------------------------------------- check


def _check(args: argparse.Namespace) -> int:
    options = _options(args)
    ignore = {code.strip() for code in args.ignore.split(",") if code.strip()}
    progress = Progress(enabled=not args.quiet)
    tally = _Tally()
    reported = 0
    pairs = _results(args, options)
    try:
        for _, result in pairs:
            progress.update()
            tally.files += 1
            if result.article is not None:
                tally.articles += 1
                found = list(result.article.problems)
                tally.problems += len(found)
            else:
                tally.errors += 1
                found = [_as_problem(result)]
            for problem in found:
                if problem.code not in ignore:
                    reported += 1
                    progress.write(_finding(problem), stream=sys.stdout)
    finally:
        progress.close()
        pairs.close()
    if not args.quiet:
        print(f"{tally.summary('checked')}; {reported} reported", file=sys.stderr)
    return 1 if reported else 0


def _as_problem(result: LoadResult) -> Problem:
    """A load error as a problem located in its file (1:1 when no line is known)."""
    error = result.error
    if isinstance(error, ParseError):
        return error.to_problem()
    message = str(error)
    prefix = f"{result.path}: "
    return Problem(
        code="error",
        message=message[len(prefix) :] if message.startswith(prefix) else message,
        source=result.path,
    )


def _finding(problem: Problem) -> str:
    """``path:line:column: code: message``, the form editors and CI annotations read."""
    where = f"{problem.source or '<string>'}:{problem.line or 1}:{problem.column or 1}"
    return f"{where}: {problem.code}: {problem.message}"

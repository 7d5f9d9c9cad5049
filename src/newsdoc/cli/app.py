"""The ``newsdoc`` command: ``convert``, ``show`` and ``check`` (also ``python -m newsdoc``).

Exit codes (`newsdoc.cli.paths.EXIT_CODES`): 0 success; 1 a file could not be loaded or
written, or problems were found (``check``); 2 a usage error (an output that is an input too);
3 no post found; 4 the output cannot be written; 130 interrupted (Ctrl-C), 143 and 129 stopped
by SIGTERM and SIGHUP (`newsdoc.cli.signals`).  A run that stops or converts nothing leaves no
output file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import functools
import os
import sys
from collections.abc import Callable, Generator, Iterable, Sequence

import attrs

from newsdoc._version import __version__
from newsdoc.batch.loading import map_chunks, resolve_jobs
from newsdoc.cli import feeds, outputs, paths, signals
from newsdoc.cli.convert import Chunk, Target, convert_chunk, convert_data
from newsdoc.cli.paths import EXIT_NO_INPUT, UsageError
from newsdoc.cli.progress import Progress, Tally, is_missing
from newsdoc.cli.show import finding
from newsdoc.common.chars import readable_name
from newsdoc.errors import (
    PROBLEM_CODES,
    NewsdocError,
    OptionError,
    ParseError,
    Problem,
    WorkerError,
    WriteError,
)
from newsdoc.io.files import SourceFile, iter_files
from newsdoc.limits import Limits
from newsdoc.options import ParseOptions

__all__ = ["main"]


_CONVERT_EPILOG = (
    """\
The output format is --to, or else told by -o: *.jsonl/*.ndjson (JSON Lines), *.parquet
(Apache Arrow schema, needs newsdoc[arrow]), *.rss, *.atom, - (JSON Lines on stdout). --to json
and --to markdown write a folder: one file per post, mirroring the input folders; a feed given
as input (RSS, Atom, JSON Feed; needs newsdoc[feeds]) gives one post per item, in a folder
named for the feed. --to rss|atom|jsonfeed writes one feed of all the posts.

examples:
  newsdoc convert posts/ -o posts.jsonl
  newsdoc convert posts/ -o posts.parquet -j 0          # all CPUs
  newsdoc convert 'site/**/*.md' --to markdown -o clean/
  newsdoc convert posts/ -o - --on-error raise | jq .title
  newsdoc convert feed.xml --to markdown -o source/_posts/   # RSSHub -> Hexo
  newsdoc convert source/_posts --to rss -o public/rss.xml --title Blog --link https://b.example/
  cat post.md | newsdoc convert - -o post.jsonl

"""
    + paths.EXIT_CODES
)

_SHOW_EPILOG = (
    """\
examples:
  newsdoc show posts/2021-11-24-anyang.md
  newsdoc show --format json post.md | jq .date
  curl -s https://example.org/post.md | newsdoc show -

"""
    + paths.EXIT_CODES
)

_CHECK_EPILOG = (
    """\
Every problem and error is printed as path:line:column: code: message; the exit code is 1 if
anything was printed, so `newsdoc check` can gate a pipeline.

examples:
  newsdoc check posts/
  newsdoc check --strict --ignore date-mismatch 'posts/**/*.md'
  newsdoc check - < post.md

"""
    + paths.EXIT_CODES
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``newsdoc`` command.

    Args:
        argv: The arguments after the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit code (see the module docstring).
    """
    parser = build_parser()
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:  # said by the subcommand, whose usage names the options it takes
            args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        run: Callable[[argparse.Namespace], int] = args.run
        with signals.stopping():
            code = run(args)
            paths.flush_stdout()
        return code
    except UsageError as exc:
        print(f"newsdoc {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP
        print(signals.said(exc), file=sys.stderr)
        return signals.exit_code(exc)
    except WorkerError as exc:  # `check -j N` (convert says which output it did not write)
        print(f"newsdoc {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except WriteError as exc:  # standard output (`> /dev/full`, `| head`)
        paths.discard_stdout()  # what is still buffered would fail again at exit
        if exc.errno == errno.EPIPE:  # `newsdoc show x | head`: the reader left, nothing to say
            return 1
        print(f"newsdoc {args.command}: error: {exc}", file=sys.stderr)
        return paths.EXIT_OUTPUT


def build_parser() -> argparse.ArgumentParser:
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
    convert.add_argument(
        "--to", choices=("jsonl", "json", "markdown", "parquet", "rss", "atom", "jsonfeed"),
        help="output format (default: told by -o's suffix); json and markdown write a folder",
    )  # fmt: skip
    convert.add_argument(
        "--on-error", choices=("skip", "raise"), default="skip",
        help="skip: report the post and go on (default); raise: stop at the first error "
        "(an output file is then not written; a folder keeps the files already written)",
    )  # fmt: skip
    convert.add_argument(
        "--front-matter", choices=("yaml", "toml", "json"),
        help="--to markdown: write every front matter in this dialect: yaml (---), toml (+++,"
        " Hugo) or json (an object; ;;; for a Hexo JSON post); default: each post's own, with"
        " its own keys, order and spelling",
    )  # fmt: skip
    feeds.add_feed_options(convert)
    _add_load_options(convert)
    convert.set_defaults(run=_convert, parser=convert)

    show = sub.add_parser(
        "show", help="print one article", description="Print one post as newsdoc reads it.",
        epilog=_SHOW_EPILOG, formatter_class=raw,
    )  # fmt: skip
    show.add_argument("file", metavar="FILE", help="a post, or - for stdin")
    show.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text",
        help="text: for reading (default); json: newsdoc.to_json; markdown: newsdoc.to_markdown",
    )  # fmt: skip
    _add_parse_options(show)
    show.set_defaults(run=_show, parser=show)

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
    check.set_defaults(run=_check, parser=check)
    return parser


def _add_parse_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="malformed input is an error")
    parser.add_argument("--body-format", choices=("auto", "html", "markdown"), default="auto",
                        help="the body's syntax (default auto: told from the content)")  # fmt: skip
    parser.add_argument("--base-url", help="resolve relative URLs against this URL")
    parser.add_argument("--timezone", help="zone of dates written without one (default UTC)")
    parser.add_argument("--encoding", help="encoding of the files (default: detected)")
    parser.add_argument("--limit", action="append", default=[], metavar="NAME=N",
                        help="change one of newsdoc.limits.Limits, e.g. max_input_bytes=1000000"
                        " (repeatable)")  # fmt: skip
    parser.add_argument("--keep-body", action="store_true",
                        help="keep each body's text: --to markdown writes an unchanged body"
                        " back byte for byte")  # fmt: skip


def _add_load_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="worker processes (0: one per CPU; default 1)")  # fmt: skip
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    _add_parse_options(parser)


def _options(args: argparse.Namespace) -> ParseOptions:
    try:
        return ParseOptions(
            strict=args.strict,
            default_timezone=args.timezone or dt.UTC,
            body_format=args.body_format,
            base_url=args.base_url,
            encoding=args.encoding,
            limits=_limits(args.limit),
            keep_body=args.keep_body,
        )
    except OptionError as exc:
        raise UsageError(str(exc)) from exc


def _limits(settings: Sequence[str]) -> Limits:
    """`Limits` changed by ``--limit NAME=N`` options.

    Raises:
        UsageError: An unknown name, or a value that is not a positive integer in range.
    """
    names = [field.name for field in attrs.fields(Limits)]
    changes: dict[str, int] = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        name = name.strip().replace("-", "_")
        if name not in names:
            raise UsageError(f"--limit {setting!r}: the limits are {', '.join(names)}")
        try:
            changes[name] = int(value)  # "1_000" reads too
        except ValueError as exc:
            raise UsageError(f"--limit {setting!r}: {value!r} is not an integer") from exc
    try:
        return Limits(**changes)
    except ValueError as exc:
        raise UsageError(f"--limit: {exc}") from exc


def _chunks(
    args: argparse.Namespace,
    target: Target,
    progress: Progress,
    *,
    skip_below: str | None = None,
) -> Generator[Chunk, None, None]:
    """The files named on the command line, loaded and rendered for `target`, chunk by chunk.

    With a progress bar shown, the files are listed first, so that it has a total and an ETA.

    Raises:
        UsageError: At the call, before any output is made.
    """
    options = _options(args)
    dialect = getattr(args, "front_matter", None)
    if "-" in args.inputs:
        if len(args.inputs) > 1:
            raise UsageError("- (stdin) cannot be mixed with other inputs")
        data = sys.stdin.buffer.read(options.limits.read_size)
        return (
            convert_data(data, "<stdin>", options=options, target=target, front_matter=dialect)
            for _ in "-"
        )
    try:
        jobs = resolve_jobs(args.jobs)
    except ValueError as exc:
        raise UsageError(f"-j must be 0 or more, not {args.jobs}") from exc
    files: Iterable[SourceFile] = iter_files(args.inputs, report_empty=True)
    if skip_below is not None:  # our own output, when it lies inside an input folder
        files = (f for f in files if not _inside(f.path, skip_below))
    elif args.command == "convert" and args.output != "-":
        files = paths.not_the_output(files, args.output)
    if progress.shown:
        listed = list(files)
        progress.set_total(len(listed))
        files = iter(listed)
    work = functools.partial(convert_chunk, options=options, target=target, front_matter=dialect)
    return map_chunks(work, files, jobs=jobs)


def _inside(path: str, folder: str) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(folder) + os.sep)


# ---------------------------------------------------------------- convert


def _convert(args: argparse.Namespace) -> int:
    to = paths.output_format(args.output, args.to)
    if args.front_matter is not None and to != "markdown":
        raise UsageError(f"--front-matter is for --to markdown, not --to {to}")
    feeds.check_feed_options(args, to)
    folder = to in ("json", "markdown")
    paths.refuse_overlap(args.inputs, args.output, folder=folder)
    progress = Progress(enabled=not args.quiet)
    tally = Tally(progress, raising=args.on_error == "raise")
    chunks = _chunks(args, to, progress, skip_below=args.output if folder else None)
    try:
        if to == "parquet":
            from newsdoc.io.arrow import write_record_batches

            write_record_batches(outputs.batches(chunks, tally), args.output)
        elif to == "jsonl":
            from newsdoc.io.jsonl import write_lines

            done = (o for chunk in outputs.counted(chunks, tally) for o in chunk.outcomes)
            lines = (o.text or "" for o in done if o.error is None)
            write_lines(lines, sys.stdout if args.output == "-" else args.output)
        elif to in paths.FEED_TARGETS:
            feeds.write_feed_output(outputs.counted(chunks, tally), args, to)
        else:
            suffix = ".json" if to == "json" else ".md"
            outputs.write_folder(outputs.counted(chunks, tally), args.output, suffix, tally)
    except outputs.NothingConvertedError:
        progress.close()
        print(f"nothing converted: {args.output} not written", file=sys.stderr)
        return EXIT_NO_INPUT if tally.missing == tally.files else 1
    except NewsdocError as exc:
        progress.close()
        if args.output == "-" and isinstance(exc, WriteError):
            raise  # standard output: `main` says so, or nothing when the reader left (`| head`)
        print(f"error: {exc}", file=sys.stderr)
        print("stopped" + ("" if folder else f": {args.output} not written"), file=sys.stderr)
        if isinstance(exc, WriteError):
            return paths.EXIT_OUTPUT
        return EXIT_NO_INPUT if tally.missing == tally.files and is_missing(exc) else 1
    finally:
        progress.close()
        chunks.close()  # stops the worker pool now, not when garbage collected
    if not args.quiet:
        print(f"{tally.summary('converted')} -> {args.output}", file=sys.stderr)
    return 1 if tally.errors else 0


# ---------------------------------------------------------------- show


def _show(args: argparse.Namespace) -> int:
    from newsdoc.cli.show import show

    return show(args.file, args.format, _options(args))


# ---------------------------------------------------------------- check


def _check(args: argparse.Namespace) -> int:
    ignore = {code.strip() for code in args.ignore.split(",") if code.strip()}
    unknown = sorted(ignore - PROBLEM_CODES)
    if unknown:
        codes = ", ".join(sorted(PROBLEM_CODES))
        raise UsageError(f"--ignore: no problem code {', '.join(unknown)}; the codes are {codes}")
    progress = Progress(enabled=not args.quiet)
    tally = Tally(progress)
    reported = 0
    chunks = _chunks(args, "check", progress)
    try:
        for chunk in chunks:
            for outcome in chunk.outcomes:
                if outcome.item is None or outcome.item == 1:  # a feed's items are one file
                    tally.files += 1
                    progress.update()
                if outcome.error is None:
                    tally.articles += 1
                    tally.problems += len(outcome.problems)
                    found = list(outcome.problems)
                else:
                    tally.errors += 1
                    found = [_as_problem(outcome.file.path, outcome.error)]
                    tally.missing += is_missing(outcome.error)
                for problem in found:
                    if problem.code not in ignore:
                        reported += 1
                        try:
                            progress.write(finding(problem), stream=sys.stdout)
                        except OSError as exc:
                            raise paths.stdout_error(exc) from exc
    finally:
        progress.close()
        chunks.close()
    if not args.quiet:
        print(f"{tally.summary('checked')}; {reported} reported", file=sys.stderr)
    if not tally.articles and tally.missing == tally.files:
        return EXIT_NO_INPUT
    return 1 if reported else 0


def _as_problem(path: str, error: NewsdocError) -> Problem:
    """A load error as a problem located in its file (1:1 when no line is known)."""
    if isinstance(error, ParseError):
        return error.to_problem()
    message = str(error)
    prefix = f"{readable_name(path)}: "
    return Problem(
        code="error",
        message=message[len(prefix) :] if message.startswith(prefix) else message,
        source=readable_name(path),
    )

"""The ``newsdoc`` command: ``convert``, ``show`` and ``check``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsdoc.api import load
from newsdoc.errors import NewsdocError
from newsdoc.serializers.json import to_json

__all__ = ["main"]

_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".txt"}


def _files(inputs: Sequence[str]) -> Iterator[Path]:
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in _SUFFIXES:
                    yield found
        else:
            yield path


def _convert(args: argparse.Namespace) -> int:
    out = Path(args.output)
    tmp = out.with_name(out.name + ".part")
    count = errors = 0
    with open(tmp, "w", encoding="utf-8") as handle:
        for path in _files(args.inputs):
            try:
                article = load(path, strict=args.strict)
            except NewsdocError as exc:
                errors += 1
                print(f"error: {exc}", file=sys.stderr)
                continue
            handle.write(to_json(article) + "\n")
            count += 1
    os.replace(tmp, out)
    print(f"{count} articles, {errors} errors -> {out}", file=sys.stderr)
    return 1 if errors else 0


def _show(args: argparse.Namespace) -> int:
    article = load(args.file)
    print(article.title or "(untitled)")
    if article.date:
        print(article.date.isoformat())
    print()
    print(article.text)
    return 0


def _check(args: argparse.Namespace) -> int:
    failed = False
    for path in _files(args.inputs):
        try:
            article = load(path, strict=args.strict)
        except NewsdocError as exc:
            print(exc)
            failed = True
            continue
        for problem in article.problems:
            print(problem)
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``newsdoc`` command with `argv` (default: ``sys.argv[1:]``); return the exit code."""
    parser = argparse.ArgumentParser(prog="newsdoc", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    convert = sub.add_parser("convert", help="convert posts to JSON Lines")
    convert.add_argument("inputs", nargs="+", help="files or folders")
    convert.add_argument("-o", "--output", required=True, help="the output file")
    convert.add_argument("--strict", action="store_true", help="fail on malformed input")
    convert.set_defaults(run=_convert)
    show = sub.add_parser("show", help="print one article")
    show.add_argument("file")
    show.set_defaults(run=_show)
    check = sub.add_parser("check", help="list problems")
    check.add_argument("inputs", nargs="+")
    check.add_argument("--strict", action="store_true")
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

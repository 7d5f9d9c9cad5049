"""``newsdoc convert … --to rss|atom|jsonfeed``: a folder of posts published as one feed.

The workers render each article as JSON Lines (`newsdoc.cli.convert`); here each line is read
back (lossless) and streamed into `newsdoc.write_feed`, so one article at a time is in memory.
The feed's title is ``--title`` (default: the name of the first input), its link ``--link``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator

from newsdoc.cli.convert import Chunk
from newsdoc.cli.paths import FEED_TARGETS, UsageError
from newsdoc.model import Article

__all__ = ["add_feed_options", "check_feed_options", "write_feed_output"]


def add_feed_options(parser: argparse.ArgumentParser) -> None:
    """``--title`` and ``--link``, the feed's own."""
    parser.add_argument("--title", help="--to rss|atom|jsonfeed: the feed's title (default: the"
                        " first input's name)")  # fmt: skip
    parser.add_argument("--link", default="", help="--to rss|atom|jsonfeed: the URL of the"
                        " site the feed is of")  # fmt: skip


def check_feed_options(args: argparse.Namespace, to: str) -> None:
    """Refuse ``--title``/``--link`` for an output that is not a feed.

    Raises:
        UsageError: They were given with another ``--to``.
    """
    if to not in FEED_TARGETS and (args.title is not None or args.link):
        raise UsageError(f"--title and --link are for --to rss|atom|jsonfeed, not --to {to}")


def _articles(chunks: Iterable[Chunk]) -> Iterator[Article]:
    from newsdoc.serializers.json.codec import from_json

    for chunk in chunks:
        for outcome in chunk.outcomes:
            if outcome.error is None and outcome.text is not None:
                yield from_json(outcome.text)


def write_feed_output(chunks: Iterable[Chunk], args: argparse.Namespace, to: str) -> None:
    """Write the articles of `chunks` (counted already) as the feed ``args.output``.

    Raises:
        WriteError: The output cannot be written.
    """
    from newsdoc.io.feeds import write_feed

    first = args.inputs[0].rstrip("/\\") if args.inputs else ""
    title = args.title if args.title is not None else os.path.basename(first) or first or "feed"
    output = sys.stdout.buffer if args.output == "-" else args.output
    write_feed(_articles(chunks), output, format=to, title=title, link=args.link)  # type: ignore[arg-type]

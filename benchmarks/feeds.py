"""Feed benchmarks: reading and writing RSS, Atom and JSON Feed of the corpus posts.

Run from the repository root (needs ``pip install -e ".[feeds]"``)::

    python benchmarks/feeds.py               # 5 passes, the corpus of benchmarks/run.py
    python benchmarks/feeds.py --passes 9 --corpus tests/corpus

Every post of the corpus goes into one feed of each format (written by `newsdoc.write_feed`,
held in memory); each row is the median of the passes: `newsdoc.read_feed` (feedparser, then
newsdoc's HTML reader on every body) against feedparser alone (its sanitizer on, as it is used
by default), and `newsdoc.write_feed`.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import feedparser

import newsdoc

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_CORPUS = SHARED if SHARED.is_dir() else ROOT / "tests" / "corpus"


def _median(work: Callable[[], object], passes: int) -> float:
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _feed(articles: list[newsdoc.Article], fmt: str) -> bytes:
    out = io.BytesIO()
    newsdoc.write_feed(articles, out, format=fmt, title="corpus", link="https://c.example/")  # type: ignore[arg-type]
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    articles = list(newsdoc.iter_load(args.corpus, on_error="skip"))
    n = len(articles)
    print(f"{n} posts from {args.corpus}")
    print(f"{'what':<34}{'bytes':>12}{'ms':>10}{'items/s':>10}{'MB/s':>8}")
    for fmt in ("rss", "atom", "jsonfeed"):
        data = _feed(articles, fmt)
        rows: list[tuple[str, Callable[[], object]]] = [
            (f"newsdoc.write_feed {fmt}", lambda f=fmt: _feed(articles, f)),
            (f"newsdoc.read_feed {fmt}", lambda d=data: list(newsdoc.read_feed(d))),
        ]
        if fmt != "jsonfeed":
            rows.append((f"feedparser.parse {fmt}", lambda d=data: feedparser.parse(d)))
        for name, work in rows:
            seconds = _median(work, args.passes)
            print(f"{name:<34}{len(data):>12,}{seconds * 1000:>10.1f}{n / seconds:>10,.0f}"
                  f"{len(data) / seconds / 1e6:>8.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

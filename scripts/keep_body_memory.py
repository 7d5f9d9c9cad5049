"""What `keep_body=True` costs: memory held by the corpus's articles, bodies kept and not.

Loads every corpus post ($NEWSDOC_CORPUS, else ../shared/corpus, else tests/corpus) into a list
twice — without and with ``keep_body`` — and prints what `tracemalloc` sees held by each list,
and the bodies' own size.

    python scripts/keep_body_memory.py
"""

from __future__ import annotations

import gc
import os
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import attrs  # noqa: E402

import newsdoc  # noqa: E402 -- after the path is set, for a checkout that is not installed

POST_SUFFIXES = {".md", ".html", ".markdown"}


def _corpus() -> list[bytes]:
    named = os.environ.get("NEWSDOC_CORPUS")
    roots = (
        [Path(named)] if named else [ROOT.parent / "shared" / "corpus", ROOT / "tests" / "corpus"]
    )
    root = next(r for r in roots if r.is_dir())
    paths = sorted(
        p for p in root.rglob("*") if p.is_file() and p.parent != root and p.suffix in POST_SUFFIXES
    )
    return [p.read_bytes() for p in paths]


def _held(
    posts: list[bytes], *, keep_body: bool, origin: bool = True
) -> tuple[int, list[newsdoc.Article]]:
    gc.collect()
    tracemalloc.start()
    articles = [newsdoc.parse(data, keep_body=keep_body) for data in posts]
    if not origin:
        articles = [attrs.evolve(a, origin=None) for a in articles]
    gc.collect()
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return held, articles


def main() -> None:
    """Print the memory held without and with kept bodies."""
    posts = _corpus()
    for data in posts:  # imports and caches filled before measuring
        newsdoc.parse(data, keep_body=True)
    bare, _ = _held(posts, keep_body=False, origin=False)
    without, _ = _held(posts, keep_body=False)
    with_body, kept = _held(posts, keep_body=True)
    bodies = sum(len(a.origin.body.encode()) for a in kept if a.origin and a.origin.body)
    n = len(posts)
    print(f"{n} posts, {sum(map(len, posts)) / 1e6:.2f} MB of files")
    print(f"held with no origin:    {bare / 1e6:.2f} MB ({bare / n / 1e3:.1f} KB a post)")
    print(f"held without keep_body: {without / 1e6:.2f} MB ({without / n / 1e3:.1f} KB a post)")
    print(f"held with keep_body:    {with_body / 1e6:.2f} MB ({with_body / n / 1e3:.1f} KB a post)")
    print(
        f"origin (keys, texts): {(without - bare) / n / 1e3:.2f} KB a post, "
        f"+{(without - bare) / bare:.1%}"
    )
    extra = with_body - without
    print(
        f"cost: {extra / 1e6:.2f} MB, {extra / n / 1e3:.1f} KB a post, +{extra / without:.0%};"
        f" the bodies' UTF-8 size: {bodies / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()

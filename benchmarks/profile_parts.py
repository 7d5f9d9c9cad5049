"""Where a post's time goes: each part of newsdoc's work timed on its own, beside the floor's parts.

Run from the repository root (``pip install -e ".[bench,test]"``: cmarkgfm comes with the test
extra)::

    python benchmarks/profile_parts.py [--passes 9]

Each figure is the least of ``--passes`` runs over the corpus (a busy machine only ever adds
time), in µs per post of the group named.  docs/performance.md quotes them under "Where the
time goes"; benchmarks/run.py gives the ratios of whole operations.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import newsdoc  # noqa: E402
from newsdoc.model import Text  # noqa: E402
from newsdoc.parsers.decode import decode  # noqa: E402 - private: the parts timed one by one
from newsdoc.parsers.front_matter.split import split  # noqa: E402
from newsdoc.parsers.html.reader import parse_html  # noqa: E402
from newsdoc.parsers.markdown.events import parse_events  # noqa: E402
from run import (  # noqa: E402 - benchmarks/run.py, beside this file
    _FENCE,
    DEFAULT_CORPUS,
    _naive_types,
    by_body_format,
    corpus,
    floor_split_yaml_lxml,
    naive_from_json,
)


def least(work: Callable[[], object], count: int, passes: int) -> float:
    """The least time of `passes` runs of `work`, in µs per each of `count` posts."""
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best / count * 1e6


def _count_nodes(value: Any) -> int:
    """How many model nodes `value` (a node or a tuple of them) holds, itself included."""
    if isinstance(value, tuple):
        return sum(_count_nodes(item) for item in value)
    if attrs.has(type(value)):
        return 1 + sum(_count_nodes(getattr(value, f.name)) for f in attrs.fields(type(value)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Print each part's µs per post."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=9)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    import lxml.html
    import yaml

    docs = corpus(args.corpus)
    groups = by_body_format(docs)
    html, markdown = groups["html"], groups["markdown"]
    html_texts = [decode(data)[0] for _, data in html]
    html_bodies = [split(text).body for text in html_texts]
    md_bodies = [split(decode(data)[0]).body for _, data in markdown]
    front_matters = [m.group(1) for _, data in html if (m := _FENCE.match(data)) is not None]

    def yaml_c_loader() -> None:
        for text in front_matters:
            with contextlib.suppress(yaml.YAMLError):
                yaml.load(text, Loader=yaml.CSafeLoader)

    times = {
        "Markdown posts: floor (split + yaml C loader + lxml)": least(
            lambda: floor_split_yaml_lxml(markdown), len(markdown), args.passes
        ),
        "Markdown posts: pulldown-cmark events of the body (pyromark)": least(
            lambda: [parse_events(b) for b in md_bodies], len(markdown), args.passes
        ),
        "Markdown posts: newsdoc.parse": least(
            lambda: [newsdoc.parse(d, source=n) for n, d in markdown], len(markdown), args.passes
        ),
    }
    with contextlib.suppress(ImportError):
        import cmarkgfm

        times["Markdown posts: cmark-gfm to HTML (not used)"] = least(
            lambda: [cmarkgfm.github_flavored_markdown_to_html(b) for b in md_bodies],
            len(markdown),
            args.passes,
        )
    times |= {
        "HTML posts: floor (split + yaml C loader + lxml)": least(
            lambda: floor_split_yaml_lxml(html), len(html), args.passes
        ),
        "HTML posts: yaml C loader of the front matter": least(
            yaml_c_loader, len(html), args.passes
        ),
        "HTML posts: newsdoc front matter (split)": least(
            lambda: [split(t) for t in html_texts], len(html), args.passes
        ),
        "HTML posts: lxml.html parse of the body": least(
            lambda: [lxml.html.fragments_fromstring(b) for b in html_bodies if b.strip()],
            len(html),
            args.passes,
        ),
        "HTML posts: newsdoc parse_html of the body": least(
            lambda: [parse_html(b) for b in html_bodies], len(html), args.passes
        ),
        "HTML posts: newsdoc.parse": least(
            lambda: [newsdoc.parse(d, source=n) for n, d in html], len(html), args.passes
        ),
    }
    articles = [newsdoc.parse(data, source=name) for name, data in docs]
    texts = [newsdoc.to_json(a) for a in articles]
    nodes = sum(_count_nodes(a.blocks) for a in articles)
    types = _naive_types()
    times |= {
        "all posts: json.loads of to_json": least(
            lambda: [json.loads(t) for t in texts], len(docs), args.passes
        ),
        "all posts: naive rebuild (json.loads + classes by type)": least(
            lambda: [naive_from_json(t, types) for t in texts], len(docs), args.passes
        ),
        "all posts: newsdoc.from_json": least(
            lambda: [newsdoc.from_json(t) for t in texts], len(docs), args.passes
        ),
    }
    text_value = Text.value.__set__  # type: ignore[attr-defined]
    text_type = Text.type.__set__  # type: ignore[attr-defined]

    def bypass() -> None:
        node = object.__new__(Text)
        text_value(node, "abc")
        text_type(node, "text")

    per_node = {
        "one Text node through attrs' __init__": timeit.timeit(
            lambda: Text(value="abc"), number=200_000
        ),
        "one Text node through object.__new__ + slot descriptors": timeit.timeit(
            bypass, number=200_000
        ),
    }
    print(f"{len(docs)} posts ({len(html)} HTML, {len(markdown)} Markdown); least of {args.passes}")
    print(f"model nodes per post: {nodes / len(docs):.0f}\n")
    print("| part | µs per post |\n|---|---:|")
    for name, micros in times.items():
        print(f"| {name} | {micros:,.0f} |")
    for name, seconds in per_node.items():
        print(f"| {name} (µs per node) | {seconds / 200_000 * 1e6:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

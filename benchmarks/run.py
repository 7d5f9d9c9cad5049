"""newsdoc benchmarks: one table, side by side with the tools people use today.

Run from the repository root (needs ``pip install -e ".[bench]"``)::

    python benchmarks/run.py                 # every section, 5 passes each
    python benchmarks/run.py --passes 9 --only load,json

Every figure is the median of several passes over the whole corpus (files
read into memory first, so disk time is left out); ratios compare tools
measured in the same run on the same machine.  The corpus is
``../shared/corpus`` or ``$NEWSDOC_CORPUS``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

import newsdoc

ROOT = Path(__file__).resolve().parents[1]
Doc = tuple[str, bytes]


def corpus(path: Path) -> list[Doc]:
    """Every post under `path`, as (name, bytes), sorted by name."""
    files = sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and p.parent != path and p.suffix in {".md", ".html", ".markdown"}
    )
    return [(str(p), p.read_bytes()) for p in files]


def timed(work: Callable[[], object], passes: int) -> float:
    """The median wall time of `passes` runs of `work`, in seconds."""
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# ---------------------------------------------------------------- the tools

_FENCE = re.compile(rb"\A\s*---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def floor_split_yaml_lxml(docs: Sequence[Doc]) -> None:
    """The floor: split the fences, yaml.load with the C loader, lxml.html parse of the body."""
    import lxml.html
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for _, data in docs:
        match = _FENCE.match(data)
        body = data
        if match is not None:
            yaml.load(match.group(1), Loader=loader)
            body = data[match.end() :]
        if body.strip():
            lxml.html.fragments_fromstring(body.decode("utf-8", "replace"))


def frontmatter_markdownify(docs: Sequence[Doc]) -> None:
    """python-frontmatter + markdownify, what many pipelines use."""
    import frontmatter
    from markdownify import markdownify

    for _, data in docs:
        post = frontmatter.loads(data.decode("utf-8", "replace"))
        markdownify(post.content)


def frontmatter_html_to_markdown(docs: Sequence[Doc]) -> None:
    """python-frontmatter + html-to-markdown (Rust core)."""
    import frontmatter
    import html_to_markdown

    for _, data in docs:
        post = frontmatter.loads(data.decode("utf-8", "replace"))
        html_to_markdown.convert(post.content)


def newsdoc_load(docs: Sequence[Doc]) -> None:
    """newsdoc.parse: the full Article (front matter, dates, blocks)."""
    for name, data in docs:
        newsdoc.parse(data, source=name)


def newsdoc_to_markdown(docs: Sequence[Doc]) -> None:
    """newsdoc.to_markdown(newsdoc.parse(...))."""
    for name, data in docs:
        newsdoc.to_markdown(newsdoc.parse(data, source=name))


# ---------------------------------------------------------------- sections


def section_load(docs: Sequence[Doc], passes: int) -> list[tuple[str, float]]:
    """Post to Article (or to the competitors' nearest output)."""
    rows = [
        ("newsdoc.load", timed(lambda: newsdoc_load(docs), passes)),
        ("floor: split + yaml C loader + lxml", timed(lambda: floor_split_yaml_lxml(docs), passes)),
        (
            "frontmatter + html-to-markdown",
            timed(lambda: frontmatter_html_to_markdown(docs), passes),
        ),
        ("frontmatter + markdownify", timed(lambda: frontmatter_markdownify(docs), passes)),
    ]
    if hasattr(newsdoc, "to_markdown"):
        rows.insert(
            1, ("newsdoc to_markdown(load)", timed(lambda: newsdoc_to_markdown(docs), passes))
        )
    return rows


def _naive_dict(value: Any) -> Any:
    if attrs.has(type(value)):
        return {f.name: _naive_dict(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, tuple | list):
        return [_naive_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: _naive_dict(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def section_json(docs: Sequence[Doc], passes: int) -> list[tuple[str, float]]:
    """to_json/from_json against json.dumps(attrs.asdict(a)) and a json.loads + from_dict."""
    articles = [newsdoc.parse(data, source=name) for name, data in docs]
    texts = [newsdoc.to_json(a) for a in articles]
    return [
        ("newsdoc.to_json", timed(lambda: [newsdoc.to_json(a) for a in articles], passes)),
        (
            "json.dumps(attrs.asdict(a))",
            timed(
                lambda: [
                    json.dumps(
                        attrs.asdict(a, value_serializer=lambda _i, _f, v: _naive_dict(v)),
                        ensure_ascii=False,
                    )
                    for a in articles
                ],
                passes,
            ),
        ),
        ("newsdoc.from_json", timed(lambda: [newsdoc.from_json(t) for t in texts], passes)),
        (
            "json.loads + newsdoc.from_dict",
            timed(lambda: [newsdoc.from_dict(json.loads(t)) for t in texts], passes),
        ),
    ]


def _import_time(statement: str, passes: int) -> float:
    best = []
    for _ in range(passes):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        best.append(time.perf_counter() - start)
    return statistics.median(best)


def section_import(passes: int) -> list[tuple[str, float]]:
    """`import newsdoc` against its dependencies' own import, interpreter start removed."""
    base = _import_time("pass", passes)
    return [
        ("import newsdoc", _import_time("import newsdoc", passes) - base),
        (
            "import frontmatter, lxml.html, dateutil, attrs",
            _import_time("import frontmatter, lxml.html, dateutil.parser, attrs", passes) - base,
        ),
    ]


def report(title: str, rows: list[tuple[str, float]], n_docs: int, n_bytes: int) -> None:
    """Print one section as a Markdown table, ratios against the first row."""
    first = rows[0][1]
    print(f"\n### {title}\n")
    if n_docs:
        print("| tool | docs/s | MB/s | newsdoc speed-up |")
        print("|---|---:|---:|---:|")
        for name, seconds in rows:
            print(
                f"| {name} | {n_docs / seconds:,.0f} | {n_bytes / seconds / 1e6:.2f} "
                f"| {seconds / first:.2f}x |"
            )
    else:
        print("| step | ms | ratio to first |")
        print("|---|---:|---:|")
        for name, seconds in rows:
            print(f"| {name} | {seconds * 1e3:.1f} | {seconds / first:.2f} |")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected sections and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--only", default="load,json,import")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("NEWSDOC_CORPUS", ROOT.parent / "shared" / "corpus")),
    )
    args = parser.parse_args(argv)
    docs = corpus(args.corpus)
    n_bytes = sum(len(d) for _, d in docs)
    only = set(args.only.split(","))
    print(
        f"corpus: {len(docs)} posts, {n_bytes / 1e6:.2f} MB; median of {args.passes} passes; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    )
    if "load" in only:
        report(
            "Post to model (ratio: time of the tool / time of newsdoc.load)",
            section_load(docs, args.passes),
            len(docs),
            n_bytes,
        )
    if "json" in only:
        report(
            "JSON (ratio: time / time of newsdoc.to_json)",
            section_json(docs, args.passes),
            len(docs),
            n_bytes,
        )
    if "import" in only:
        report("Import", section_import(args.passes), 0, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

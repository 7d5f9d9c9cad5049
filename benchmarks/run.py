"""newsdoc benchmarks: one table, side by side with the tools people use today.

Run from the repository root (needs ``pip install -e ".[bench]"``)::

    python benchmarks/run.py                 # every section, 5 passes each
    python benchmarks/run.py --passes 9 --only load,json,import,batch

It prints one table: each target of issues 7 and 13 as newsdoc against its baseline,
docs/s and MB/s of both, the ratio (a speed-up; for import, a cost), the target
and whether it is met.  Every figure is the median of several passes over the
whole corpus (files read into memory first, so disk time is left out); ratios
compare tools measured in the same run on the same machine.  The load rows are
also split by body format against each format's own floor on the same posts: split +
PyYAML's C loader + ``lxml.html`` for HTML posts, + pyromark's events for Markdown posts.
``benchmarks/callgrind.py`` counts instructions per post of the same works, a figure a
noisy machine does not move.
``batch`` times ``iter_load`` with jobs=1 and 2 on ``--batch-count`` generated
posts (``benchmarks/batch.py``).  The corpus is ``$NEWSDOC_CORPUS``, else
``../shared/corpus``, else the small one in ``tests/corpus``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
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
_SHARED_CORPUS = Path(os.environ.get("NEWSDOC_CORPUS", ROOT.parent / "shared" / "corpus"))
DEFAULT_CORPUS = _SHARED_CORPUS if _SHARED_CORPUS.is_dir() else ROOT / "tests" / "corpus"
"""The posts to measure: $NEWSDOC_CORPUS, else ../shared/corpus beside the repository, else
the small corpus in tests/corpus (figures on it are rougher: 40 posts)."""
Doc = tuple[str, bytes]


def corpus(path: Path) -> list[Doc]:
    """Every post under `path`, as (name, bytes), sorted by name."""
    files = sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and p.parent != path and p.suffix in {".md", ".html", ".markdown"}
    )
    return [(str(p), p.read_bytes()) for p in files]


def timed(
    works: Sequence[tuple[str, Callable[[], object]]], passes: int
) -> list[tuple[str, float]]:
    """The median wall time of `passes` runs of each work, in seconds, by name.

    The works run in turn, pass after pass, so that a machine whose speed drifts during the
    run weighs on each alike (timing one tool's passes, then the next's, put whole tools in
    faster or slower minutes: ratios moved by a third from run to run).
    """
    times: dict[str, list[float]] = {name: [] for name, _ in works}
    for _ in range(passes):
        for name, work in works:
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    return [(name, statistics.median(values)) for name, values in times.items()]


# ---------------------------------------------------------------- the tools

_FENCE = re.compile(rb"\A\s*---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def _split_yaml(data: bytes, yaml: Any) -> bytes:
    """The floors' front matter: split the fences, yaml.load with the C loader; the body.
    (``yaml`` passed in: no import statement in the floor's loop.)"""
    match = _FENCE.match(data)
    if match is None:
        return data
    # A few corpus posts hold broken YAML: the floor still pays the parse.
    with contextlib.suppress(yaml.YAMLError):
        yaml.load(match.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data[match.end() :]


def floor_split_yaml_lxml(docs: Sequence[Doc]) -> None:
    """The floor: split the fences, yaml.load with the C loader, lxml.html parse of the body."""
    import lxml.html
    import yaml

    for _, data in docs:
        body = _split_yaml(data, yaml)
        if body.strip():
            lxml.html.fragments_fromstring(body.decode("utf-8", "replace"))


def floor_split_yaml_pyromark(docs: Sequence[Doc]) -> None:
    """The Markdown floor: split the fences, yaml.load with the C loader, pulldown-cmark's
    events of the body through pyromark (building nothing: lxml on Markdown text is no floor
    for Markdown)."""
    import pyromark
    import yaml

    options = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
    for _, data in docs:
        body = _split_yaml(data, yaml)
        for _event in pyromark.events(body.decode("utf-8", "replace"), options=options):
            pass


def floor_by_format(docs: Sequence[Doc], markdown: frozenset[str]) -> None:
    """Each post's own floor: the Markdown floor for Markdown posts, the HTML one for the rest."""
    floor_split_yaml_pyromark([doc for doc in docs if doc[0] in markdown])
    floor_split_yaml_lxml([doc for doc in docs if doc[0] not in markdown])


def _frontmatter_content(frontmatter: Any, data: bytes) -> str:
    """The body python-frontmatter gives, or the whole text when its YAML fails to load."""
    import yaml

    text = data.decode("utf-8", "replace")
    try:
        content: str = frontmatter.loads(text).content
    except yaml.YAMLError:
        return text
    return content


def frontmatter_markdownify(docs: Sequence[Doc]) -> None:
    """python-frontmatter + markdownify, what many pipelines use."""
    import frontmatter
    from markdownify import markdownify

    for _, data in docs:
        markdownify(_frontmatter_content(frontmatter, data))


def frontmatter_html_to_markdown(docs: Sequence[Doc]) -> None:
    """python-frontmatter + html-to-markdown (Rust core)."""
    import frontmatter
    import html_to_markdown

    for _, data in docs:
        html_to_markdown.convert(_frontmatter_content(frontmatter, data))


def newsdoc_load(docs: Sequence[Doc]) -> None:
    """newsdoc.parse: the full Article (front matter, dates, blocks)."""
    for name, data in docs:
        newsdoc.parse(data, source=name)


def newsdoc_to_markdown(docs: Sequence[Doc]) -> None:
    """newsdoc.to_markdown(newsdoc.parse(...))."""
    for name, data in docs:
        newsdoc.to_markdown(newsdoc.parse(data, source=name))


# ---------------------------------------------------------------- sections


def by_body_format(docs: Sequence[Doc]) -> dict[str, list[Doc]]:
    """The posts grouped by the body format newsdoc detects (``html``, ``markdown``)."""
    from newsdoc.common.detect import detect_body_format
    from newsdoc.parsers.decode import decode
    from newsdoc.parsers.front_matter.split import split

    groups: dict[str, list[Doc]] = {"html": [], "markdown": []}
    for name, data in docs:
        groups[detect_body_format(split(decode(data)[0]).body)].append((name, data))
    return groups


def section_load(docs: Sequence[Doc], passes: int) -> list[tuple[str, float]]:
    """Post to Article (or to the competitors' nearest output).

    The floor is each body format's own: split + PyYAML's C loader + ``lxml.html`` for HTML
    posts, + pyromark's events for Markdown posts (the whole corpus: each post its own).
    """
    groups = by_body_format(docs)
    markdown = frozenset(name for name, _ in groups["markdown"])
    tools: tuple[tuple[str, Callable[[Sequence[Doc]], None]], ...] = (
        ("newsdoc.load", newsdoc_load),
        ("newsdoc to_markdown(load)", newsdoc_to_markdown),
        ("floor", functools.partial(floor_by_format, markdown=markdown)),
        ("frontmatter + html-to-markdown", frontmatter_html_to_markdown),
        ("frontmatter + markdownify", frontmatter_markdownify),
    )
    works = [(name, functools.partial(work, docs)) for name, work in tools]
    for kind, group in groups.items():
        works += [
            (f"{name} [{kind} posts]", functools.partial(work, group)) for name, work in tools
        ]
    return timed(works, passes)


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


def _naive_types() -> dict[str, type]:
    """The model classes by their JSON ``type`` (``listItem`` for ListItem)."""
    from newsdoc import model

    table: dict[str, type] = {}
    for name in dir(model):
        cls = getattr(model, name)
        if isinstance(cls, type) and attrs.has(cls):
            table[name[0].lower() + name[1:]] = cls
    return table


def _naive_value(value: Any, types: dict[str, type]) -> Any:
    if isinstance(value, dict):
        fields = {k: _naive_value(v, types) for k, v in value.items() if k != "type"}
        cls = types.get(value.get("type"))  # type: ignore[arg-type]
        return cls(**fields) if cls is not None else fields
    if isinstance(value, list):
        return tuple(_naive_value(v, types) for v in value)
    return value


def naive_from_json(text: str, types: dict[str, type]) -> newsdoc.Article:
    """The naive rebuild: json.loads, then each ``type`` to its class, lists to tuples."""
    from newsdoc.errors import Problem

    data = json.loads(text)
    data.pop("schema_version", None)
    extra, problems = data.pop("extra"), data.pop("problems")
    fields = {k: _naive_value(v, types) for k, v in data.items()}
    for key in ("date", "updated"):
        if fields[key] is not None:
            fields[key] = dt.datetime.fromisoformat(fields[key])
    found = tuple(Problem(**p) for p in problems)
    return newsdoc.Article(**fields, extra=extra, problems=found)


def section_json(docs: Sequence[Doc], passes: int) -> list[tuple[str, float]]:
    """to_json/from_json against json.dumps(attrs.asdict(a)) and a json.loads + from_dict."""
    articles = [newsdoc.parse(data, source=name) for name, data in docs]
    texts = [newsdoc.to_json(a) for a in articles]
    types = _naive_types()
    if any(naive_from_json(t, types) != newsdoc.from_json(t) for t in texts):
        raise SystemExit("the naive rebuild does not give what from_json gives")
    return timed(
        [
            ("newsdoc.to_json", lambda: [newsdoc.to_json(a) for a in articles]),
            (
                "json.dumps(attrs.asdict(a))",
                lambda: [
                    json.dumps(
                        attrs.asdict(a, value_serializer=lambda _i, _f, v: _naive_dict(v)),
                        ensure_ascii=False,
                    )
                    for a in articles
                ],
            ),
            ("newsdoc.from_json", lambda: [newsdoc.from_json(t) for t in texts]),
            (
                "naive rebuild (json.loads + classes by type)",
                lambda: [naive_from_json(t, types) for t in texts],
            ),
        ],
        passes,
    )


def section_import(passes: int, baseline: Path | None = None) -> dict[str, float]:
    """`import newsdoc` against its dependencies' own import, interpreter start removed.

    The statements run in turn, pass after pass, so that a machine whose speed drifts during
    the run weighs on each alike; bytecode caches are allowed (and written by a first, untimed
    round), as for an installed wheel: with PYTHONDONTWRITEBYTECODE an editable install
    recompiles newsdoc every time while the baseline's packages load their cached .pyc files.
    `baseline` is the ``src`` folder of another checkout (``git worktree add /tmp/old REV``):
    its ``import newsdoc`` is timed in the same run, and the modules each import loads (a count
    that does not drift) are printed.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    here = {**env, "PYTHONPATH": str(ROOT / "src")}
    statements: dict[str, tuple[str, dict[str, str]]] = {
        "pass": ("pass", env),
        "import newsdoc": ("import newsdoc", here),
        "import frontmatter, lxml.html, dateutil, attrs": (
            "import frontmatter, lxml.html, dateutil, attrs",
            env,
        ),
    }
    if baseline is not None:
        statements[f"import newsdoc [{baseline}]"] = (
            "import newsdoc",
            {**env, "PYTHONPATH": str(baseline)},
        )
    count = "import sys; n = len(sys.modules); import newsdoc; print(len(sys.modules) - n)"
    for name, (statement, variables) in statements.items():
        if statement == "import newsdoc":
            done = subprocess.run(
                [sys.executable, "-c", count], env=variables, capture_output=True, text=True
            )
            print(f"{name}: {done.stdout.strip()} modules loaded")
    times: dict[str, list[float]] = {name: [] for name in statements}
    for round_ in range(passes + 1):
        for name, (statement, variables) in statements.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", statement], check=True, env=variables)
            if round_:  # the first round only writes the caches
                times[name].append(time.perf_counter() - start)
    base = statistics.median(times.pop("pass"))
    result = {name: statistics.median(values) - base for name, values in times.items()}
    for name, took in result.items():
        print(f"{name}: {took * 1000:.1f} ms (median of {passes}, interpreter start removed)")
    return result


# (label, measured row, baseline row, target, "speed": baseline/measured, "cost": measured/baseline)
COMPARISONS: tuple[tuple[str, str, str, float | None, str], ...] = (
    ("1. load vs floor", "newsdoc.load", "floor", None, "speed"),
    ("   HTML posts", "newsdoc.load [html posts]", "floor [html posts]", 0.5, "speed"),
    ("   Markdown posts", "newsdoc.load [markdown posts]", "floor [markdown posts]", 0.5, "speed"),
    (
        "2. to_markdown vs frontmatter+html-to-markdown",
        "newsdoc to_markdown(load)",
        "frontmatter + html-to-markdown",
        None,
        "speed",
    ),
    (
        "   HTML posts",
        "newsdoc to_markdown(load) [html posts]",
        "frontmatter + html-to-markdown [html posts]",
        1.0,
        "speed",
    ),
    (
        "   Markdown posts",
        "newsdoc to_markdown(load) [markdown posts]",
        "frontmatter + html-to-markdown [markdown posts]",
        None,
        "speed",
    ),
    (
        "2. to_markdown vs frontmatter+markdownify",
        "newsdoc to_markdown(load)",
        "frontmatter + markdownify",
        None,
        "speed",
    ),
    (
        "   HTML posts",
        "newsdoc to_markdown(load) [html posts]",
        "frontmatter + markdownify [html posts]",
        5.0,
        "speed",
    ),
    (
        "   Markdown posts",
        "newsdoc to_markdown(load) [markdown posts]",
        "frontmatter + markdownify [markdown posts]",
        None,
        "speed",
    ),
    (
        "3. to_json vs json.dumps(attrs.asdict)",
        "newsdoc.to_json",
        "json.dumps(attrs.asdict(a))",
        3.0,
        "speed",
    ),
    (
        "3. from_json vs naive rebuild",
        "newsdoc.from_json",
        "naive rebuild (json.loads + classes by type)",
        3.0,
        "speed",
    ),
    (
        "4. import newsdoc vs its dependencies",
        "import newsdoc",
        "import frontmatter, lxml.html, dateutil, attrs",
        1.3,
        "cost",
    ),
    ("5. iter_load jobs=2 vs jobs=1", "iter_load jobs=2", "iter_load jobs=1", 1.6, "speed"),
)


def report(seconds: dict[str, float], sizes: dict[str, tuple[int, int]]) -> None:
    """Print the one table: each comparison with docs/s and MB/s of both sides, ratio, target.

    Args:
        seconds: median seconds of each measured row.
        sizes: (posts, bytes) each row processed; import rows have none.
    """

    def rate(name: str) -> tuple[str, str]:
        if name not in sizes:
            return f"{seconds[name] * 1e3:.0f} ms", "-"
        count, size = sizes[name]
        return f"{count / seconds[name]:,.0f}", f"{size / seconds[name] / 1e6:.2f}"

    print("| comparison | newsdoc docs/s | MB/s | baseline docs/s | MB/s | ratio | target | met |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for label, mine, theirs, target, kind in COMPARISONS:
        if mine not in seconds or theirs not in seconds:
            continue
        if kind == "speed":
            ratio = seconds[theirs] / seconds[mine]
            goal = f">= {target:g}x" if target is not None else "-"
            met = "-" if target is None else ("yes" if ratio >= target else "no")
        else:
            ratio = seconds[mine] / seconds[theirs]
            goal = f"<= {target:g}x" if target is not None else "-"
            met = "-" if target is None else ("yes" if ratio <= target else "no")
        print(f"| {label} | {' | '.join(rate(mine))} | {' | '.join(rate(theirs))} "
              f"| {ratio:.2f}x | {goal} | {met} |")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected sections and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--only", default="load,json,import,batch")
    parser.add_argument("--batch-count", type=int, default=2000, help="posts for iter_load")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--import-baseline",
        type=Path,
        default=None,
        metavar="SRC",
        help="another checkout's src folder, whose `import newsdoc` is timed in the same run",
    )
    args = parser.parse_args(argv)
    docs = corpus(args.corpus)
    n_bytes = sum(len(d) for _, d in docs)
    only = set(args.only.split(","))
    print(
        f"corpus: {len(docs)} posts, {n_bytes / 1e6:.2f} MB; median of {args.passes} passes; "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    seconds: dict[str, float] = {}
    sizes: dict[str, tuple[int, int]] = {}
    whole = (len(docs), n_bytes)
    if "load" in only:
        groups = by_body_format(docs)
        for name, time_taken in section_load(docs, args.passes):
            seconds[name] = time_taken
            kind = next((k for k in groups if name.endswith(f"[{k} posts]")), None)
            group = groups[kind] if kind else docs
            sizes[name] = (len(group), sum(len(d) for _, d in group)) if kind else whole
    if "json" in only:
        for name, time_taken in section_json(docs, args.passes):
            seconds[name], sizes[name] = time_taken, whole
    if "import" in only:
        seconds.update(section_import(args.passes, args.import_baseline))
    if "batch" in only:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from batch import iter_load_seconds  # benchmarks/batch.py, beside this file

        by_jobs, size = iter_load_seconds(args.batch_count, args.passes)
        for jobs, time_taken in by_jobs.items():
            seconds[f"iter_load jobs={jobs}"] = time_taken
            sizes[f"iter_load jobs={jobs}"] = (args.batch_count, size)
    report(seconds, sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

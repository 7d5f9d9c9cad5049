"""Instructions per post under callgrind: a figure a noisy machine does not move.

    python benchmarks/callgrind.py            # the table (needs valgrind)

A fixed set of posts (the small corpus in ``tests/corpus``, which ships with the repository,
split by body format) is parsed in a child Python under ``valgrind --tool=callgrind``. Each
work runs once to warm up (lazy imports, caches) and then ``--rounds`` times; the count of a
run that only warms up is taken off, so what remains is the instructions of those rounds, per
post. Wall-clock ratios need alternating passes on a quiet machine; this count changes only
when the code does, so each change can be judged on its own.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTS = ROOT / "tests" / "corpus"

_CHILD = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[4])
import run  # benchmarks/run.py: the same tools the table times
import newsdoc

docs = run.corpus(Path(sys.argv[1]))
groups = run.by_body_format(docs)
work, rounds = sys.argv[2], int(sys.argv[3])
html, markdown = groups["html"], groups["markdown"]
works = {
    "newsdoc.load [html posts]": lambda: run.newsdoc_load(html),
    "newsdoc.load [markdown posts]": lambda: run.newsdoc_load(markdown),
    "floor [html posts]": lambda: run.floor_split_yaml_lxml(html),
    "floor [markdown posts]": lambda: run.floor_split_yaml_pyromark(markdown),
    "newsdoc to_markdown(load) [html posts]": lambda: run.newsdoc_to_markdown(html),
    "frontmatter + html-to-markdown [html posts]": (
        lambda: run.frontmatter_html_to_markdown(html)
    ),
    "frontmatter + markdownify [html posts]": lambda: run.frontmatter_markdownify(html),
}
works[work]()  # warm up: lazy imports, caches
for _ in range(rounds):
    works[work]()
print(len(html) if "html posts" in work else len(markdown))
"""
WORKS = (
    "newsdoc.load [html posts]",
    "floor [html posts]",
    "newsdoc.load [markdown posts]",
    "floor [markdown posts]",
    "newsdoc to_markdown(load) [html posts]",
    "frontmatter + html-to-markdown [html posts]",
    "frontmatter + markdownify [html posts]",
)
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(work: str, rounds: int, posts: Path) -> tuple[int, int]:
    """The instructions callgrind counts for ``rounds`` runs of ``work``, and the post count."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                "-c",
                _CHILD,
                str(posts),
                work,
                str(rounds),
                str(ROOT / "benchmarks"),
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise RuntimeError(done.stderr[-2000:])
    return int(found.group(1)), int(done.stdout.strip().splitlines()[-1])


def per_post(rounds: int, posts: Path, works: Sequence[str] = WORKS) -> dict[str, float]:
    """Instructions per post of each work: (``rounds`` + warm-up) less warm-up alone."""
    result: dict[str, float] = {}
    for work in works:
        warm, count = instructions(work, 0, posts)
        total, _ = instructions(work, rounds, posts)
        result[work] = (total - warm) / rounds / count
    return result


def report(counts: dict[str, float]) -> None:
    """The table: millions of instructions per post, and each newsdoc row's ratio to its floor."""
    pairs = {
        "newsdoc.load [html posts]": "floor [html posts]",
        "newsdoc.load [markdown posts]": "floor [markdown posts]",
        "frontmatter + html-to-markdown [html posts]": "newsdoc to_markdown(load) [html posts]",
        "frontmatter + markdownify [html posts]": "newsdoc to_markdown(load) [html posts]",
    }
    print("| work (tests/corpus) | M instructions / post | speed vs |")
    print("|---|---:|---|")
    for work, count in counts.items():
        other = pairs.get(work)
        ratio = f"{counts[other] / count:.2f}x of {other}" if other in counts else "-"
        if work.startswith("frontmatter"):  # the ratio the targets quote: newsdoc's speed
            ratio = f"newsdoc {count / counts[other]:.2f}x of it" if other in counts else "-"
        print(f"| {work} | {count / 1e6:.2f} | {ratio} |")


def main(argv: Sequence[str] | None = None) -> int:
    """Count and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--posts", type=Path, default=POSTS)
    parser.add_argument("--only", default="", help="works whose name holds this text")
    args = parser.parse_args(argv)
    report(per_post(args.rounds, args.posts, [w for w in WORKS if args.only in w]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

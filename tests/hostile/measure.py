"""Measure what hostile input costs: ``python tests/hostile/measure.py`` (a few minutes).

Each case runs in a fresh Python process, so that its peak resident memory
(``ru_maxrss``, less the process's size before the parse) is its own.  Prints a
Markdown table: input size, seconds, seconds per MB, peak MB, and the problem codes
or the error.  The figures in ``docs/limits.md`` come from this script.
"""

from __future__ import annotations

import json
import subprocess
import sys

CASES: dict[str, tuple[str, str]] = {
    # name: (Python expression building the input, body format)
    "5 MB paragraph, HTML": ('"<p>" + "word " * 1_000_000 + "</p>"', "html"),
    "5 MB paragraph, Markdown": ('"word " * 1_000_000', "markdown"),
    "64 MiB of words (largest accepted), HTML": ('"word " * (64 * 2**20 // 5)', "html"),
    "64 MiB of words (largest accepted), Markdown": ('"word " * (64 * 2**20 // 5)', "markdown"),
    "64 MiB + 1 byte (refused)": ('b" " * (64 * 2**20 + 1)', "auto"),
    "10 MB line in the front matter": ('"---\\ntitle: " + "a" * 10_000_000 + "\\n---\\nx"', "auto"),
    "200,000 <p> (cut at the markup limit)": ('"<p>x</p>" * 200_000', "html"),
    "100,000 <p> (at the markup limit)": ('"<p>x</p>" * 100_000', "html"),
    "100,000 Markdown paragraphs (at the limit)": ('"x\\n\\n" * 100_000', "markdown"),
    "100,000 ** in a row": ('"**" * 100_000', "markdown"),
    "50,000 [ without a match": ('"[" * 50_000', "markdown"),
    "100,000 nested <div>": ('"<div>" * 100_000 + "x" + "</div>" * 100_000', "html"),
    "100,000 nested <blockquote>": (
        '"<blockquote>" * 100_000 + "x" + "</blockquote>" * 100_000',
        "html",
    ),
    "100,000 nested > (one line)": ('">" * 100_000 + " x"', "markdown"),
    "worst HTML markup: <b>a</b> x 100,000": ('"<b>a</b> " * 100_000', "html"),
    "worst Markdown markup: *a* x 100,000": ('"*a* " * 100_000', "markdown"),
    "billion laughs": ("LAUGHS", "auto"),
    "100,000 attributes on one tag": ('"<p " + "a=b " * 100_000 + ">x</p>"', "html"),
}

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, "tests")
import newsdoc
from hostile.catalogue import LAUGHS
data = {expression}
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    outcome = sorted({{p.code for p in newsdoc.parse(data, body_format="{fmt}").problems}})
except newsdoc.NewsdocError as error:
    outcome = type(error).__name__
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
print(json.dumps([len(data), seconds, peak / 1024, outcome]))
"""


def main() -> None:
    """Run every case in its own process and print the table."""
    print("| input | MB | s | s/MB | peak MB | outcome |")
    print("|---|---:|---:|---:|---:|---|")
    for name, (expression, fmt) in CASES.items():
        code = _CHILD.format(expression=expression, fmt=fmt)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        size, seconds, peak, outcome = json.loads(out)
        mb = size / 1e6
        outcome_text = ", ".join(outcome) if isinstance(outcome, list) else outcome
        print(
            f"| {name} | {mb:.2f} | {seconds:.2f} | {seconds / mb:.2f} | {peak:.0f} |"
            f" {outcome_text or 'no problem'} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

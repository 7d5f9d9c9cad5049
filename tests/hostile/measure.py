"""Measure what hostile input costs: ``python tests/hostile/measure.py`` (a few minutes).

Each case runs in a fresh Python process, so that its peak resident memory
(``ru_maxrss``, less the process's size before the parse) is its own.  Prints a
Markdown table: input size, CPU seconds (what other processes take from this one does
not count, so the figures hold on a shared machine), seconds per MB, peak MB, and the
problem codes or the error.  The figures in ``docs/limits.md`` come from this script.
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
    "200,000 <p> paragraphs (2.6 MB)": ('"<p>words</p>\\n" * 200_000', "html"),
    "500,000 <p> (at the markup limit)": ('"<p>x</p>" * 500_000', "html"),
    "600,000 <p> (cut at the markup limit)": ('"<p>x</p>" * 600_000', "html"),
    "worst HTML markup: <b>a</b> x 500,000 (at the limit)": ('"<b>a</b> " * 500_000', "html"),
    "200,000 Markdown paragraphs": ('"x\\n\\n" * 200_000', "markdown"),
    "500,000 Markdown paragraphs (at the limit)": ('"x\\n\\n" * 500_000', "markdown"),
    "worst Markdown markup: *a* x 500,000 (at the limit)": ('"*a* " * 500_000', "markdown"),
    "100,000 ** in a row": ('"**" * 100_000', "markdown"),
    "50,000 [ without a match": ('"[" * 50_000', "markdown"),
    "100,000 nested <div>": ('"<div>" * 100_000 + "x" + "</div>" * 100_000', "html"),
    "100,000 nested <blockquote>": (
        '"<blockquote>" * 100_000 + "x" + "</blockquote>" * 100_000',
        "html",
    ),
    "100,000 nested > (one line)": ('">" * 100_000 + " x"', "markdown"),
    "100,000 attributes on one tag": ('"<p " + "a=b " * 100_000 + ">x</p>"', "html"),
    "front matter: 10 MB scalar": ('"---\\ntitle: " + "a" * 10_000_000 + "\\n---\\nx"', "auto"),
    "front matter: 64 MiB scalar (largest accepted)": (
        '"---\\ntitle: " + "a" * (64 * 2**20 - 20) + "\\n---\\nx"',
        "auto",
    ),
    "front matter: 200,000 tags": (
        '"---\\ntitle: t\\ntags:\\n" + "- tag\\n" * 200_000 + "---\\nx"',
        "auto",
    ),
    "front matter: 1,000,000 values (at the limit)": (
        '"---\\ntitle: t\\ntags: [" + "a," * 999_997 + "a]\\n---\\nx"',
        "auto",
    ),
    "front matter: 5,000,000 values in one key (left out)": (
        '"---\\ntitle: t\\ntags: [" + "a," * 5_000_000 + "a]\\n---\\nx"',
        "auto",
    ),
    "front matter: one key nested 5,000 deep (left out)": (
        '"---\\ntitle: t\\nk: " + "[" * 5_000 + "]" * 5_000 + "\\n---\\nx"',
        "auto",
    ),
    "front matter: a scalar line of 100,000 [": (
        '"---\\ntitle: t\\n  " + "[" * 100_000 + "\\nslug: s\\n---\\nx"',
        "auto",
    ),
    "billion laughs (title kept)": ("LAUGHS", "auto"),
    "merge-key bomb": ("MERGE_BOMB", "auto"),
}

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, "tests")
import newsdoc
from hostile.catalogue import LAUGHS, MERGE_BOMB
data = {expression}
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.process_time()
try:
    outcome = sorted({{p.code for p in newsdoc.parse(data, body_format="{fmt}").problems}})
except newsdoc.NewsdocError as error:
    outcome = type(error).__name__
seconds = time.process_time() - start
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

"""newsdoc at scale: iter_load throughput with jobs=1 and jobs=2, and a 20,000-post Parquet run.

Run from the repository root (needs ``pip install -e ".[arrow]"`` for the Parquet run)::

    python benchmarks/batch.py                        # both sections
    python benchmarks/batch.py --only throughput --count 4000 --passes 3
    python benchmarks/batch.py --only parquet --parquet-count 20000

``throughput`` generates ``--count`` posts from the real corpus (``tests/gen_corpus.py``),
reads them once to warm the page cache, then times ``list(newsdoc.iter_load(folder, jobs=N))``
for N = 1 and 2, alternating, and prints the median docs/s of each and their ratio.  The load
average before and after is printed too: on a shared machine, other work steals cores from
jobs=2 first.

``parquet`` generates ``--parquet-count`` posts, runs ``python -m newsdoc convert FOLDER -o
out.parquet -j 2 -q`` in a subprocess, samples the memory of its process tree from ``/proc``,
checks that the Parquet file holds one row per post with the right source paths, and prints the
wall time, the peak RSS of the main process, of the largest worker and of the whole tree.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import newsdoc  # noqa: E402
from gen_corpus import generate, run_measured  # noqa: E402 - tests/ holds the corpus tools
from newsdoc.batch import iter_load  # noqa: E402


def throughput(folder: Path, count: int, passes: int, chunksize: int) -> None:
    """Time iter_load over `folder` with jobs=1 and jobs=2 and print a table."""
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())  # warms the cache
    times: dict[int, list[float]] = {1: [], 2: []}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for _ in range(passes):
        for jobs in (1, 2):
            start = time.perf_counter()
            loaded = sum(1 for _ in iter_load(folder, jobs=jobs, chunksize=chunksize))
            times[jobs].append(time.perf_counter() - start)
            if loaded != count:
                raise SystemExit(f"jobs={jobs} loaded {loaded} posts, not {count}")
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(f"\n### iter_load, {count} posts ({size / 1e6:.1f} MB), median of {passes} passes\n")
    print("| jobs | seconds | docs/s | MB/s |")
    print("|---:|---:|---:|---:|")
    for jobs, seconds in ((1, one), (2, two)):
        print(f"| {jobs} | {seconds:.2f} | {count / seconds:,.0f} | {size / seconds / 1e6:.2f} |")
    print(f"\njobs=2 / jobs=1 throughput: **{one / two:.2f}x**")


def parquet(folder: Path, expected: Sequence[Path], out: Path) -> None:
    """Convert `folder` to Parquet with -j 2 in a subprocess; check it and print time and RSS."""
    import pyarrow.parquet as pq

    command = [sys.executable, "-m", "newsdoc", "convert", str(folder), "-o", str(out), "-j", "2"]
    measured = run_measured([*command, "-q"])
    if measured.returncode != 0:
        raise SystemExit(f"convert failed ({measured.returncode}):\n{measured.stderr}")
    table = pq.read_table(out, columns=["source"])
    sources = table.column("source").to_pylist()
    missed = len(expected) != len(sources) or sources != [str(p) for p in expected]
    print(f"\n### newsdoc convert -j 2 to Parquet, {len(expected)} posts\n")
    print("| rows | sources match | seconds | docs/s | peak RSS main | largest worker | tree |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    print(
        f"| {table.num_rows} | {'no' if missed else 'yes'} | {measured.seconds:.1f} "
        f"| {len(expected) / measured.seconds:,.0f} | {measured.main_mb:.0f} MB "
        f"| {measured.largest_child_mb:.0f} MB | {measured.peak_total_kb * 1024 / 1e6:.0f} MB |"
    )
    print(
        f"\n{len(measured.peak_kb)} processes seen; Parquet file {out.stat().st_size / 1e6:.1f} MB"
    )
    if missed:
        raise SystemExit("the Parquet file does not hold every post")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected sections."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="throughput,parquet")
    parser.add_argument("--count", type=int, default=4000, help="posts for the throughput run")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--chunksize", type=int, default=32)
    parser.add_argument("--parquet-count", type=int, default=20_000)
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    print(
        f"newsdoc {newsdoc.__version__}; Python {sys.version.split()[0]}; "
        f"{os.cpu_count()} CPUs; usable {len(os.sched_getaffinity(0))}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        if "throughput" in only:
            folder = Path(scratch) / "throughput"
            generate(folder, args.count)
            throughput(folder, args.count, args.passes, args.chunksize)
        if "parquet" in only:
            folder = Path(scratch) / "parquet"
            start = time.perf_counter()
            expected = generate(folder, args.parquet_count, seed=1)
            print(f"\ngenerated {len(expected)} posts in {time.perf_counter() - start:.1f} s")
            parquet(folder, expected, Path(scratch) / "out.parquet")
    return 0


if __name__ == "__main__":
    sys.exit(main())

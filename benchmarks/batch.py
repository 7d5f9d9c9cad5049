"""newsdoc at scale: iter_load throughput with jobs=1 and jobs=2, and a 20,000-post Parquet run.

Run from the repository root (needs ``pip install -e ".[arrow]"`` for the Parquet run)::

    python benchmarks/batch.py                        # both sections
    python benchmarks/batch.py --only throughput --count 4000 --passes 3
    python benchmarks/batch.py --only parquet --parquet-count 20000

``throughput`` generates ``--count`` posts from the real corpus (``tests/gen_corpus.py``),
reads them once to warm the page cache, then times ``list(newsdoc.iter_load(folder, jobs=N))``
and ``newsdoc convert folder -o out.jsonl -j N`` for N = 1 and 2, alternating, and prints the
median docs/s of each and their ratio.  It also
prints the CPU time of each run (this process and its worker processes, from getrusage) and the
load average: on a shared machine other work takes cores away from jobs=2, and the CPU time
shows what 2 idle cores would give (the "CPU-time bound").

``parquet`` generates ``--parquet-count`` posts, runs ``python -m newsdoc convert FOLDER -o
out.parquet -j 2 -q`` in a subprocess, samples the memory of its process tree from ``/proc``,
checks that the Parquet file holds one row per post with the right source paths, and prints the
wall time, the peak RSS of the main process and of the largest worker, and the peak of the whole
process tree's proportional set size (PSS: pages shared by forked workers counted once).
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import newsdoc  # noqa: E402
from gen_corpus import generate, run_measured  # noqa: E402 - tests/ holds the corpus tools
from newsdoc.batch import iter_load  # noqa: E402
from newsdoc.cli import main as main_cli  # noqa: E402


def _cpu() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(run: Callable[[], int], count: int) -> tuple[float, float]:
    """Wall and CPU seconds (all processes) of `run`, which must return `count`."""
    cpu_start, start = _cpu(), time.perf_counter()
    done = run()
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu_start
    if done != count:
        raise SystemExit(f"{done} posts done, not {count}")
    return seconds, cpu


def _table(title: str, count: int, size: int, runs: dict[int, list[tuple[float, float]]]) -> None:
    """Print the medians of `runs` (wall and CPU seconds by jobs) and the jobs=2 ratios."""
    wall = {jobs: statistics.median(w for w, _ in rows) for jobs, rows in runs.items()}
    cpu = {jobs: statistics.median(c for _, c in rows) for jobs, rows in runs.items()}
    print(f"\n### {title}, {count} posts ({size / 1e6:.1f} MB)\n")
    print("| jobs | seconds | docs/s | MB/s | CPU s (all processes) | cores used |")
    print("|---:|---:|---:|---:|---:|---:|")
    for jobs in runs:
        print(
            f"| {jobs} | {wall[jobs]:.2f} | {count / wall[jobs]:,.0f} "
            f"| {size / wall[jobs] / 1e6:.2f} | {cpu[jobs]:.2f} | {cpu[jobs] / wall[jobs]:.2f} |"
        )
    print(f"\njobs=2 / jobs=1 throughput: **{wall[1] / wall[2]:.2f}x** (wall clock)")
    # On 2 idle cores, jobs=2 can at best spread its CPU time over both: the speed-up the work
    # itself allows, whatever else the machine runs.
    print(f"CPU-time bound on 2 idle cores: {cpu[1] / (cpu[2] / 2):.2f}x")


def _load_all(folder: Path, jobs: int, chunksize: int) -> int:
    """How many articles iter_load gives for `folder`."""
    return sum(1 for _ in iter_load(folder, jobs=jobs, chunksize=chunksize))


def _convert_all(argv: list[str], count: int) -> int:
    """Run the newsdoc command; `count` if it succeeded, else 0."""
    return count if main_cli(argv) == 0 else 0


def iter_load_seconds(count: int, passes: int, chunksize: int = 32) -> tuple[dict[int, float], int]:
    """Median wall seconds of ``list(iter_load(folder, jobs=N))`` for N = 1, 2 (alternating).

    The folder holds `count` posts generated from the corpus and read once first
    (page cache warm); used by ``benchmarks/run.py`` for its summary table.

    Returns:
        The median seconds by jobs, and the folder's size in bytes.
    """
    runs: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "posts"
        generate(folder, count)
        size = sum(len(p.read_bytes()) for p in folder.rglob("*") if p.is_file())
        for _ in range(passes):
            for jobs in (1, 2):
                load = functools.partial(_load_all, folder, jobs, chunksize)
                runs[jobs].append(_timed(load, count)[0])
    return {jobs: statistics.median(times) for jobs, times in runs.items()}, size


def throughput(folder: Path, count: int, passes: int, chunksize: int) -> None:
    """Time iter_load, and `newsdoc convert` to JSON Lines, with jobs=1 and 2; print tables."""
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())  # warms the cache
    loads: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    converts: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as scratch:
        out = str(Path(scratch) / "out.jsonl")
        for _ in range(passes):
            for jobs in (1, 2):
                load = functools.partial(_load_all, folder, jobs, chunksize)
                loads[jobs].append(_timed(load, count))
                argv = ["convert", str(folder), "-o", out, "-j", str(jobs), "-q"]
                convert = functools.partial(_convert_all, argv, count)
                converts[jobs].append(_timed(convert, count))
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    _table(f"iter_load (Article objects back to this process), median of {passes}", count,
           size, loads)  # fmt: skip
    _table(f"newsdoc convert -o out.jsonl (workers write JSON), median of {passes}", count,
           size, converts)  # fmt: skip


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
    print("| rows | sources match | seconds | docs/s | peak RSS main | largest worker | tree PSS |")
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

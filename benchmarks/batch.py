"""newsdoc at scale: the cost of jobs=2, iter_load throughput and memory, a Parquet run.

Run from the repository root (needs ``pip install -e ".[arrow]"`` for the Parquet run)::

    python benchmarks/batch.py                        # every section
    python benchmarks/batch.py --only overhead --count 1000
    python benchmarks/batch.py --only throughput --count 4000 --passes 3
    python benchmarks/batch.py --only parquet --parquet-count 20000
    python benchmarks/batch.py --only memory --memory-counts 2000,20000

``overhead`` measures, in CPU time per document (the least of ``--passes`` runs, so that it
holds on a busy machine), what ``jobs=2`` adds to parsing: the pickling of the results in a
worker and their unpickling in this process (ordinary pickling of the `LoadResult` lists, and
``newsdoc.batch.transfer``'s pack/unpack, which iter_load uses), then a whole ``jobs=2`` pool run
whose workers send back posts parsed beforehand (this process's CPU, the workers' CPU), and the
start-up and shutdown of a pool.  Parsed posts are kept out of the garbage collector's sight
(`gc.freeze`) while it runs, as in a caller that does not keep the articles.

``throughput`` generates ``--count`` posts from the real corpus (``tests/gen_corpus.py``),
reads them once to warm the page cache, then times ``list(newsdoc.iter_load(folder, jobs=N))``
and ``newsdoc convert folder -o out.jsonl -j N`` for N = 1 and 2, alternating, and prints the
median docs/s of each and their ratio.  It also prints the CPU time of each run (this process,
and its worker processes, from getrusage), the load average, and how the workers were started:
on a shared machine other work takes cores away from jobs=2, and the CPU time shows what 2 idle
cores would give (the "CPU-time bound").

``parquet`` generates ``--parquet-count`` posts, runs ``python -m newsdoc convert FOLDER -o
out.parquet -j 2 -q`` in a subprocess, samples the memory of its process tree from ``/proc``,
checks that the Parquet file holds one row per post with the right source paths, and prints the
wall time, the peak RSS of the main process and of the largest worker, and the peak of the whole
process tree's proportional set size (PSS: pages shared by forked workers counted once).

``memory`` generates folders of each of ``--memory-counts`` posts and, in a fresh interpreter
per run, counts the articles of ``newsdoc.iter_load(folder, jobs=N)`` for N = 1 and 2 while
sampling the peak memory the same way: flat streaming shows as the same peak for every size.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import pickle
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import newsdoc  # noqa: E402
from gen_corpus import generate, run_measured  # noqa: E402 - tests/ holds the corpus tools
from newsdoc.batch import pool as _pool  # noqa: E402 - private: what jobs=2 is made of
from newsdoc.batch import transfer as _transfer  # noqa: E402
from newsdoc.batch.loading import iter_load, load_one, map_chunks  # noqa: E402
from newsdoc.batch.result import LoadResult  # noqa: E402
from newsdoc.cli.app import main as main_cli  # noqa: E402
from newsdoc.io.files import SourceFile, iter_files  # noqa: E402
from newsdoc.options import ParseOptions  # noqa: E402

_PARSED: dict[str, LoadResult] = {}
"Posts parsed before a pool forks, for `_pre_parsed` in its workers."


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its children that have ended."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _timed(run: Callable[[], int], count: int) -> tuple[float, float]:
    """Wall and CPU seconds (all processes) of `run`, which must return `count`."""
    seconds, main, workers = _timed_apart(run, count)
    return seconds, main + workers


def _timed_apart(run: Callable[[], int], count: int) -> tuple[float, float, float]:
    """Wall seconds of `run` (which must return `count`), CPU of this process and of children."""
    (main_start, kids_start), start = _cpu(), time.perf_counter()
    done = run()
    seconds, (main, kids) = time.perf_counter() - start, _cpu()
    if done != count:
        raise SystemExit(f"{done} posts done, not {count}")
    return seconds, main - main_start, kids - kids_start


def _drain(items: Iterable[object]) -> int:
    """Go through `items` keeping none of them (as a caller that does not keep the articles)."""
    return sum(1 for _ in items)


def _least_cpu(run: Callable[[], object], passes: int) -> float:
    """The least CPU seconds of this process over `passes` runs of `run`."""
    times = []
    for _ in range(passes):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def _pre_parsed(files: list[SourceFile]) -> _transfer.Packed:
    """The work of a worker that sends back posts parsed before the pool forked."""
    return _transfer.pack([_PARSED[file.path] for file in files])


def _pool_run(files: list[SourceFile]) -> int:
    """Send `_PARSED` back through a jobs=2 pool, as `iter_load` does; how many came back."""
    chunks = map_chunks(_pre_parsed, files, jobs=2)
    return sum(1 for packed in chunks for _ in _transfer.unpack(packed))


def overhead(folder: Path, count: int, passes: int) -> None:
    """Print what jobs=2 costs besides parsing, per document (see the module docstring)."""
    files = list(iter_files(folder))
    options = ParseOptions()
    results = [load_one(file, options) for file in files]
    chunks = [results[i : i + 32] for i in range(0, len(results), 32)]
    blobs = [ForkingPickler.dumps(chunk) for chunk in chunks]
    packs = [_transfer.pack(chunk) for chunk in chunks]
    if [r for packed in packs for r in _transfer.unpack(packed)] != results:
        raise SystemExit("pack/unpack changed the results")
    _PARSED.update((result.path, result) for result in results)
    gc.collect()
    gc.freeze()
    per_doc = 1e6 / count
    steps: list[tuple[str, Callable[[], object]]] = [
        ("parse: `load_one` in this process", lambda: _drain(load_one(f, options) for f in files)),
        ("send, ordinary pickle: `ForkingPickler.dumps`",
         lambda: _drain(map(ForkingPickler.dumps, chunks))),
        ("receive, ordinary pickle: `pickle.loads`", lambda: _drain(map(pickle.loads, blobs))),
        ("send, iter_load: `_transfer.pack`", lambda: _drain(map(_transfer.pack, chunks))),
        ("receive, iter_load: `_transfer.unpack`",
         lambda: _drain(r for packed in packs for r in _transfer.unpack(packed))),
    ]  # fmt: skip
    rows = [(name, _least_cpu(step, passes)) for name, step in steps]
    method = _pool.start_method()
    if method == "fork":  # workers started afresh would not have _PARSED
        runs = [_timed_apart(functools.partial(_pool_run, files), count) for _ in range(passes)]
        rows.append(("jobs=2 pool, posts parsed beforehand: this process", min(r[1] for r in runs)))
        rows.append(("jobs=2 pool, posts parsed beforehand: workers", min(r[2] for r in runs)))
    gc.unfreeze()
    _PARSED.clear()
    two = [str(file.path) for file in files[:2]]
    starts = [_timed_apart(lambda: len(list(iter_load(two, jobs=2))), 2) for _ in range(passes)]
    print(f"\n### What jobs=2 adds to parsing, {count} posts (CPU µs/post, least of {passes})\n")
    print("| step | µs/post |")
    print("|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * per_doc:,.0f} |")
    if method != "fork":
        print(f"\n(no pool rows: workers start with {method}, and would not see the parsed posts)")
    print(
        f"\nA pool of 2 ({method}) for 2 posts: {min(s[0] for s in starts) * 1e3:.0f} ms, "
        f"CPU {min(s[1] + s[2] for s in starts) * 1e3:.0f} ms; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


def _table(title: str, count: int, size: int, runs: dict[int, list[tuple[float, ...]]]) -> None:
    """Print the medians of `runs` (wall, CPU of this process and of workers, by jobs)."""
    wall = {jobs: statistics.median(r[0] for r in rows) for jobs, rows in runs.items()}
    main = {jobs: statistics.median(r[1] for r in rows) for jobs, rows in runs.items()}
    kids = {jobs: statistics.median(r[2] for r in rows) for jobs, rows in runs.items()}
    cpu = {jobs: main[jobs] + kids[jobs] for jobs in runs}
    print(f"\n### {title}, {count} posts ({size / 1e6:.1f} MB)\n")
    print("| jobs | seconds | docs/s | MB/s | CPU s: this process | CPU s: workers | cores used |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for jobs in runs:
        print(
            f"| {jobs} | {wall[jobs]:.2f} | {count / wall[jobs]:,.0f} "
            f"| {size / wall[jobs] / 1e6:.2f} | {main[jobs]:.2f} | {kids[jobs]:.2f} "
            f"| {cpu[jobs] / wall[jobs]:.2f} |"
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
    loads: dict[int, list[tuple[float, ...]]] = {1: [], 2: []}
    converts: dict[int, list[tuple[float, ...]]] = {1: [], 2: []}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"jobs=2 workers start with {_pool.start_method()}")
    with tempfile.TemporaryDirectory() as scratch:
        out = str(Path(scratch) / "out.jsonl")
        for _ in range(passes):
            for jobs in (1, 2):
                load = functools.partial(_load_all, folder, jobs, chunksize)
                loads[jobs].append(_timed_apart(load, count))
                argv = ["convert", str(folder), "-o", out, "-j", str(jobs), "-q"]
                convert = functools.partial(_convert_all, argv, count)
                converts[jobs].append(_timed_apart(convert, count))
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


def memory(scratch: Path, counts: Sequence[int]) -> None:
    """Peak memory of ``for a in iter_load(folder, jobs=N)`` over folders of each size; print it.

    Each run is a fresh interpreter, sampled from ``/proc`` (``tests/gen_corpus.py``): the main
    process's peak RSS, and the peak PSS of the whole process tree (workers included).
    """
    print("\n### iter_load memory: articles read one by one and dropped\n")
    print("| posts | jobs | seconds | peak RSS main | tree PSS |")
    print("|---:|---:|---:|---:|---:|")
    for count in counts:
        folder = scratch / f"memory-{count}"
        generate(folder, count)
        for jobs in (1, 2):
            program = (
                "import newsdoc, sys\n"
                f"n = sum(1 for _ in newsdoc.iter_load(sys.argv[1], jobs={jobs}))\n"
                f"sys.exit(n != {count})"
            )
            measured = run_measured([sys.executable, "-c", program, str(folder)])
            if measured.returncode != 0:
                raise SystemExit(f"iter_load did not give {count} articles:\n{measured.stderr}")
            print(
                f"| {count:,} | {jobs} | {measured.seconds:.1f} | {measured.main_mb:.0f} MB "
                f"| {measured.peak_total_kb * 1024 / 1e6:.0f} MB |"
            )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected sections."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="overhead,throughput,parquet,memory")
    parser.add_argument("--count", type=int, default=4000, help="posts for overhead, throughput")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--chunksize", type=int, default=32)
    parser.add_argument("--parquet-count", type=int, default=20_000)
    parser.add_argument(
        "--memory-counts", default="2000,20000", help="folder sizes for the memory section"
    )
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    print(
        f"newsdoc {newsdoc.__version__}; Python {sys.version.split()[0]}; "
        f"{os.cpu_count()} CPUs; usable {len(os.sched_getaffinity(0))}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        if only & {"overhead", "throughput"}:
            folder = Path(scratch) / "throughput"
            generate(folder, args.count)
        if "overhead" in only:
            overhead(folder, args.count, args.passes)
        if "throughput" in only:
            throughput(folder, args.count, args.passes, args.chunksize)
        if "parquet" in only:
            folder = Path(scratch) / "parquet"
            start = time.perf_counter()
            expected = generate(folder, args.parquet_count, seed=1)
            print(f"\ngenerated {len(expected)} posts in {time.perf_counter() - start:.1f} s")
            parquet(folder, expected, Path(scratch) / "out.parquet")
        if "memory" in only:
            memory(Path(scratch), [int(n) for n in args.memory_counts.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())

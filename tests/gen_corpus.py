"""Tools for scale tests and benchmarks: a large synthetic corpus, and a command's peak memory.

Post ``i`` is real post ``i mod n`` (bytes as they are: every front-matter dialect, encoding
and body kind of the corpus) with a paragraph of real sentences, drawn at random from the
whole corpus, appended to its body, so that no two posts are the same and sizes vary.  The
posts go into folders of 1,000 (``000/``, ``001/``, …), named ``000123-<original name>``.
The output depends only on `count`, `seed` and the corpus.

Usage::

    python tests/gen_corpus.py OUT -n 20000

`run_measured` runs a command and samples the memory of its whole process tree from ``/proc``
(Linux; no psutil needed).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from conftest import corpus_files

__all__ = ["Measured", "generate", "run_measured"]

_SENTENCE = re.compile(r"[^<>{}\[\]|#*`\n]{12,160}?[。！？.!?]")


def _sentences(files: Sequence[Path]) -> list[str]:
    """Plain sentences found in the posts (no markup characters), in a stable order."""
    found: dict[str, None] = {}
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        for match in _SENTENCE.finditer(text):
            sentence = match.group().strip()
            if ":" not in sentence and "=" not in sentence:  # not front matter or attributes
                found[sentence] = None
    return list(found)


def generate(out: Path, count: int, *, seed: int = 0) -> list[Path]:
    """Write `count` posts under `out` (see the module docstring).

    Args:
        out: The folder to fill (created if missing).
        count: How many posts.
        seed: The seed of the random choices.

    Returns:
        The paths written, in the order `newsdoc.iter_load(out)` finds them.
    """
    files = corpus_files()
    sentences = _sentences(files)
    originals = [path.read_bytes() for path in files]
    rng = random.Random(seed)
    written: list[Path] = []
    for index in range(count):
        which = index % len(files)
        folder = out / f"{index // 1000:03d}"
        if index % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        stem, suffix = files[which].stem[:60], files[which].suffix
        target = folder / f"{index:06d}-{stem}{suffix}"
        extra = " ".join(rng.choices(sentences, k=rng.randint(1, 12)))
        data = originals[which]
        tail = b"" if data.endswith(b"\n") else b"\n"
        target.write_bytes(data + tail + b"\n" + extra.encode("utf-8") + b"\n")
        written.append(target)
    return written


@dataclass
class Measured:
    """What `run_measured` saw of a command."""

    returncode: int
    seconds: float
    stderr: str
    peak_kb: dict[int, int] = field(default_factory=dict)
    "Each process's peak resident memory (VmHWM, KiB), by pid; the command's own pid first."
    peak_total_kb: int = 0
    """The largest sum over the process tree, at one sample, of each process's proportional
    set size (Pss: shared pages divided among the processes sharing them, so forked workers
    are not counted twice)."""

    @property
    def main_mb(self) -> float:
        """The peak RSS of the command's own process, in MB (10^6 bytes)."""
        return next(iter(self.peak_kb.values()), 0) * 1024 / 1e6

    @property
    def largest_child_mb(self) -> float:
        """The peak RSS of its largest descendant process, in MB."""
        return max(list(self.peak_kb.values())[1:], default=0) * 1024 / 1e6


def _status(pid: int) -> dict[str, int]:
    """The peak RSS (kB) and parent pid from /proc/<pid>/status; {} if the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return {}
    found: dict[str, int] = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("PPid", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def _pss(pid: int) -> int:
    """The proportional set size of a process, in kB (0 if it is gone)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _tree(root: int) -> list[int]:
    """`root` and all its descendants, found through /proc/*/status PPid."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            ppid = _status(int(entry.name)).get("PPid")
            if ppid is not None:
                parents[int(entry.name)] = ppid
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree.extend(frontier)
    return tree


def run_measured(command: Sequence[str], *, interval: float = 0.1) -> Measured:
    """Run `command`, sampling the memory of its process tree every `interval` seconds."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:  # a pipe could fill up
        start = time.perf_counter()
        process = subprocess.Popen(command, stderr=errors, text=True)
        measured = Measured(returncode=0, seconds=0.0, stderr="", peak_kb={process.pid: 0})
        while process.poll() is None:
            total = 0
            for pid in _tree(process.pid):
                status = _status(pid)
                if "VmHWM" in status:
                    measured.peak_kb[pid] = max(measured.peak_kb.get(pid, 0), status["VmHWM"])
                    total += _pss(pid)
            measured.peak_total_kb = max(measured.peak_total_kb, total)
            time.sleep(interval)
        measured.seconds = time.perf_counter() - start
        measured.returncode = process.returncode
        errors.seek(0)
        measured.stderr = errors.read()
    return measured


def main(argv: Sequence[str] | None = None) -> int:
    """Write a synthetic corpus: ``gen_corpus.py OUT [-n COUNT] [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", "--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate(args.out, args.count, seed=args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} posts, {size / 1e6:.1f} MB in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

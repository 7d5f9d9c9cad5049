"""A large synthetic corpus made from the real one, for scale tests and benchmarks.

Post ``i`` is real post ``i mod n`` (bytes as they are: every front-matter dialect, encoding
and body kind of the corpus) with a paragraph of real sentences, drawn at random from the
whole corpus, appended to its body, so that no two posts are the same and sizes vary.  The
posts go into folders of 1,000 (``000/``, ``001/``, …), named ``000123-<original name>``.
The output depends only on `count`, `seed` and the corpus.

Usage::

    python tests/gen_corpus.py OUT -n 20000
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from conftest import corpus_files

__all__ = ["generate"]

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

"""Shared fixtures: where the real-post corpus is."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def corpus_dir() -> Path:
    """The corpus folder: $NEWSDOC_CORPUS, else ../shared/corpus beside the repository.

    The corpus must be there: tests that read it fail, never skip, without it.
    """
    path = Path(os.environ.get("NEWSDOC_CORPUS", ROOT.parent / "shared" / "corpus"))
    if not (path / "seed").is_dir():
        raise RuntimeError(f"the corpus is missing: {path} (set NEWSDOC_CORPUS)")
    return path


def corpus_files() -> list[Path]:
    """Every post in the corpus, sorted (manifests and notes left out)."""
    root = corpus_dir()
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.parent != root and p.suffix.lower() in {".md", ".html", ".markdown"}
    )


def corpus_id(path: Path) -> str:
    """A short test id for a corpus file."""
    return str(path.relative_to(corpus_dir()))

"""Shared fixtures: where the corpus of real posts is, and the Hypothesis profiles.

Two corpora: the small one shipped in ``tests/corpus`` (always there; ``SOURCES.md`` says where
each post comes from) and the full one, ``$NEWSDOC_CORPUS`` or else ``../shared/corpus`` beside
the repository, read in addition when it is there. With ``NEWSDOC_REQUIRE_SHARED_CORPUS=1`` (CI
sets it) a missing full corpus is an error, not a smaller run.

Hypothesis runs under the profile ``$HYPOTHESIS_PROFILE``: ``dev`` (the default, quick) or ``ci``
(thorough; ``.ci/run`` selects it). Tests that want more or fewer examples than the others say so
relative to the profile with :func:`examples`.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
IN_REPO_CORPUS = ROOT / "tests" / "corpus"
"The small corpus shipped with the repository."
SEED = IN_REPO_CORPUS / "synthetic" / "hexo" / "seed" / "shiyi-2021-11-24.md"
"The in-repository stand-in for the shared corpus's seed post (same shape, invented text)."
POST_SUFFIXES = frozenset({".md", ".html", ".markdown"})

# ------------------------------------------------------------------ Hypothesis profiles

# No deadline and no too_slow health check in either: both measure wall-clock time, and fail
# on a loaded machine (the counts of examples are what make a run thorough or quick).
_UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=25, **_UNTIMED)
settings.register_profile("ci", max_examples=100, print_blob=True, **_UNTIMED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def examples(factor: float) -> int:
    """``factor`` times the profile's ``max_examples`` (at least 1): a count relative to it."""
    return max(1, round(settings.default.max_examples * factor))


# ------------------------------------------------------------------------------ corpus


def _require_shared() -> bool:
    return os.environ.get("NEWSDOC_REQUIRE_SHARED_CORPUS", "") not in ("", "0")


def shared_corpus_dir() -> Path | None:
    """The full corpus ($NEWSDOC_CORPUS, else ../shared/corpus), or None where it is absent.

    A $NEWSDOC_CORPUS that names no folder is an error, and so is an absent corpus when
    $NEWSDOC_REQUIRE_SHARED_CORPUS is set.
    """
    named = os.environ.get("NEWSDOC_CORPUS")
    path = Path(named) if named else ROOT.parent / "shared" / "corpus"
    if path.is_dir():
        return path
    if named or _require_shared():
        raise RuntimeError(
            f"the shared corpus is missing: {path} (set NEWSDOC_CORPUS, or unset "
            "NEWSDOC_REQUIRE_SHARED_CORPUS to run on the in-repository corpus alone)"
        )
    return None


def corpus_roots() -> list[Path]:
    """The corpus folders to read: the in-repository one, then the shared one where present."""
    shared = shared_corpus_dir()
    return [IN_REPO_CORPUS] if shared is None else [IN_REPO_CORPUS, shared]


def posts_in(root: Path) -> list[Path]:
    """Every post under one corpus folder, sorted (manifests and notes at its top left out)."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.parent != root and p.suffix.lower() in POST_SUFFIXES
    )


def corpus_files() -> list[Path]:
    """Every post of every corpus folder: the in-repository ones first."""
    return [path for root in corpus_roots() for path in posts_in(root)]


def corpus_root(path: Path) -> Path:
    """The corpus folder that holds ``path``."""
    for root in corpus_roots():
        if path.is_relative_to(root):
            return root
    raise ValueError(f"not in a corpus: {path}")


def corpus_relative(path: Path) -> Path:
    """``path`` relative to its corpus folder: its first part names the source."""
    return path.relative_to(corpus_root(path))


def corpus_id(path: Path) -> str:
    """A short test id for a corpus file: ``repo/…`` or ``shared/…``, then its relative path."""
    label = "repo" if corpus_root(path) == IN_REPO_CORPUS else "shared"
    return f"{label}/{corpus_relative(path)}"


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to start when the shared corpus is required and missing (an error, not skips);
    take SIGINT back if this run was started with it ignored."""
    try:
        shared_corpus_dir()
    except RuntimeError as error:
        raise pytest.UsageError(str(error)) from None
    # A run started in the background of a non-interactive shell (`cmd &`) inherits SIGINT
    # ignored, and so would every command the tests start: the tests that send Ctrl-C to a
    # command need it to arrive as at a terminal, so the tests' own process takes it again.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)

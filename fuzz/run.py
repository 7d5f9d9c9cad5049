"""Fuzz newsdoc for a bounded time: ``python fuzz/run.py --seconds 90``.

Runs the properties of ``fuzz/targets.py`` (parse of mutated corpus posts with JSON and
Markdown round trips of what it gives, the JSON round trip of generated articles,
`from_json` of mutated JSON, `read_feed` of mutated feeds) in turns,
Hypothesis generating and, on a failure, shrinking the input.  The first failure is
saved as ``fuzz/crashers/<target>-<hash>.json`` (replayed by ``tests/test_hostile.py``)
and the run exits with status 1; otherwise it prints how many inputs each target ran
and exits with 0.

Options: ``--seconds`` (default 90), ``--seed`` (default: random; the seed is printed so
that a failing run can be repeated), ``--corpus`` (default $NEWSDOC_CORPUS, else
../shared/corpus, else the small corpus in tests/corpus).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import targets  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis.errors import HypothesisException  # noqa: E402

from newsdoc.model import Article  # noqa: E402
from strategies import articles  # noqa: E402

CRASHERS = HERE / "crashers"
_ROUND = 25  # examples per turn of one target: short turns share the time fairly


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
        print_blob=False,
    )


def _properties(corpus: list[str]) -> dict[str, Callable[[], None]]:
    """One Hypothesis test per target, each running `_ROUND` examples per call."""

    @given(targets.posts(corpus))
    def parse(case: dict[str, object]) -> None:
        targets.check_parse(case)

    @given(articles())
    def json_model(article: Article) -> None:
        targets.check_model(article)

    @given(targets.json_texts(corpus))
    def json_reader(text: str) -> None:
        targets.check_json_reader(text)

    @given(targets.feed_texts(corpus))
    def feed(text: str) -> None:
        targets.check_feed(text)

    tests = {
        "parse": parse,
        "json-model": json_model,
        "json": json_reader,
        "feed": feed,
    }
    return {name: _settings(_ROUND)(test) for name, test in tests.items()}


def _save(failure: targets.Failure) -> Path:
    CRASHERS.mkdir(exist_ok=True)
    body = {"target": failure.target, **failure.data, "found": failure.error.splitlines()[-1]}
    text = json.dumps(body, ensure_ascii=True, indent=1, sort_keys=True) + "\n"
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    path = CRASHERS / f"{failure.target}-{digest}.json"
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Fuzz until the time is up or something breaks; the exit status says which."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--corpus", default=None)
    parser.add_argument(
        "--keep-going", action="store_true", help="save each failure and go on until the time is up"
    )
    args = parser.parse_args(argv)
    if args.corpus:
        os.environ["NEWSDOC_CORPUS"] = args.corpus
    run_seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"fuzz: seed {run_seed}, {args.seconds:.0f} s", flush=True)
    rng = random.Random(run_seed)
    corpus = targets.corpus_texts()
    properties = _properties(corpus)
    weights = {"parse": 8, "json-model": 1, "json": 1, "feed": 1}
    names = [name for name, weight in weights.items() for _ in range(weight)]
    start = time.monotonic()
    turns = failed = 0
    while time.monotonic() - start < args.seconds:
        name = names[turns % len(names)]
        turns += 1
        try:
            seed(rng.randrange(2**32))(properties[name])()
        except (AssertionError, HypothesisException, ExceptionGroup) as exc:
            failed += 1
            failure, targets.STATS.failure = targets.STATS.failure, None
            if failure is None:  # Hypothesis itself gave up
                print(f"fuzz: FAILED: {exc!r}", file=sys.stderr)
            else:
                path = _save(failure)
                print(failure.error, file=sys.stderr)
                print(f"fuzz: FAILED ({failure.target}); saved as {path}", file=sys.stderr)
            if not args.keep_going:
                break
    elapsed = time.monotonic() - start
    execs = targets.STATS.execs
    counts = ", ".join(f"{name} {count}" for name, count in sorted(execs.items()))
    verdict = f"{failed} failure(s)" if failed else "ok"
    print(f"fuzz: {verdict}, {sum(execs.values())} inputs in {elapsed:.0f} s ({counts})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

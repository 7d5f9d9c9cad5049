"""Pickle what newsdoc makes of every corpus post, to compare two versions of the code.

    python scripts/snapshot.py save before.pickle      # on the old code
    python scripts/snapshot.py compare before.pickle   # on the new code: lists every difference

Each post is read with four option sets (defaults, strict, forced HTML, forced Markdown with a
base URL); a result is the article's JSON, its Markdown and its problems, or the error's class
and text. The corpus is $NEWSDOC_CORPUS, else ../shared/corpus, plus tests/corpus.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path
from typing import Any

import newsdoc

ROOT = Path(__file__).resolve().parents[1]
OPTION_SETS: list[dict[str, Any]] = [
    {},
    {"strict": True},
    {"body_format": "html"},
    {"body_format": "markdown", "base_url": "https://example.org/a/"},
]


def _posts() -> list[Path]:
    roots = [Path(os.environ.get("NEWSDOC_CORPUS", ROOT.parent / "shared" / "corpus"))]
    roots.append(ROOT / "tests" / "corpus")
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(
                p
                for p in sorted(root.rglob("*"))
                if p.is_file() and p.suffix.lower() in {".md", ".html", ".markdown"}
            )
    return found


def _result(path: Path, options: dict[str, Any]) -> object:
    try:
        article = newsdoc.load(path, **options)
    except newsdoc.NewsdocError as exc:
        return ("error", type(exc).__name__, str(exc))
    try:
        markdown = newsdoc.to_markdown(article)
    except newsdoc.NewsdocError as exc:
        markdown = f"error {type(exc).__name__}: {exc}"
    return (newsdoc.to_json(article), markdown, [str(p) for p in article.problems])


def snapshot() -> dict[str, object]:
    """Every post's results, keyed by path and option set."""
    results: dict[str, object] = {}
    for path in _posts():
        for index, options in enumerate(OPTION_SETS):
            results[f"{path.relative_to(path.anchor)}#{index}"] = _result(path, options)
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in {"save", "compare"}:
        print(__doc__, file=sys.stderr)
        return 2
    now = snapshot()
    if argv[1] == "save":
        Path(argv[2]).write_bytes(pickle.dumps(now))
        print(f"{len(now)} results saved to {argv[2]}")
        return 0
    before = pickle.loads(Path(argv[2]).read_bytes())
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for key in differ[:50]:
        print(f"differs: {key}")
    print(f"{len(now)} results, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

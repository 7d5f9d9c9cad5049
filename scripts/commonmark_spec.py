"""Measure the CommonMark 0.31.2 spec examples through parse -> to_markdown (issue 15).

    npm ci --prefix tests/readers --no-audit --no-fund   # brings commonmark-spec's spec.txt
    python scripts/commonmark_spec.py          # the figures and the causes left, by section
    python scripts/commonmark_spec.py -v       # and each example that still differs

Each example is read with ``newsdoc.parse`` (as Markdown), written with ``newsdoc.to_markdown``
and both texts are rendered by markdown-it-py; the renderings are compared with whitespace runs
made one space.  An example counts as "same visible" when it holds raw HTML, its rendering read
by newsdoc's HTML reader gives the same model, and the text a browser shows is the same (the
raw HTML was read as the HTML it renders as).  The spec text is commonmark-spec's own file
(CC-BY-SA-4.0), installed from npm, not copied here.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "tests" / "readers" / "node_modules" / "commonmark-spec" / "spec.txt"
sys.path.insert(0, str(ROOT / "tests"))

import newsdoc  # noqa: E402 - after the path is set, like the tests' helpers
from visible import _MD, visible_html_text  # noqa: E402

_EXAMPLE = re.compile(r"^`{32} example\n([\s\S]*?)^\.\n[\s\S]*?^`{32}$|^#{1,6} *(.*)$", re.M)


def examples() -> list[tuple[str, str]]:
    """Every example of the spec as (section, Markdown), in order (number = index + 1)."""
    spec = SPEC.read_text(encoding="utf-8")
    spec = re.sub(r"^<!-- END TESTS -->[\s\S]*", "", spec, flags=re.M)
    found: list[tuple[str, str]] = []
    section = ""
    for match in _EXAMPLE.finditer(spec):
        if match.group(2) is not None:
            section = match.group(2)
        else:
            found.append((section, match.group(1).replace("→", "\t")))
    return found


def _has_raw_html(markdown: str) -> bool:
    return any(
        token.type == "html_block"
        or any(child.type == "html_inline" for child in token.children or ())
        for token in _MD.parse(markdown)
    )


def _normalized(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def _html_model(html: str) -> object:
    return newsdoc.parse("---\n---\n" + html, body_format="html").blocks


def outcome(markdown: str) -> tuple[str, str]:
    """("same", ""), ("visible", "") or ("differs", the Markdown written) for one example."""
    article = newsdoc.parse("---\n---\n" + markdown, body_format="markdown")
    written = newsdoc.to_markdown(article, front_matter=False)
    before, after = _MD.render(markdown), _MD.render(written)
    if _normalized(before) == _normalized(after):
        return "same", ""
    if (
        _has_raw_html(markdown)
        and _html_model(before) == _html_model(after)
        and visible_html_text(before).split() == visible_html_text(after).split()
    ):
        return "visible", ""
    return "differs", written


def main(argv: list[str]) -> int:
    if not SPEC.is_file():
        print(f"{SPEC} is missing: npm ci --prefix tests/readers", file=sys.stderr)
        return 2
    counts: collections.Counter[str] = collections.Counter()
    differ: list[tuple[int, str, str, str]] = []
    for number, (section, markdown) in enumerate(examples(), 1):
        kind, written = outcome(markdown)
        counts[kind] += 1
        if kind == "differs":
            differ.append((number, section, markdown, written))
    total = sum(counts.values())
    print(
        f"{total} examples: {counts['same']} same HTML, {counts['visible']} same visible"
        f" (raw HTML), {counts['differs']} differ"
    )
    print(collections.Counter(section for _, section, _, _ in differ).most_common())
    if "-v" in argv:
        for number, section, markdown, written in differ:
            print(f"{number} ({section}): {markdown!r} -> {written!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

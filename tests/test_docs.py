"""The documentation: complete API reference, real examples, every problem code explained."""

from __future__ import annotations

import doctest
import inspect
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newsdoc
import newsdoc.display.card
import newsdoc.display.table
from conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
_CODE = r"([a-z]+(?:-[a-z]+)*)"
# Where problem codes are written in the source: code="x" (also `code = "x" if … else "y"`),
# `code or "x"`, and the parsers' problem("x", …) helpers.
_CODE_SITES = (
    re.compile(rf'\bcode\s*=\s*"{_CODE}"(?:\s+if\b[^"\n]*\belse\s+"{_CODE}")?'),
    re.compile(rf'\bcode or "{_CODE}"'),
    re.compile(rf'\.problem(?:_once)?\(\s*"{_CODE}"'),
)


def public_objects() -> list[Any]:
    """Every function and class of `newsdoc.__all__` and of the display modules, as params."""
    found = [(f"newsdoc.{name}", getattr(newsdoc, name)) for name in newsdoc.__all__]
    found += [
        (f"newsdoc.display.card.{n}", getattr(newsdoc.display.card, n))
        for n in newsdoc.display.card.__all__
    ]
    found += [
        (f"newsdoc.display.table.{n}", getattr(newsdoc.display.table, n))
        for n in newsdoc.display.table.__all__
    ]
    return [
        pytest.param(name, obj, id=name)
        for name, obj in found
        if inspect.isfunction(obj) or inspect.isclass(obj)
    ]


def pycon_only(text: str) -> str:
    """The page with everything but ```pycon blocks blanked, so that line numbers stay.

    Inside a block, a blank line in an example's output is marked ``<BLANKLINE>`` for doctest,
    so that the page can show the output as Python prints it.
    """
    kept: list[str] = []
    inside = False
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.startswith("```"):
            inside = line.strip() == "```pycon"
            kept.append("")
        elif inside and not line.strip() and _output_goes_on(lines[number + 1 :]):
            kept.append("<BLANKLINE>")
        else:
            kept.append(line if inside else "")
    return "\n".join(kept)


def _output_goes_on(rest: list[str]) -> bool:
    """Whether a blank line is inside an example's output: output follows it in the block."""
    following = next((line for line in rest if line.strip()), "```")
    return not following.startswith(("```", ">>> "))


def run_doctest(test: doctest.DocTest) -> str:
    """Run one doctest; return doctest's report of the failures ("" when all pass)."""
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report.write)
    return report.getvalue()


def test_api_reference_lists_every_public_name() -> None:
    """docs/api.md has a `::: newsdoc.NAME` entry for each name in `newsdoc.__all__`, no more."""
    entries = re.findall(r"^::: newsdoc\.(\w+)\s*$", (DOCS / "api.md").read_text("utf-8"), re.M)
    listed = [name for name in entries if not inspect.ismodule(getattr(newsdoc, name, None))]
    assert sorted(newsdoc.__all__) == sorted(listed)


def test_pages_show_output_without_doctest_markers() -> None:
    """No page or public docstring shows doctest's ``<BLANKLINE>`` (the site would show it)."""
    marked = [p.name for p in PAGES if "<BLANKLINE>" in p.read_text("utf-8")]
    marked += [
        name
        for name, obj in (p.values for p in public_objects())
        if "<BLANKLINE>" in (obj.__doc__ or "")
    ]
    assert marked == []


def test_every_page_is_in_the_nav() -> None:
    """Each page in docs/ appears in mkdocs.yml's nav, and the nav names no missing page."""
    nav = re.findall(r":\s*([\w-]+\.md)\s*$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    assert sorted(page.name for page in PAGES) == sorted(nav)


@pytest.mark.parametrize(("name", "obj"), public_objects())
def test_public_docstring_has_a_rendered_example(name: str, obj: Any) -> None:
    """Each public function and class has an `Examples:` section (rendered as code) with `>>>`."""
    doc = inspect.getdoc(obj) or ""
    assert ("\nExamples:\n" in doc, ">>>" in doc) == (True, True), name


@pytest.mark.parametrize(("name", "obj"), public_objects())
def test_public_docstring_examples_run(
    name: str, obj: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The examples in each public docstring give the output they show (run from the root)."""
    monkeypatch.chdir(ROOT)
    module = inspect.getmodule(obj)
    assert module is not None
    finder = doctest.DocTestFinder(recurse=False)
    tests = finder.find(obj, name, module=module, globs=dict(vars(module)))
    assert "".join(run_doctest(test) for test in tests) == ""


@pytest.mark.parametrize(
    "page", [p for p in PAGES if "```pycon" in p.read_text("utf-8")], ids=lambda p: p.name
)
def test_page_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ```pycon example on a page gives the output it shows (one namespace per page)."""
    monkeypatch.chdir(ROOT)
    text = pycon_only(page.read_text("utf-8"))
    test = doctest.DocTestParser().get_doctest(text, {}, page.name, str(page), 0)
    assert run_doctest(test) == ""


def example_and_output(path: Path) -> tuple[str, str]:
    """The first ```python block of a page and the ```text block that follows it."""
    found = re.search(r"```python\n(.*?)```.*?```text\n(.*?)```", path.read_text("utf-8"), re.S)
    assert found is not None, f"{path.name} has no example followed by its output"
    return found.group(1), found.group(2)


@pytest.mark.parametrize("path", [DOCS / "index.md", ROOT / "README.md"], ids=lambda p: p.name)
def test_front_page_example_prints_what_it_shows(path: Path) -> None:
    """The front-page example (README, docs/index.md) has at most 10 lines and prints its output."""
    code, output = example_and_output(path)
    lines = [line for line in code.splitlines() if line.strip()]
    assert len(lines) <= 10
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (output, "") == (ran.stdout, ran.stderr)


def problem_codes_in_source() -> set[str]:
    """Every problem code the source writes as a literal."""
    codes: set[str] = set()
    for path in (ROOT / "src" / "newsdoc").rglob("*.py"):
        text = path.read_text("utf-8")
        for site in _CODE_SITES:
            codes.update(code for match in site.finditer(text) for code in match.groups() if code)
    return codes


def test_every_problem_code_is_documented() -> None:
    """docs/errors.md has a table row for each problem code the source can record."""
    documented = set(
        re.findall(r"^\| `([a-z-]+)` \|", (DOCS / "errors.md").read_text("utf-8"), re.M)
    )
    found = problem_codes_in_source()
    assert {"date", "front-matter", "encoding"} <= found  # the scan itself works
    assert set() == found - documented


def test_problem_codes_lists_the_codes_in_source() -> None:
    """`newsdoc.errors.PROBLEM_CODES` (what ``check --ignore`` accepts) is every code written."""
    assert problem_codes_in_source() == newsdoc.errors.PROBLEM_CODES

"""Hostile input: the catalogue, the limits, the CLI's output names, and the fuzzer's finds."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import pytest

import newsdoc
from hostile.catalogue import CASES, Case
from hostile.properties import (
    assert_outputs_sound,
    cmark_gfm_html,
    live_markup,
    parse_only_newsdoc_errors,
)
from newsdoc.cli.app import main
from newsdoc.errors import BodyError, FrontMatterError, InputTooLargeError, NewsdocError
from newsdoc.limits import DEFAULT_LIMITS, Limits
from newsdoc.model import Paragraph, Table

CRASHERS = Path(__file__).resolve().parents[1] / "fuzz" / "crashers"
MARKDOWN_CHECKED_BLOCKS = 20_000
CORPUS_POST = Path(__file__).parent / "corpus" / "openSUSE__news-o-o" / "_posts" / "2023"
CORPUS_POST /= "2023-12-05-journey-of-os-rebrand.md"

# ---------------------------------------------------------------- the catalogue


def test_catalogue_holds_at_least_40_distinct_cases() -> None:
    """The catalogue is large enough and its ids are unique."""
    ids = [case.id for case in CASES]
    assert (True, len(ids)) == (len(ids) >= 40, len(set(ids)))


def test_catalogue_covers_the_cases_the_issue_names() -> None:
    """Every input class the issue lists has a case."""
    named = {
        "paragraph-5mb-html", "p-200k-html", "stars-100k-markdown", "brackets-50k",
        "front-matter-10mb-line", "div-100k", "blockquote-100k", "gt-100k-one-line",
        "billion-laughs", "python-object-apply", "invalid-utf8", "utf16-le-bom", "gb18030",
        "gbk", "lone-surrogates", "nul-and-controls", "external-entity-html",
        "script-and-javascript-urls",
    }  # fmt: skip
    assert set() == named - {case.id for case in CASES}


SLOW_BUDGET = 20  # seconds: cases allowed this long are marked slow (-m "not slow" skips them)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c.id, marks=[pytest.mark.slow] if (c.budget or 0) >= SLOW_BUDGET else [])
        for c in CASES
    ],
)
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    """Each hostile input gives its catalogued outcome in time; its outputs are sound."""
    data = case.make(tmp_path)
    start = time.process_time()  # CPU time: other work on a loaded machine does not count
    if case.error is not None:
        with pytest.raises(case.error) as caught:
            newsdoc.parse(data, **case.options)
        elapsed = time.process_time() - start
        assert (case.code, True) == (caught.value.code, caught.value.line is not None)
    else:
        article = newsdoc.parse(data, **case.options)
        elapsed = time.process_time() - start
        assert case.problems == {problem.code for problem in article.problems}
        if case.check is not None:
            case.check(article, tmp_path)
    if case.budget is not None:
        assert elapsed < case.budget
    if case.error is None:
        # Reading 100,000 paragraphs of Markdown back costs ~10 s; smaller cases cover them.
        assert_outputs_sound(article, markdown=len(article.blocks) <= MARKDOWN_CHECKED_BLOCKS)


# ---------------------------------------------------------------- limits


@pytest.mark.parametrize(
    "field",
    [
        "max_input_bytes",
        "max_front_matter_chars",
        "max_front_matter_values",
        "max_front_matter_depth",
        "max_body_markup",
        "max_table_cells",
    ],
)
@pytest.mark.parametrize("value", [0, -1, True, 1.5, "10"])
def test_limits_refuse_what_is_not_a_positive_int(field: str, value: Any) -> None:
    """A limit is a positive int, nothing else."""
    with pytest.raises(ValueError, match=field):
        Limits(**{field: value})


def test_front_matter_depth_has_a_ceiling() -> None:
    """Front-matter depth cannot be raised to where the value walk would recurse too far."""
    with pytest.raises(ValueError, match="at most 200"):
        Limits(max_front_matter_depth=201)


def test_default_limits_are_documented_values() -> None:
    """The defaults are the figures docs/limits.md states."""
    expected = (64 * 2**20, 64 * 2**20, 1_000_000, 100, 1_000_000, 100_000)
    actual = (
        DEFAULT_LIMITS.max_input_bytes,
        DEFAULT_LIMITS.max_front_matter_chars,
        DEFAULT_LIMITS.max_front_matter_values,
        DEFAULT_LIMITS.max_front_matter_depth,
        DEFAULT_LIMITS.max_body_markup,
        DEFAULT_LIMITS.max_table_cells,
    )
    assert expected == actual


@pytest.mark.parametrize(
    ("text", "limits", "code"),
    [
        ("---\ntitle: abcdefghijk\n---\nx", Limits(max_front_matter_chars=10), "limit"),
        ("---\ntags: [a, b, c]\n---\nx", Limits(max_front_matter_values=3), "limit"),
        ("---\na: &a [1, 2]\nb: *a\n---\nx", Limits(max_front_matter_values=5), "limit"),
        ("---\na: [[[1]]]\n---\nx", Limits(max_front_matter_depth=3), "limit"),
        ("+++\na.b.c.d = 1\n+++\nx", Limits(max_front_matter_depth=3), "limit"),
    ],
    ids=["chars", "values", "aliases-counted-at-each-use", "depth", "toml-dotted-key"],
)
def test_front_matter_limits_can_be_lowered(text: str, limits: Limits, code: str) -> None:
    """Each front-matter limit applies as given: strict raises, lenient keeps the body."""
    with pytest.raises(FrontMatterError) as caught:
        newsdoc.parse(text, strict=True, limits=limits)
    article = newsdoc.parse(text, limits=limits)
    assert (code, [code], "x") == (
        caught.value.code,
        [p.code for p in article.problems],
        article.text,
    )


@pytest.mark.parametrize(
    ("bad", "limits", "key", "line"),
    [
        ("tags: [a, b, c, d, e, f]", Limits(max_front_matter_values=5), "tags", 3),
        ("tags: &a [a, b]\nmore: [*a, *a, *a]", Limits(max_front_matter_values=6), "more", 4),
        ("deep: [[[[1]]]]", Limits(max_front_matter_depth=3), "deep", 3),
        ("deep:\n  a:\n    b:\n      c: 1", Limits(max_front_matter_depth=3), "deep", 3),
        ("long: " + "x" * 200, Limits(max_front_matter_chars=100), "long", 3),
        ("loop: &l [*l]", Limits(), "loop", 3),
    ],
    ids=["values", "aliases", "flow-depth", "block-depth", "chars", "cycle"],
)
def test_only_the_key_over_a_front_matter_limit_is_left_out(
    bad: str, limits: Limits, key: str, line: int
) -> None:
    """The key breaking the limit is named in one limit problem; the keys around it stay."""
    text = f"---\ntitle: kept\n{bad}\nslug: also-kept\n---\nx"
    article = newsdoc.parse(text, limits=limits)
    expected = ("kept", "also-kept", [("limit", line)], "x")
    actual = (article.title, article.slug, [(p.code, p.line) for p in article.problems])
    assert expected == (*actual, article.text)
    assert f"the key {key!r} is left out" in article.problems[0].message
    with pytest.raises(FrontMatterError) as caught:
        newsdoc.parse(text, limits=limits, strict=True)
    assert (caught.value.code, caught.value.line) == ("limit", line)


def test_brackets_in_a_scalar_are_not_nesting() -> None:
    """A title whose next line starts with 101 '[' is text; to_markdown's own output reads
    back whole (it was counted as nesting, and the whole front matter was lost)."""
    title = "a title\n" + "[" * 101 + " and more"
    article = newsdoc.parse("---\nslug: s\n---\nx")
    article = attrs.evolve(article, title=title)
    back = newsdoc.parse(newsdoc.to_markdown(article))
    expected = (title, "s", ())
    assert expected == (back.title, back.slug, back.problems)


def test_front_matter_within_lowered_limits_loads() -> None:
    """The same front matters load when the limits are one step higher."""
    limits = Limits(max_front_matter_values=8, max_front_matter_depth=4)
    article = newsdoc.parse("---\ntags: [a, b, c]\na: [[[1]]]\n---\nx", strict=True, limits=limits)
    expected = ({"a": [[[1]]]}, ("a", "b", "c"))
    assert expected == (dict(article.extra), article.tags)


def test_body_markup_limit_says_where_the_body_was_cut() -> None:
    """Strict mode names the line reaching the limit; lenient mode keeps what is before."""
    text = "---\ntitle: t\n---\n<p>one</p>\n<p>two</p>\n<p>three</p>\n"
    limits = Limits(max_body_markup=6)  # each line holds 2 "<" and 1 line break
    with pytest.raises(BodyError) as caught:
        newsdoc.parse(text, strict=True, limits=limits)
    article = newsdoc.parse(text, limits=limits)
    expected = (5, "limit", ("one", "two"), 5)
    assert expected == (
        caught.value.line,
        caught.value.code,
        article.paragraphs,
        article.problems[0].line,
    )


def test_markdown_markup_counts_punctuation_not_letters() -> None:
    """A Markdown body of words with no punctuation is never cut."""
    text = "word " * 1000
    article = newsdoc.parse(text, body_format="markdown", limits=Limits(max_body_markup=10))
    assert ((), text.strip()) == (article.problems, article.text)


def test_table_cell_budget_reads_later_tables_as_text() -> None:
    """Past the cell budget a Markdown table becomes a paragraph; its text stays."""
    table = "| a | b |\n| - | - |\n| c | d |\n"
    article = newsdoc.parse(
        table + "\n" + table, body_format="markdown", limits=Limits(max_table_cells=4)
    )
    assert ([Table, Paragraph], ["limit"], 5) == (
        [type(block) for block in article.blocks],
        [p.code for p in article.problems],
        article.problems[0].line,
    )


def test_input_limit_applies_to_str_in_characters() -> None:
    """For text the size limit counts characters: 中 is one, not three."""
    limits = Limits(max_input_bytes=3)
    article = newsdoc.parse("中中中", limits=limits)
    with pytest.raises(InputTooLargeError):
        newsdoc.parse("中中中中", limits=limits)
    expected = "中中中"
    assert expected == article.text


def test_load_reads_no_further_than_the_limit(tmp_path: Path) -> None:
    """A file over the limit is refused after reading limit + 1 bytes, not the whole file."""
    reads: list[int] = []

    class Recording(io.BytesIO):
        def read(self, size: int | None = -1, /) -> bytes:
            reads.append(-1 if size is None else size)
            return super().read(size)

    with pytest.raises(InputTooLargeError):
        newsdoc.load(Recording(b"x" * 5000), limits=Limits(max_input_bytes=1000))
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(InputTooLargeError) as caught:
        newsdoc.load(path, limits=Limits(max_input_bytes=1000))
    assert ([1001], str(path), 1) == (reads, caught.value.source, caught.value.line)


def test_load_of_a_path_holding_nul_is_a_newsdoc_error() -> None:
    """A path with NUL, which open() refuses with ValueError, is a NewsdocError."""
    with pytest.raises(NewsdocError, match="cannot read"):
        newsdoc.load("a\0b.md")


# ---------------------------------------------------------------- the CLI's output names


def _files(root: Path) -> set[str]:
    """Every file and symlink under root, by folder descriptors: a path may exceed PATH_MAX."""
    found = set()
    for folder, _, names, _ in os.fwalk(root):
        found.update(os.path.relpath(os.path.join(folder, name), root) for name in names)
    return found


def _convert(tmp_path: Path, argv: list[str], cwd: Path) -> tuple[int, set[str]]:
    """Run ``newsdoc convert``; return the exit code and the files it added under tmp_path."""
    before = _files(tmp_path)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        code = main(["convert", "-q", *argv])
    finally:
        os.chdir(old)
    return code, _files(tmp_path) - before


def _post(path: Path, title: str = "t") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {json.dumps(title)}\n---\nbody\n", encoding="utf-8")


def test_cli_parent_references_in_inputs_stay_inside_the_output(tmp_path: Path) -> None:
    """``../../etc/passwd.md`` as a path or in a glob is written as passwd.json in the output."""
    _post(tmp_path / "etc" / "passwd.md", title="../../etc/passwd")
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    first = _convert(tmp_path, ["../../etc/passwd.md", "--to", "json", "-o", "out1"], work)
    second = _convert(tmp_path, ["../../etc/*.md", "--to", "markdown", "-o", "out2"], work)
    expected = (0, {"a/b/out1/passwd.json"}), (0, {"a/b/out2/passwd.md"})
    assert expected == (first, second)


def test_cli_absolute_input_paths_stay_inside_the_output(tmp_path: Path) -> None:
    """An absolute input path gives its file name in the output, not its path."""
    _post(tmp_path / "etc" / "passwd.md")
    result = _convert(
        tmp_path, [str(tmp_path / "etc" / "passwd.md"), "--to", "json", "-o", "out"], tmp_path
    )
    assert (0, {"out/passwd.json"}) == result


def test_cli_backslash_names_are_refused(tmp_path: Path) -> None:
    """A file named ``a\\..\\..\\evil.md`` (legal on POSIX) is refused, not written above."""
    _post(tmp_path / "in" / "a\\..\\..\\evil.md")
    _post(tmp_path / "in" / "fine.md")
    result = _convert(tmp_path, ["in", "--to", "json", "-o", "out"], tmp_path)
    assert (1, {"out/fine.json"}) == result


def test_cli_nul_in_a_name_is_an_error_not_a_crash(tmp_path: Path) -> None:
    """An input name holding NUL (possible only through main(argv)) fails cleanly."""
    result = _convert(tmp_path, ["bad\0name.md", "--to", "json", "-o", "out"], tmp_path)
    assert (1, set()) == result


def test_cli_stdin_after_double_dash_gets_a_fixed_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post from stdin (``-- -``) is written as stdin.md, whatever its title says."""
    data = b"---\ntitle: ../../../etc/passwd\nslug: /etc/passwd\n---\nbody\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = _convert(tmp_path, ["--to", "markdown", "-o", "out", "--", "-"], tmp_path)
    assert (0, {"out/stdin.md"}) == result


def test_cli_very_long_names_fail_without_writing_elsewhere(tmp_path: Path) -> None:
    """A name too long for the file system once its suffix changes is an error, not a crash."""
    long_name = "x" * (255 - len(".md")) + ".md"  # the output name .json is one byte longer
    _post(tmp_path / "in" / long_name)
    deep = tmp_path / "in"
    for _ in range(20):
        deep = deep / ("d" * 200)
    with contextlib.suppress(OSError):  # the file system may refuse so long a path outright
        _post(deep / "post.md")
    code, added = _convert(tmp_path, ["in", "--to", "json", "-o", "out"], tmp_path)
    assert (1, set()) == (code, {name for name in added if not name.startswith("out/")})


def test_cli_names_differing_only_in_case(tmp_path: Path) -> None:
    """Post.md and post.md would be one file on macOS and Windows: the first is kept and the
    second reported, on every file system; never a file outside the output."""
    _post(tmp_path / "in" / "Post.md", title="upper")
    _post(tmp_path / "in" / "post.md", title="lower")
    code, added = _convert(tmp_path, ["in", "--to", "json", "-o", "out"], tmp_path)
    kept = newsdoc.from_json((tmp_path / "out" / "Post.json").read_text("utf-8")).title
    assert (1, {"out/Post.json"}, "upper") == (code, added, kept)


def test_cli_symlink_in_the_output_cannot_lead_out(tmp_path: Path) -> None:
    """A symlink planted in the output folder is not followed out of it."""
    _post(tmp_path / "in" / "sub" / "post.md")
    (tmp_path / "outside").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(tmp_path / "outside")
    code, added = _convert(tmp_path, ["in", "--to", "json", "-o", "out"], tmp_path)
    assert (1, set(), []) == (code, added, list((tmp_path / "outside").iterdir()))


# ---------------------------------------------------------------- the fuzzer's finds


def _crashers() -> list[Path]:
    return sorted(CRASHERS.glob("*.json"))


def test_fuzz_crashers_are_kept() -> None:
    """The inputs that once broke newsdoc are kept as fixtures (the replay below uses them)."""
    assert len(_crashers()) >= 5


@pytest.mark.parametrize("path", _crashers(), ids=lambda p: p.stem)
def test_fuzz_crasher_replays_cleanly(path: Path) -> None:
    """Each input the fuzzer (or a hand probe) found breaking newsdoc is now handled."""
    case = json.loads(path.read_text(encoding="utf-8"))
    if case["kind"] == "feed":  # fuzz/targets.check_feed's input: a feed, read by read_feed
        for strict in (False, True):
            with contextlib.suppress(NewsdocError):
                for feed_article in newsdoc.read_feed(
                    case["text"].encode("utf-8", "surrogatepass"), strict=strict
                ):
                    if not strict:
                        assert_outputs_sound(feed_article)
        return
    data: str | bytes = case["text"] if case["kind"] == "str" else case["text"].encode("latin-1")
    for strict in (False, True):
        article = parse_only_newsdoc_errors(data, body_format=case["body_format"], strict=strict)
        if article is not None and not strict:
            assert_outputs_sound(article)
    assert case["kind"] in ("str", "bytes")


# ---------------------------------------------------------------- the fuzzer's own memory


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads Linux's /proc")
def test_the_live_markup_check_keeps_no_memory_from_call_to_call() -> None:
    """3,000 checks of one post's Markdown grow the process by under 20 MB: cmark-gfm is called
    so that what C allocates is freed (cmarkgfm's own functions kept ~26 KB a call, 78 MB here,
    and 1 GB over a long fuzz run)."""
    article = newsdoc.load(CORPUS_POST)
    markdown = newsdoc.to_markdown(article, front_matter=False)
    markdown += "\n\n| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\n<b>raw</b> [x](https://e.org/)\n" * 5
    for _ in range(200):  # warm up: the allocator's arenas, lxml's and markdown-it's caches
        live_markup(markdown)
    before = _resident_mb()
    for _ in range(3000):
        live_markup(markdown)
    assert _resident_mb() - before < 20


def test_cmark_gfm_renders_as_cmarkgfm_does() -> None:
    """The leak-free call renders exactly what cmarkgfm's markdown_to_html_with_extensions does."""
    import cmarkgfm
    from cmarkgfm.cmark import Options  # type: ignore[import-untyped]

    samples = ["", "x", "| a |\n|---|\n| ~~b~~ |", "<script>x</script>\n\n*a* \x00 é", "> q\n- l"]
    for text in samples:
        expected = cmarkgfm.markdown_to_html_with_extensions(
            text, options=Options.CMARK_OPT_UNSAFE, extensions=["table", "strikethrough"]
        )
        assert expected == cmark_gfm_html(text)

"""newsdoc.parse and newsdoc.load: inputs, options, errors."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

import newsdoc
from newsdoc.model import Code, Heading, Paragraph, Strong, Text

SEED_LIKE = (
    "---\ntitle: '标题'\ncategories: \n - 新媒体\n - 观察者网\nauthor: 观察者网\n"
    "comments: false\ndate: Wed, 24 Nov 2021 08:11:59 GMT\n---\n\n"
    "<div>\n<p>\n第一段。\n</p>\n<p><strong>第二段。</strong></p>\n</div>\n"
)


def test_parse_str_and_bytes_agree() -> None:
    """Text and its UTF-8 bytes give the same article."""
    assert newsdoc.parse(SEED_LIKE) == newsdoc.parse(SEED_LIKE.encode("utf-8"))


@pytest.mark.parametrize(
    "transform",
    [
        lambda s: "\ufeff" + s,
        lambda s: s.replace("\n", "\r\n"),
        lambda s: s.replace("\n", "\r"),
        lambda s: "\n\n" + s,
        lambda s: s.replace("---\n", "---  \n"),
    ],
    ids=["bom", "crlf", "lone-cr", "leading-blank-lines", "fence-trailing-spaces"],
)
def test_file_shape_does_not_change_the_article(transform: Any) -> None:
    """BOM, CRLF, lone CR, leading blank lines and spaces after fences are tolerated."""
    assert newsdoc.parse(SEED_LIKE) == newsdoc.parse(transform(SEED_LIKE))


def test_utf16_and_gb18030_bytes() -> None:
    """UTF-16 with a BOM and GB18030 bytes decode to the same article."""
    expected = newsdoc.parse(SEED_LIKE)
    assert expected == newsdoc.parse(SEED_LIKE.encode("utf-16"))
    gb = newsdoc.parse(SEED_LIKE.encode("gb18030"))
    assert expected == gb
    assert [p.code for p in gb.problems] == ["encoding"]


def test_seed_like_fields() -> None:
    """A Hexo RSS post gives typed fields and blocks."""
    article = newsdoc.parse(SEED_LIKE)
    assert article.title == "标题"
    assert article.authors == ("观察者网",)
    assert article.categories == (("新媒体", "观察者网"),)
    assert article.comments is False
    assert article.date == dt.datetime(2021, 11, 24, 8, 11, 59, tzinfo=dt.UTC)
    assert article.blocks == (
        Paragraph(children=(Text(value="第一段。"),)),
        Paragraph(children=(Strong(children=(Text(value="第二段。"),)),)),
    )
    assert article.text == "第一段。\n\n第二段。"


def test_load_path_and_file_objects(tmp_path: Path) -> None:
    """load() takes a path, a str path, a binary file and a text file; source is the path."""
    path = tmp_path / "post.md"
    path.write_text(SEED_LIKE, encoding="utf-8")
    expected = newsdoc.parse(SEED_LIKE)
    assert expected == newsdoc.load(path)
    assert newsdoc.load(str(path)).source == str(path)
    with open(path, "rb") as handle:
        assert expected == newsdoc.load(handle)
    assert expected == newsdoc.load(io.StringIO(SEED_LIKE))


def test_load_missing_file_is_a_newsdoc_error(tmp_path: Path) -> None:
    """A missing file raises NewsdocError naming it, not a bare OSError."""
    with pytest.raises(newsdoc.NewsdocError, match=r"missing\.md"):
        newsdoc.load(tmp_path / "missing.md")


def test_invalid_date_lenient_and_strict() -> None:
    """`Invalid Date` gives date=None and a problem, or a DateError at its line in strict mode."""
    text = "---\ntitle: x\ndate: Invalid Date\n---\n<p>body</p>\n"
    article = newsdoc.parse(text, source="post.md")
    assert article.date is None
    assert article.date_raw == "Invalid Date"
    assert [(p.code, p.line) for p in article.problems] == [("date", 3)]
    with pytest.raises(newsdoc.DateError) as info:
        newsdoc.parse(text, source="post.md", strict=True)
    assert (info.value.line, info.value.column) == (3, 7)
    assert str(info.value).startswith("post.md:3:7: ")


def test_broken_yaml_points_at_the_file_line() -> None:
    """Malformed YAML raises FrontMatterError at the line in the file (strict) or keeps the body."""
    text = "\n---\ntitle: ok\nauthor: [unclosed\n---\n<p>body</p>\n"
    with pytest.raises(newsdoc.FrontMatterError) as info:
        newsdoc.parse(text, source="post.md", strict=True)
    assert info.value.line is not None
    assert info.value.line >= 4
    assert isinstance(info.value, ValueError)
    article = newsdoc.parse(text)
    assert article.title == "ok"
    assert article.text == "body"
    assert "front-matter" in [p.code for p in article.problems]


def test_no_front_matter_is_an_article_with_only_a_body() -> None:
    """A file without front matter is a valid article."""
    article = newsdoc.parse("Just text.\n\nTwo paragraphs.")
    assert article.title is None
    assert article.paragraphs == ("Just text.", "Two paragraphs.")


def test_more_marker_gives_the_summary() -> None:
    """The body before <!--more--> is the summary when the front matter has none."""
    article = newsdoc.parse("---\ntitle: x\n---\n<p>Lead.</p>\n<!--more-->\n<p>Rest.</p>\n")
    assert article.summary == "Lead."
    excerpt = newsdoc.parse("---\nexcerpt: Given.\n---\n<p>Lead.</p><!--more--><p>Rest.</p>")
    assert excerpt.summary == "Given."


def test_markdown_body_is_detected_and_forced() -> None:
    """A Markdown body is read as Markdown; body_format forces a reader."""
    text = "---\ntitle: x\n---\n# Head\n\nSome **bold** text.\n\n```py\nx = 1\n```\n"
    article = newsdoc.parse(text)
    assert article.blocks == (
        Heading(depth=1, children=(Text(value="Head"),)),
        Paragraph(
            children=(
                Text(value="Some "),
                Strong(children=(Text(value="bold"),)),
                Text(value=" text."),
            )
        ),
        Code(value="x = 1", lang="py"),
    )
    forced = newsdoc.parse(text, body_format="html")
    assert forced.blocks[0] == Paragraph(children=(Text(value="# Head"),))


def test_bad_body_format_is_an_option_error() -> None:
    """An unknown body_format is refused with a newsdoc error that is a ValueError."""
    with pytest.raises(newsdoc.OptionError, match="body_format") as caught:
        newsdoc.parse("x", body_format="rst")  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)


def test_file_name_date_disagreement_is_a_problem() -> None:
    """A file name date that disagrees with the front matter is recorded; the front matter wins."""
    text = "---\ndate: 2021-11-25 10:00:00\n---\nx\n"
    article = newsdoc.parse(text, source="_posts/2021-11-24-slug.md")
    assert article.date == dt.datetime(2021, 11, 25, 10, tzinfo=dt.UTC)
    assert [p.code for p in article.problems] == ["date-mismatch"]
    assert newsdoc.parse(text, source="_posts/2021-11-25-slug.md").problems == ()


def test_default_timezone_applies_to_naive_dates() -> None:
    """A date without a zone takes default_timezone."""
    tz = dt.timezone(dt.timedelta(hours=8))
    article = newsdoc.parse("---\ndate: 2021-11-24 08:11:59\n---\n", default_timezone=tz)
    assert article.date == dt.datetime(2021, 11, 24, 8, 11, 59, tzinfo=tz)


def test_base_url_resolves_relative_urls() -> None:
    """base_url resolves relative link URLs; without it they stay as written."""
    text = '<p><a href="/a/b.html">x</a></p>'
    assert newsdoc.parse(text, base_url="https://ex.org/blog/").blocks[0].children[0].url == (  # type: ignore[union-attr]
        "https://ex.org/a/b.html"
    )
    assert newsdoc.parse(text).blocks[0].children[0].url == "/a/b.html"  # type: ignore[union-attr]

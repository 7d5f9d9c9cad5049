"""Notebook display: one article as a card, many articles as a table.

Jupyter shows an `Article` through its ``_repr_html_`` and ``_repr_markdown_`` methods, which
call `article_html` and `article_markdown` here.  The card holds the title, the byline (authors,
date, source), categories and tags as chips, the lead image, the body, and the problems of a
lenient parse, folded.  `show_table` returns an `ArticleTable`, which a notebook shows as one row
per article; it needs neither pandas nor anything else beyond newsdoc.

Nothing from the article becomes live markup: text is escaped, scripts stay text, and only
harmless URLs become links or images (the rules are in `newsdoc.serializers.html`).  The Markdown
form is written by `newsdoc.to_markdown`, which escapes text and blocks ``javascript:`` URLs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sized
from html import escape

import attrs

from newsdoc.errors import Problem
from newsdoc.model import (
    Article,
    Block,
    Emphasis,
    Heading,
    Image,
    Inline,
    InlineCode,
    List,
    ListItem,
    Paragraph,
    Text,
)
from newsdoc.model.canonical import normalize
from newsdoc.options import LoadResult
from newsdoc.common.urls import MEDIA_SCHEMES, safe_url
from newsdoc.serializers.html import blocks_html, img_html
from newsdoc.serializers.markdown.writer import to_markdown

__all__ = ["ArticleTable", "article_html", "article_markdown", "show_table"]

_META = "opacity:.7;font-size:.9em;margin:.2em 0 .6em"
_CHIP = (
    "display:inline-block;padding:0 .6em;margin:0 .3em .3em 0;border-radius:1em;"
    "font-size:.85em;background:rgba(127,127,127,.15)"
)
_LEAD = "max-width:100%;max-height:18em;object-fit:cover;display:block;margin:.4em 0"
_CELL = "text-align:left;vertical-align:top"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _date_text(article: Article) -> str | None:
    if article.date is not None:
        return article.date.isoformat(sep=" ")
    if article.date_raw is not None:
        return f"{_one_line(article.date_raw)} (not a date)"
    return None


def _byline(article: Article) -> list[str]:
    parts = [", ".join(article.authors)] if article.authors else []
    date = _date_text(article)
    if date is not None:
        parts.append(date)
    if article.draft:
        parts.append("draft")
    if article.source is not None:
        parts.append(article.source)
    return parts


def _chips(article: Article) -> list[str]:
    return [" › ".join(path) for path in article.categories] + [f"#{t}" for t in article.tags]


def _problem_line(problem: Problem) -> str:
    where = "" if problem.line is None else f" (line {problem.line})"
    return f"{where}: {problem.message}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def article_html(article: Article) -> str:
    """The article as an HTML card: what ``Article._repr_html_`` shows in a notebook.

    Args:
        article: The article.

    Returns:
        One ``<div>`` of HTML with inline styles; every value from the article is escaped and
        only harmless URLs become links or images (see `newsdoc.serializers.html`).

    Examples:
        >>> import newsdoc
        >>> a = newsdoc.parse("---\\ntitle: Hi\\n---\\n<p>1 &lt; 2 <script>x()</script></p>")
        >>> html = article_html(a)
        >>> "<h2" in html, "<p>1 &lt; 2</p>" in html, "<script" in html
        (True, True, False)
    """
    parts = ['<div class="newsdoc-article" style="max-width:48em;line-height:1.5">']
    title = escape(article.title) if article.title is not None else "<i>(untitled)</i>"
    parts.append(f'<h2 style="margin:.2em 0">{title}</h2>')
    byline = _byline(article)
    if byline:
        parts.append(f'<div style="{_META}">{escape(" · ".join(byline))}</div>')
    chips = _chips(article)
    if chips:
        spans = "".join(f'<span style="{_CHIP}">{escape(chip)}</span>' for chip in chips)
        parts.append(f"<div>{spans}</div>")
    if article.image is not None and safe_url(article.image, MEDIA_SCHEMES):
        parts.append(img_html(article.image, "", style=_LEAD))
    parts.append(f'<div class="newsdoc-body">{blocks_html(article.blocks)}</div>')
    if article.problems:
        items = "".join(
            f"<li><code>{escape(p.code)}</code>{escape(_problem_line(p))}</li>"
            for p in article.problems
        )
        summary = _plural(len(article.problems), "problem")
        parts.append(f"<details><summary>{summary}</summary><ul>{items}</ul></details>")
    parts.append("</div>")
    return "".join(parts)


def _paragraph(inlines: Iterable[Inline]) -> Paragraph:
    return Paragraph(children=normalize(inlines, block=True))


def article_markdown(article: Article) -> str:
    """The article as Markdown: what ``Article._repr_markdown_`` shows in a notebook.

    A level-2 heading with the title, the byline in italics, the categories and tags as code
    spans, the lead image, the body (its top-level headings two levels down) and the problems
    as a list, all written by `newsdoc.to_markdown` (no front matter).

    Args:
        article: The article.

    Returns:
        CommonMark text, ending with a newline.

    Examples:
        >>> import newsdoc
        >>> print(article_markdown(newsdoc.parse("---\\ntitle: Hi\\n---\\n# Part\\n\\n*Yes*")))
        ## Hi
        <BLANKLINE>
        ### Part
        <BLANKLINE>
        *Yes*
        <BLANKLINE>
    """
    title = normalize([Text(value=_one_line(article.title or ""))], block=True)
    head: list[Block] = [Heading(depth=2, children=title or (Text(value="(untitled)"),))]
    byline = _byline(article)
    if byline:
        head.append(_paragraph([Emphasis(children=(Text(value=" · ".join(byline)),))]))
    chips = _chips(article)
    if chips:
        spaced: list[Inline] = []
        for chip in chips:
            spaced += [Text(value=" "), InlineCode(value=chip)]
        head.append(_paragraph(spaced[1:]))
    if article.image is not None and safe_url(article.image, MEDIA_SCHEMES):
        head.append(Paragraph(children=(Image(url=article.image, alt="lead image"),)))
    body = [
        attrs.evolve(block, depth=min(block.depth + 2, 6)) if isinstance(block, Heading) else block
        for block in article.blocks
    ]
    tail: list[Block] = []
    if article.problems:
        items = tuple(
            ListItem(
                children=(_paragraph([InlineCode(value=p.code), Text(value=_problem_line(p))]),)
            )
            for p in article.problems
        )
        tail = [List(ordered=False, items=items)]
    return to_markdown(Article(blocks=(*head, *body, *tail)), front_matter=False)


@attrs.frozen(kw_only=True, repr=False)
class ArticleTable:
    """Articles shown as a table in a notebook, one row each; made by `show_table`.

    Examples:
        >>> import newsdoc
        >>> table = show_table([newsdoc.parse("---\\ntitle: Hi\\ndate: 2021-11-24\\n---\\nx")])
        >>> print(repr(table))
        ArticleTable: 1 article
          0  2021-11-24  Hi
    """

    rows: tuple[Article | LoadResult, ...]
    "The articles (or load results) shown, in order."
    total: int | None
    "How many articles there were in all; None when an iterator was not read to its end."

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Article | LoadResult]:
        return iter(self.rows)

    def _footer(self) -> str:
        if self.total is None:
            return f"first {len(self.rows)} shown; the rest was not read"
        if self.total > len(self.rows):
            return f"first {len(self.rows)} of {self.total} shown"
        return _plural(self.total, "article")

    def __repr__(self) -> str:
        lines = [f"ArticleTable: {self._footer()}"]
        for number, row in enumerate(self.rows):
            article = row.article if isinstance(row, LoadResult) else row
            if article is None:
                lines.append(f"{number:>3}  error: {getattr(row, 'error', None)}")
                continue
            date = article.date.date().isoformat() if article.date is not None else "-"
            lines.append(f"{number:>3}  {date:<10}  {_one_line(article.title or '(untitled)')}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f'<th style="{_CELL}">{name}</th>'
            for name in ("", "title", "date", "authors", "categories", "tags", "problems", "source")
        )
        body = "".join(_row_html(number, row) for number, row in enumerate(self.rows))
        return (
            f'<div class="newsdoc-table"><table class="dataframe"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table><p>{escape(self._footer())}</p></div>"
        )


def _row_html(number: int, row: Article | LoadResult) -> str:
    if isinstance(row, LoadResult):
        if row.article is None:
            error = escape(f"error: {row.error}")
            return (
                f'<tr><th>{number}</th><td colspan="6" style="{_CELL};color:#c00">{error}</td>'
                f'<td style="{_CELL}">{escape(row.path)}</td></tr>'
            )
        row = row.article
    codes = ", ".join(dict.fromkeys(problem.code for problem in row.problems))
    cells = (
        row.title or "",
        _date_text(row) or "",
        ", ".join(row.authors),
        "; ".join(" › ".join(path) for path in row.categories),
        ", ".join(row.tags),
        f"{len(row.problems)} ({codes})" if codes else "",
        row.source or "",
    )
    tds = "".join(f'<td style="{_CELL}">{escape(cell)}</td>' for cell in cells)
    return f"<tr><th>{number}</th>{tds}</tr>"


def show_table(articles: Iterable[Article | LoadResult], *, max_rows: int = 50) -> ArticleTable:
    """Many articles as a table for a notebook: title, date, authors, categories, tags, problems.

    An iterator (such as `newsdoc.iter_load`) is read no further than ``max_rows + 1`` items, so
    a look at a huge folder stays quick.  For analysis, use `newsdoc.to_pandas`.

    Args:
        articles: Articles, or the `LoadResult` items of ``iter_load(on_error="collect")``
            (a failed one shows its error).
        max_rows: The most rows shown.

    Returns:
        An `ArticleTable`; a notebook displays it as an HTML table, a terminal as text.

    Raises:
        ValueError: `max_rows` is less than 1.
        TypeError: An item is neither an `Article` nor a `LoadResult`.

    Examples:
        >>> import newsdoc
        >>> table = show_table(newsdoc.iter_load("examples"), max_rows=2)  # doctest: +SKIP
        >>> len(show_table([newsdoc.parse("x"), newsdoc.parse("y")], max_rows=1))
        1
    """
    if max_rows < 1:
        raise ValueError(f"max_rows must be at least 1, not {max_rows}")
    total = len(articles) if isinstance(articles, Sized) else None
    taken = list(itertools.islice(articles, max_rows + (total is None)))
    for item in taken:
        if not isinstance(item, Article | LoadResult):
            raise TypeError(f"not an Article or a LoadResult: {type(item).__name__}")
    if total is None and len(taken) <= max_rows:
        total = len(taken)
    return ArticleTable(rows=tuple(taken[:max_rows]), total=total)

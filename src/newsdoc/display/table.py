"""Notebook display of many articles, as a table: `show_table` makes an `ArticleTable`.

A notebook shows an `ArticleTable` as one row per article (title, date, authors, categories,
tags, problems, source), a terminal as text; it needs neither pandas nor anything else beyond
newsdoc.  Every value is escaped, as in the card (`newsdoc.display.card`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sized
from html import escape

import attrs

from newsdoc.batch.result import LoadResult
from newsdoc.display.card import categories_text, date_text, one_line, plural
from newsdoc.model import Article

__all__ = ["ArticleTable", "show_table"]

_CELL = "text-align:left;vertical-align:top"
# The title gets the room; a date never wraps; a long source path breaks anywhere, small.
_COLUMN_STYLES = {
    "title": ";min-width:16em",
    "date": ";white-space:nowrap",
    "source": ";max-width:18em;overflow-wrap:anywhere;font-size:.85em;opacity:.8",
}
_COLUMNS = ("title", "date", "authors", "categories", "tags", "problems", "source")


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
        return plural(self.total, "article")

    def __repr__(self) -> str:
        lines = [f"ArticleTable: {self._footer()}"]
        for number, row in enumerate(self.rows):
            article = row.article if isinstance(row, LoadResult) else row
            if article is None:
                lines.append(f"{number:>3}  error: {getattr(row, 'error', None)}")
                continue
            date = article.date.date().isoformat() if article.date is not None else "-"
            lines.append(f"{number:>3}  {date:<10}  {one_line(article.title or '(untitled)')}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = f'<th style="{_CELL}"></th>' + "".join(
            f'<th style="{_CELL}">{name}</th>' for name in _COLUMNS
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
                f'<td style="{_CELL}{_COLUMN_STYLES["source"]}">{escape(row.path)}</td></tr>'
            )
        row = row.article
    codes = ", ".join(dict.fromkeys(problem.code for problem in row.problems))
    cells = (
        row.title or "",
        date_text(row) or "",
        ", ".join(row.authors),
        categories_text(row),
        ", ".join(row.tags),
        f"{len(row.problems)} ({codes})" if codes else "",
        row.source or "",
    )
    tds = "".join(
        f'<td style="{_CELL}{_COLUMN_STYLES.get(name, "")}">{escape(cell)}</td>'
        for name, cell in zip(_COLUMNS, cells, strict=True)
    )
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

"""Notebook display of one article, as a card (many articles: `newsdoc.display.table`).

Jupyter shows an `Article` through its ``_repr_html_`` and ``_repr_markdown_`` methods, which
call `article_html` and `article_markdown` here.  The card holds the title, the byline (authors,
date, source), categories and tags as chips, the problems of a lenient parse (before anything
else of the post, so that they are not missed), the lead image, and the body: a long one shows
its first `LEAD_BLOCKS` blocks and folds the rest (the HTML under a ``<details>``; the Markdown
form says how many blocks are left out, since CommonMark cannot fold).

Nothing from the article becomes live markup: text is escaped, scripts stay text, and only
harmless URLs become links or images (the rules are in `newsdoc.serializers.html` and
`newsdoc.common.urls`).  The Markdown form is written by `newsdoc.to_markdown`, which escapes
text and blocks ``javascript:`` URLs.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import attrs

from newsdoc.common.urls import MEDIA_SCHEMES, safe_url
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
from newsdoc.serializers.html import blocks_html, img_html
from newsdoc.serializers.markdown.writer import to_markdown

__all__ = ["article_html", "article_markdown"]

_META = "opacity:.7;font-size:.9em;margin:.2em 0 .6em"
_CHIP = (
    "display:inline-block;padding:0 .6em;margin:0 .3em .3em 0;border-radius:1em;"
    "font-size:.85em;background:rgba(127,127,127,.15)"
)
_LEAD = "max-width:100%;max-height:18em;object-fit:cover;display:block;margin:.4em 0"
_PROBLEMS = (
    "border-left:3px solid #d97706;background:rgba(217,119,6,.1);padding:.3em .8em;"
    "margin:.4em 0;font-size:.9em"
)
_FOLD_SUMMARY = "cursor:pointer;opacity:.75;margin:.4em 0"
_OPEN_PROBLEMS = 5  # up to this many problems are listed open; more start folded

LEAD_BLOCKS = 6
"How many body blocks the card shows before it folds the rest."
FOLD_AFTER = 8
"A body of more blocks than this is folded after `LEAD_BLOCKS` (a shorter one is shown whole)."


def body_split(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """The blocks the card shows, and those it folds (none for a body of `FOLD_AFTER` or fewer)."""
    if len(blocks) <= FOLD_AFTER:
        return blocks, ()
    return blocks[:LEAD_BLOCKS], blocks[LEAD_BLOCKS:]


def one_line(text: str) -> str:
    """``text`` on one line, each run of whitespace one space (also used by the table)."""
    return " ".join(text.split())


def date_text(article: Article, *, updated: bool = False) -> str | None:
    """The date (or the update date) as the card, the table and ``newsdoc show`` print it.

    A date written but refused is shown as written, marked ``(not a date)``; None without one.
    """
    date, raw = (
        (article.updated, article.updated_raw) if updated else (article.date, article.date_raw)
    )
    if date is not None:
        return date.isoformat(sep=" ")
    if raw is not None:
        return f"{one_line(raw)} (not a date)"
    return None


def category_text(path: Iterable[str]) -> str:
    """One category hierarchy, its names joined with ``›``."""
    return " › ".join(path)


def categories_text(article: Article) -> str:
    """Every category hierarchy, joined with ``;`` (the table and ``newsdoc show``)."""
    return "; ".join(category_text(path) for path in article.categories)


def _byline(article: Article) -> list[str]:
    parts = [", ".join(article.authors)] if article.authors else []
    date = date_text(article)
    if date is not None:
        parts.append(date)
    if article.draft:
        parts.append("draft")
    if article.source is not None:
        parts.append(article.source)
    return parts


def _chips(article: Article) -> list[str]:
    return [category_text(path) for path in article.categories] + [f"#{t}" for t in article.tags]


def _problem_line(problem: Problem) -> str:
    where = "" if problem.line is None else f" (line {problem.line})"
    return f"{where}: {problem.message}"


def plural(count: int, word: str) -> str:
    """``"1 word"``, ``"2 words"``."""
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
    if article.problems:
        items = "".join(
            f"<li><code>{escape(p.code)}</code>{escape(_problem_line(p))}</li>"
            for p in article.problems
        )
        summary = plural(len(article.problems), "problem")
        is_open = " open" if len(article.problems) <= _OPEN_PROBLEMS else ""
        parts.append(
            f'<details class="newsdoc-problems"{is_open} style="{_PROBLEMS}">'
            f'<summary style="cursor:pointer">{summary}</summary>'
            f'<ul style="margin:.2em 0">{items}</ul></details>'
        )
    if article.image is not None and safe_url(article.image, MEDIA_SCHEMES):
        parts.append(img_html(article.image, "", style=_LEAD))
    shown, folded = body_split(article.blocks)
    parts.append(f'<div class="newsdoc-body">{blocks_html(shown)}')
    if folded:
        more = f"{plural(len(folded), 'more block')} of {len(article.blocks)}"
        parts.append(
            f'<details class="newsdoc-more"><summary style="{_FOLD_SUMMARY}">Show {more}'
            f"</summary>{blocks_html(folded)}</details>"
        )
    parts.append("</div></div>")
    return "".join(parts)


def _paragraph(inlines: Iterable[Inline]) -> Paragraph:
    return Paragraph(children=normalize(inlines, block=True))


def article_markdown(article: Article) -> str:
    """The article as Markdown: what ``Article._repr_markdown_`` shows in a notebook.

    A level-2 heading with the title, the byline in italics, the categories and tags as code
    spans, the problems as a list, the lead image and the body (its top-level headings two
    levels down; a long one cut after `LEAD_BLOCKS` blocks, with a line saying how many are
    left out), all written by `newsdoc.to_markdown` (no front matter).

    Args:
        article: The article.

    Returns:
        CommonMark text, ending with a newline.

    Examples:
        >>> import newsdoc
        >>> card = article_markdown(newsdoc.parse("---\\ntitle: Hi\\n---\\n# Part\\n\\n*Yes*"))
        >>> card.split("\\n\\n")
        ['## Hi', '### Part', '*Yes*\\n']
    """
    title = normalize([Text(value=one_line(article.title or ""))], block=True)
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
    if article.problems:
        items = tuple(
            ListItem(
                children=(_paragraph([InlineCode(value=p.code), Text(value=_problem_line(p))]),)
            )
            for p in article.problems
        )
        head.append(List(ordered=False, items=items))
    if article.image is not None and safe_url(article.image, MEDIA_SCHEMES):
        head.append(Paragraph(children=(Image(url=article.image, alt="lead image"),)))
    shown, folded = body_split(article.blocks)
    body = [
        attrs.evolve(block, depth=min(block.depth + 2, 6)) if isinstance(block, Heading) else block
        for block in shown
    ]
    if folded:
        note = f"… {plural(len(folded), 'more block')} of {len(article.blocks)} not shown"
        body.append(_paragraph([Emphasis(children=(Text(value=note),))]))
    return to_markdown(Article(blocks=(*head, *body)), front_matter=False)

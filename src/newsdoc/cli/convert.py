"""Converting in worker processes: a worker loads a chunk of posts *and* renders them.

Sending finished text (a JSON line, a JSON or Markdown document) or one Arrow record batch per
chunk back to the parent, instead of `Article` objects, spares the parent rebuilding every
article only to serialize it again: with ``-j N`` the parent just writes, and stays small.
`convert_chunk` is the work of one task; the ``newsdoc`` command runs it through
`newsdoc.batch.loading.map_chunks`.
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypeAlias

import attrs

from newsdoc.batch.loading import load_each, parse_each
from newsdoc.batch.result import LoadResult
from newsdoc.errors import NewsdocError, Problem
from newsdoc.io.files import SourceFile
from newsdoc.model import Article
from newsdoc.options import ParseOptions

__all__ = [
    "Chunk",
    "FrontMatterChoice",
    "Outcome",
    "Target",
    "convert_chunk",
    "convert_data",
    "item_name",
]

Target: TypeAlias = Literal["jsonl", "json", "markdown", "parquet", "rss", "atom", "jsonfeed",
                            "check"]  # fmt: skip
"""What a worker makes of each article (``check``: only its problems; a feed format: JSON Lines,
which the parent reads back to write the feed)."""
FrontMatterChoice: TypeAlias = Literal["yaml", "toml", "json"] | None
"The front-matter dialect of ``markdown`` output (None: each post's own)."


@attrs.frozen(kw_only=True)
class Outcome:
    """What became of one file."""

    file: SourceFile
    "The file."
    error: NewsdocError | None = None
    "Why it could not be loaded or rendered; None on success."
    problems: tuple[Problem, ...] = ()
    "The article's problems."
    text: str | None = None
    "The rendered article (``jsonl``, ``json``, ``markdown``), without a final newline for jsonl."
    item: int | None = None
    "For an item of a feed, its place in the feed, from 1 (`file` is then the feed's)."


@attrs.frozen(kw_only=True)
class Chunk:
    """The outcomes of a chunk of files, in order, and for ``parquet`` their record batch."""

    outcomes: list[Outcome]
    "One per file."
    batch: Any = None
    "A `pyarrow.RecordBatch` of the chunk's articles (``parquet`` only; failed files left out)."


def convert_chunk(
    files: list[SourceFile],
    *,
    options: ParseOptions,
    target: Target,
    front_matter: FrontMatterChoice = None,
) -> Chunk:
    """Load and render a chunk of files (see the module docstring).

    A file that cannot be loaded or rendered becomes an outcome with an ``error``; the other
    files of the chunk go on.
    """
    loaded = [pair for file in files for pair in _items(file, load_each(file, options))]
    return _chunk(loaded, target, front_matter)


def convert_data(
    data: bytes,
    source: str,
    *,
    options: ParseOptions,
    target: Target,
    front_matter: FrontMatterChoice = None,
) -> Chunk:
    """Parse and render one post given as bytes (standard input), as `convert_chunk` does."""
    file = SourceFile(path=source, relative="stdin.md")
    return _chunk(_items(file, parse_each(data, source, options)), target, front_matter)


_UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]+")
_NAME_CHARS = 100


def item_name(title: str | None, number: int) -> str:
    """A file name for a feed item, from its title as an RSS-to-Hexo generator names posts.

    Path separators and control characters become ``-``, leading dots and spaces go, and the
    name is cut to 100 characters; an item without a usable title is ``item-N``.

    Examples:
        >>> item_name("第1集 / 预告", 3), item_name("..", 4)
        ('第1集 - 预告', 'item-4')
    """
    name = _UNSAFE_NAME.sub("-", title or "").strip().lstrip(". ")[:_NAME_CHARS].rstrip()
    return name or f"item-{number}"


def _items(file: SourceFile, results: list[LoadResult]) -> list[tuple[SourceFile, LoadResult]]:
    """Each result with the file it goes to: a feed's items below a folder named for the feed
    (``news.xml`` -> ``news/<title>.md``), one name each."""
    if len(results) == 1 and results[0].item is None:
        return [(file, results[0])]
    folder = file.relative.rsplit(".", 1)[0] if "." in file.relative else file.relative
    taken: set[str] = set()
    paired = []
    for result in results:
        title = result.article.title if result.article is not None else None
        name = item_name(title, result.item or 0)
        key, count = name.casefold(), 1
        while key in taken:  # two items of one title: "第1集", "第1集 (2)"
            count += 1
            key = f"{name} ({count})".casefold()
        taken.add(key)
        shown = name if count == 1 else f"{name} ({count})"
        # ".item": a suffix for the folder writer to replace, so a dot in the title stays.
        paired.append((attrs.evolve(file, relative=f"{folder}/{shown}.item"), result))
    return paired


def _chunk(
    loaded: list[tuple[SourceFile, LoadResult]], target: Target, front_matter: FrontMatterChoice
) -> Chunk:
    outcomes: list[Outcome] = []
    rows: list[dict[str, Any]] = []
    for file, result in loaded:
        item = result.item
        if result.article is None:
            outcomes.append(Outcome(file=file, error=result.error, item=item))
            continue
        try:
            text = _render(result.article, target, rows, front_matter)
        except NewsdocError as exc:
            outcomes.append(Outcome(file=file, error=exc, item=item))
            continue
        outcomes.append(Outcome(file=file, problems=result.article.problems, text=text, item=item))
    if target != "parquet":
        return Chunk(outcomes=outcomes)
    from newsdoc.io.arrow import batch_from_rows

    return Chunk(outcomes=outcomes, batch=batch_from_rows(rows))


def _render(
    article: Article, target: Target, rows: list[dict[str, Any]], front_matter: FrontMatterChoice
) -> str | None:
    if target in ("jsonl", "rss", "atom", "jsonfeed"):
        from newsdoc.serializers.json.codec import to_json

        return to_json(article)
    if target == "json":
        from newsdoc.serializers.json.codec import to_json

        return to_json(article, indent=2) + "\n"
    if target == "markdown":
        from newsdoc.serializers.markdown.writer import to_markdown

        return to_markdown(article, front_matter=True if front_matter is None else front_matter)
    if target == "parquet":
        from newsdoc.io.arrow import arrow_row

        rows.append(arrow_row(article))  # per article, so one bad article fails alone
    return None

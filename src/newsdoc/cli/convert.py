"""Converting in worker processes: a worker loads a chunk of posts *and* renders them.

Sending finished text (a JSON line, a JSON or Markdown document) or one Arrow record batch per
chunk back to the parent, instead of `Article` objects, spares the parent rebuilding every
article only to serialize it again: with ``-j N`` the parent just writes, and stays small.
`convert_chunk` is the work of one task; the ``newsdoc`` command runs it through
`newsdoc.batch.loading.map_chunks`.
"""

from __future__ import annotations

from typing import Any, Literal, TypeAlias

import attrs

from newsdoc.batch.loading import load_one, parse_one
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
]

Target: TypeAlias = Literal["jsonl", "json", "markdown", "parquet", "check"]
"What a worker makes of each article (``check``: only its problems)."
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
    return _chunk([(file, load_one(file, options)) for file in files], target, front_matter)


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
    return _chunk([(file, parse_one(data, source, options))], target, front_matter)


def _chunk(
    loaded: list[tuple[SourceFile, LoadResult]], target: Target, front_matter: FrontMatterChoice
) -> Chunk:
    outcomes: list[Outcome] = []
    rows: list[dict[str, Any]] = []
    for file, result in loaded:
        if result.article is None:
            outcomes.append(Outcome(file=file, error=result.error))
            continue
        try:
            text = _render(result.article, target, rows, front_matter)
        except NewsdocError as exc:
            outcomes.append(Outcome(file=file, error=exc))
            continue
        outcomes.append(Outcome(file=file, problems=result.article.problems, text=text))
    if target != "parquet":
        return Chunk(outcomes=outcomes)
    from newsdoc.io.arrow import batch_from_rows

    return Chunk(outcomes=outcomes, batch=batch_from_rows(rows))


def _render(
    article: Article, target: Target, rows: list[dict[str, Any]], front_matter: FrontMatterChoice
) -> str | None:
    if target == "jsonl":
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

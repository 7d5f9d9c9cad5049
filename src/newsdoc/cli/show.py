"""``newsdoc show``: one post, or every item of a feed, as newsdoc reads it."""

from __future__ import annotations

import os
import sys
import unicodedata

from newsdoc.batch.loading import load_each, parse_each
from newsdoc.cli import paths
from newsdoc.cli.paths import EXIT_NO_INPUT
from newsdoc.cli.progress import is_missing
from newsdoc.errors import Problem
from newsdoc.io.files import SourceFile
from newsdoc.model import Article
from newsdoc.options import ParseOptions

__all__ = ["finding", "pretty", "show"]


def show(file: str, form: str, options: ParseOptions) -> int:
    """Print the post `file` (``-``: standard input) in `form`; a feed's items one after another.

    Returns:
        The exit code: 0, 1 when it cannot be loaded, 3 when it does not exist.
    """
    if file == "-":
        results = parse_each(sys.stdin.buffer.read(options.limits.read_size), "<stdin>", options)
    else:
        results = load_each(SourceFile(path=file, relative=os.path.basename(file)), options)
    failed = next((r.error for r in results if r.error is not None), None)
    if failed is not None:
        print(f"error: {failed}", file=sys.stderr)
        return EXIT_NO_INPUT if is_missing(failed) else 1
    for number, result in enumerate(results):
        article = result.article
        if article is None:
            continue
        if form == "json":
            from newsdoc.serializers.json.codec import to_json

            paths.write_stdout(to_json(article, indent=2) + "\n")
        elif form == "markdown":
            from newsdoc.serializers.markdown.writer import to_markdown

            paths.write_stdout(("\n" if number else "") + to_markdown(article))
        else:
            paths.write_stdout(("\n" if number else "") + pretty(article) + "\n")
    return 0


def pretty(article: Article) -> str:
    """The article for a person: title, the main fields, the text, then any problems."""
    from newsdoc.display.card import categories_text, date_text

    title = article.title if article.title is not None else "(no title)"
    fields = [
        ("date", date_text(article)),
        ("updated", date_text(article, updated=True)),
        ("authors", ", ".join(article.authors)),
        ("categories", categories_text(article)),
        ("tags", ", ".join(article.tags)),
        ("draft", "yes" if article.draft else ""),
        ("link", article.permalink or ""),
        ("source", article.source),
    ]
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in title)
    lines = [title, "=" * min(width, 80)]
    lines.extend(f"{name + ':':<12}{value}" for name, value in fields if value)
    lines.extend(["", article.text])
    if article.problems:
        lines.extend(["", "problems:", *(f"  {finding(p)}" for p in article.problems)])
    return "\n".join(lines)


def finding(problem: Problem) -> str:
    """``path:line:column: code: message``, the form editors and CI annotations read."""
    where = f"{problem.source or '<string>'}:{problem.line or 1}:{problem.column or 1}"
    return f"{where}: {problem.code}: {problem.message}"

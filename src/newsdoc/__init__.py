"""newsdoc: news and blog posts into typed `Article` objects, and back out again.

>>> import newsdoc
>>> article = newsdoc.parse("---\\ntitle: Hello\\n---\\n<p>Hi <b>there</b></p>")
>>> article.title, article.text
('Hello', 'Hi there')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from newsdoc._version import __version__
from newsdoc.errors import (
    ArgumentTypeError,
    BodyError,
    DateError,
    EncodingError,
    FrontMatterError,
    InputTooLargeError,
    MissingDependencyError,
    NewsdocError,
    OptionError,
    ParseError,
    Problem,
    ReadError,
    SchemaError,
    WorkerError,
    WriteError,
)
from newsdoc.limits import Limits
from newsdoc.model import Article

if TYPE_CHECKING:
    from newsdoc.api import load, parse
    from newsdoc.batch.loading import iter_load
    from newsdoc.batch.result import LoadResult
    from newsdoc.display.table import show_table
    from newsdoc.io.arrow import from_arrow, read_parquet, to_arrow, write_parquet
    from newsdoc.io.feeds import read_feed, write_feed
    from newsdoc.io.jsonl import read_jsonl, write_jsonl
    from newsdoc.io.pandas import to_pandas
    from newsdoc.io.posts import from_post, to_post
    from newsdoc.options import BodyFormat, ParseOptions
    from newsdoc.serializers.json.codec import from_dict, from_json, json_schema, to_dict, to_json
    from newsdoc.serializers.markdown.writer import to_markdown

# Imported on first use, so that `import newsdoc` costs only the model and the errors: the
# parsers load at the first `parse` or `load`, the writers at their first call.
_LAZY = {
    "load": "newsdoc.api",
    "parse": "newsdoc.api",
    "BodyFormat": "newsdoc.options",
    "ParseOptions": "newsdoc.options",
    "iter_load": "newsdoc.batch.loading",
    "LoadResult": "newsdoc.batch.result",
    "show_table": "newsdoc.display.table",
    "from_arrow": "newsdoc.io.arrow",
    "read_parquet": "newsdoc.io.arrow",
    "to_arrow": "newsdoc.io.arrow",
    "write_parquet": "newsdoc.io.arrow",
    "read_feed": "newsdoc.io.feeds",
    "write_feed": "newsdoc.io.feeds",
    "read_jsonl": "newsdoc.io.jsonl",
    "write_jsonl": "newsdoc.io.jsonl",
    "from_post": "newsdoc.io.posts",
    "to_post": "newsdoc.io.posts",
    "to_pandas": "newsdoc.io.pandas",
    "from_dict": "newsdoc.serializers.json.codec",
    "from_json": "newsdoc.serializers.json.codec",
    "json_schema": "newsdoc.serializers.json.codec",
    "to_dict": "newsdoc.serializers.json.codec",
    "to_json": "newsdoc.serializers.json.codec",
    "to_markdown": "newsdoc.serializers.markdown.writer",
}


def _repr_html_(article: Article) -> str:
    """The article as an HTML card, for Jupyter (see `newsdoc.display.card.article_html`)."""
    from newsdoc.display.card import article_html

    return article_html(article)


def _repr_markdown_(article: Article) -> str:
    """The article as Markdown, for Jupyter (see `newsdoc.display.card.article_markdown`)."""
    from newsdoc.display.card import article_markdown

    return article_markdown(article)


# The model does not know the display exists: its notebook reprs are attached here, above both.
Article._repr_html_ = _repr_html_  # type: ignore[attr-defined]
Article._repr_markdown_ = _repr_markdown_  # type: ignore[attr-defined]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsdoc' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # The public names only: not the imports and helpers this module uses itself.
    return sorted(__all__)


__all__ = [
    "ArgumentTypeError",
    "Article",
    "BodyError",
    "BodyFormat",
    "DateError",
    "EncodingError",
    "FrontMatterError",
    "InputTooLargeError",
    "Limits",
    "LoadResult",
    "MissingDependencyError",
    "NewsdocError",
    "OptionError",
    "ParseError",
    "ParseOptions",
    "Problem",
    "ReadError",
    "SchemaError",
    "WorkerError",
    "WriteError",
    "__version__",
    "from_arrow",
    "from_dict",
    "from_json",
    "from_post",
    "iter_load",
    "json_schema",
    "load",
    "parse",
    "read_feed",
    "read_jsonl",
    "read_parquet",
    "show_table",
    "to_arrow",
    "to_dict",
    "to_json",
    "to_markdown",
    "to_pandas",
    "to_post",
    "write_feed",
    "write_jsonl",
    "write_parquet",
]

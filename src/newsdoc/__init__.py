"""newsdoc: news and blog posts into typed `Article` objects, and back out again.

>>> import newsdoc
>>> article = newsdoc.parse("---\\ntitle: Hello\\n---\\n<p>Hi <b>there</b></p>")
>>> article.title, article.text
('Hello', 'Hi there')
"""

from newsdoc._version import __version__
from newsdoc.api import BodyFormat, load, parse
from newsdoc.batch import LoadResult, iter_load
from newsdoc.display import show_table
from newsdoc.errors import (
    BodyError,
    DateError,
    EncodingError,
    FrontMatterError,
    MissingDependencyError,
    NewsdocError,
    ParseError,
    Problem,
    SchemaError,
)
from newsdoc.io.arrow import from_arrow, read_parquet, to_arrow, write_parquet
from newsdoc.io.jsonl import read_jsonl, write_jsonl
from newsdoc.io.pandas import to_pandas
from newsdoc.model import Article
from newsdoc.serializers.json import from_dict, from_json, json_schema, to_dict, to_json
from newsdoc.serializers.markdown import to_markdown

__all__ = [
    "Article",
    "BodyError",
    "BodyFormat",
    "DateError",
    "EncodingError",
    "FrontMatterError",
    "LoadResult",
    "MissingDependencyError",
    "NewsdocError",
    "ParseError",
    "Problem",
    "SchemaError",
    "__version__",
    "from_arrow",
    "from_dict",
    "from_json",
    "iter_load",
    "json_schema",
    "load",
    "parse",
    "read_jsonl",
    "read_parquet",
    "show_table",
    "to_arrow",
    "to_dict",
    "to_json",
    "to_markdown",
    "to_pandas",
    "write_jsonl",
    "write_parquet",
]

"""newsdoc: news and blog posts into typed `Article` objects, and back out again.

>>> import newsdoc
>>> article = newsdoc.parse("---\\ntitle: Hello\\n---\\n<p>Hi <b>there</b></p>")
>>> article.title, article.text
('Hello', 'Hi there')
"""

from newsdoc._version import __version__
from newsdoc.api import BodyFormat, load, parse
from newsdoc.errors import (
    BodyError,
    DateError,
    EncodingError,
    FrontMatterError,
    NewsdocError,
    ParseError,
    Problem,
    SchemaError,
)
from newsdoc.model import Article
from newsdoc.serializers.json import from_dict, from_json, json_schema, to_dict, to_json

__all__ = [
    "Article",
    "BodyError",
    "BodyFormat",
    "DateError",
    "EncodingError",
    "FrontMatterError",
    "NewsdocError",
    "ParseError",
    "Problem",
    "SchemaError",
    "__version__",
    "from_dict",
    "from_json",
    "json_schema",
    "load",
    "parse",
    "to_dict",
    "to_json",
]

"""newsdoc: news and blog posts into typed `Article` objects, and back out again."""

from newsdoc._version import __version__
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

__all__ = [
    "Article",
    "BodyError",
    "DateError",
    "EncodingError",
    "FrontMatterError",
    "NewsdocError",
    "ParseError",
    "Problem",
    "SchemaError",
    "__version__",
]

"""`LoadResult`: what loading one file gave, an article or the error that stopped it."""

from __future__ import annotations

import attrs

from newsdoc.errors import NewsdocError
from newsdoc.model import Article

__all__ = ["LoadResult"]


@attrs.frozen(kw_only=True)
class LoadResult:
    """The outcome of loading one file: its article, or the error that stopped it.

    Examples:
        >>> import newsdoc
        >>> files = ["examples/hexo-rss-zh.md", "gone.md"]
        >>> for result in newsdoc.iter_load(files, on_error="collect"):
        ...     print(result.path, result.ok, result.error)
        examples/hexo-rss-zh.md True None
        gone.md False gone.md: cannot read: No such file or directory
    """

    path: str
    "The file's path, as found."
    article: Article | None = None
    "The article; None if the file could not be loaded."
    error: NewsdocError | None = None
    "Why the file could not be loaded (its message names the file); None on success."
    item: int | None = None
    "For a feed, the item's place in it, from 1 (each item is a result); None for a post."

    @property
    def ok(self) -> bool:
        """True if the file was loaded."""
        return self.error is None

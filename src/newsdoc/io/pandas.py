"""pandas: `to_pandas`, a DataFrame with the Arrow schema's columns (`newsdoc.io.arrow`).

Needs ``pip install "newsdoc[pandas]"`` (pandas and pyarrow, imported only when called).

Column dtypes: ``date`` and ``updated`` are ``datetime64[us, UTC]`` (timezone-aware; the
original offsets are in ``date_offset``/``updated_offset``, seconds, ``Int32``); strings are
pandas' string dtype; ``comments`` and ``draft`` are the nullable ``boolean``; the list and
struct columns (``authors``, ``categories``, ``tags``, ``problems``) are Arrow-backed
(`pandas.ArrowDtype`), so a cell reads as a Python list and nothing is copied into NumPy
object arrays; ``blocks`` and ``extra`` are JSON text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newsdoc.io import require
from newsdoc.io.arrow import arrow_schema, to_arrow
from newsdoc.model import Article
from newsdoc.model.article import each_article

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["arrow_to_pandas", "empty_frame", "to_pandas"]


def to_pandas(articles: Iterable[Article]) -> pd.DataFrame:
    """The articles as a pandas DataFrame, one row per article (through `newsdoc.to_arrow`).

    Args:
        articles: The articles.

    Returns:
        A DataFrame with the columns of `newsdoc.io.arrow.arrow_schema` (dtypes in the module
        docstring), indexed 0…n-1.

    Raises:
        ArgumentTypeError: `articles` is not an iterable of `Article`.
        MissingDependencyError: pandas or pyarrow is not installed.
        SchemaError: An article holds what the schema cannot carry.

    Examples:
        >>> import newsdoc
        >>> frame = to_pandas(newsdoc.iter_load("examples"))
        >>> frame.shape, str(frame["date"].dtype)
        ((4, 23), 'datetime64[us, UTC]')
    """
    require("pandas", "pandas")
    return arrow_to_pandas(to_arrow(each_article(articles, "to_pandas")))


def arrow_to_pandas(table: pa.Table) -> pd.DataFrame:
    """A table with the newsdoc Arrow schema as a DataFrame with `to_pandas`'s dtypes.

    Raises:
        MissingDependencyError: pandas or pyarrow is not installed.
    """
    pd = require("pandas", "pandas")
    pa = require("pyarrow", "arrow")

    def dtype(kind: Any) -> Any:
        if pa.types.is_list(kind) or pa.types.is_struct(kind):
            return pd.ArrowDtype(kind)
        if pa.types.is_boolean(kind):
            return pd.BooleanDtype()
        if pa.types.is_int32(kind):
            return pd.Int32Dtype()
        return None  # pyarrow's default: timestamps, strings

    return table.to_pandas(types_mapper=dtype)


def empty_frame() -> pd.DataFrame:
    """A DataFrame with no rows and `to_pandas`'s columns and dtypes (Dask's ``meta``)."""
    return arrow_to_pandas(arrow_schema().empty_table())

"""Pipelines in and out: finding files, JSON Lines, Apache Arrow / Parquet, pandas.

The Arrow, Parquet and pandas modules need optional packages (``pip install "newsdoc[arrow]"``,
``"newsdoc[pandas]"``); they are imported only when one of their functions is called, and a
missing one raises `MissingDependencyError` saying what to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from newsdoc.errors import MissingDependencyError

__all__ = ["MissingDependencyError", "require"]


def require(module: str, extra: str) -> ModuleType:
    """Import an optional module, or say which newsdoc extra installs it.

    Args:
        module: The module to import, e.g. ``"pyarrow.parquet"``.
        extra: The extra that brings it, e.g. ``"arrow"``.

    Returns:
        The module.

    Raises:
        MissingDependencyError: The module (or one it needs) is not installed.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(module.partition(".")[0], extra) from exc

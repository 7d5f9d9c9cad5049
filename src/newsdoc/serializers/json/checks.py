"""What the JSON reader and writers share: `PathError`, `describe`, `check_json`.

Private to `newsdoc.serializers.json`; `newsdoc.serializers.json.read` uses them and
passes them on to the writers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, Final

from newsdoc.errors import SchemaError

__all__ = ["PathError", "check_json", "describe"]


class PathError(Exception):
    """A value that cannot be read (or written); ``path`` is innermost first."""

    def __init__(self, message: str, *path: str | int) -> None:
        super().__init__(message)
        self.message = message
        self.path = list(path)

    def error(self) -> SchemaError:
        """The public error: ``blocks[3].children[0]: message`` (``$`` for the root)."""
        parts: list[str] = []
        for step in reversed(self.path):
            if isinstance(step, int):
                parts.append(f"[{step}]")
            elif step.isidentifier():
                parts.append(f".{step}" if parts else step)
            else:
                parts.append(f"[{step!r}]")
        return SchemaError(self.message, path="".join(parts) or "$")


def describe(value: Any) -> str:
    """A short JSON-flavoured description of a value for messages."""
    if value is None or value is True or value is False:
        return json.dumps(value)
    if isinstance(value, str):
        return f"string {value[:40] + '…' if len(value) > 40 else value!r}"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a large integer"  # repr() refuses integers of more than 4300 digits
    if isinstance(value, int | float):
        return f"number {value!r}"
    if isinstance(value, list | tuple):
        return "array"
    return "object" if isinstance(value, Mapping) else f"a {type(value).__name__}"


_EXIT: Final = object()


def check_json(root: Any, key: str) -> None:
    """Refuse in ``root`` what JSON would not give back equal; iterative, so depth is free."""
    # Entries are (container, where) or (_EXIT, id); `where` links (parent where, step).
    stack: list[tuple[Any, Any]] = [(root, (None, key))]
    open_ids: set[int] = set()
    done_ids: set[int] = set()
    while stack:
        container, where = stack.pop()
        if container is _EXIT:
            open_ids.discard(where)
            done_ids.add(where)
            continue
        ident = id(container)
        if ident in done_ids:  # shared, not a cycle: JSON writes it twice
            continue
        if ident in open_ids:
            raise PathError("a list or dict that holds itself", *_steps(where))
        open_ids.add(ident)
        stack.append((_EXIT, ident))
        if isinstance(container, dict):
            for name in container:
                if not isinstance(name, str):
                    shown = describe(name) if isinstance(name, int) else repr(name)
                    raise PathError(f"key {shown} is not a string", *_steps(where))
            pairs: Any = container.items()
        else:
            pairs = enumerate(container)
        for step, value in pairs:
            kind = type(value)
            if kind is str or kind is int or kind is bool or value is None:
                continue
            if kind is float or isinstance(value, float):
                if math.isfinite(value):
                    continue
            elif kind is dict or kind is list or isinstance(value, dict | list):
                stack.append((value, (where, step)))
                continue
            elif isinstance(value, str | int):
                continue
            raise PathError(f"{value!r} is not a JSON value", step, *_steps(where))


def _steps(where: Any) -> list[str | int]:
    steps: list[str | int] = []
    while where is not None:
        where, step = where
        steps.append(step)
    return steps

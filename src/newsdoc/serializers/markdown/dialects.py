"""Front-matter entries written as YAML, TOML or JSON, read the same by every reader.

- YAML: a string is left plain only when it starts with a letter and no YAML 1.1 or 1.2 reader
  (PyYAML's SafeLoader, Ruby's Psych, js-yaml, newsdoc's core schema) types it: ``yes``,
  ``no``, ``on``, ``off``, ``y``, ``n``, ``null``, ``true``, ``10:00``, ``23:00:00``,
  ``1_000``, ``0o17``, ``2021-11-24``, ``~``, ``<<``, ``.inf`` and the like are quoted (single
  quotes; double quotes where a character must be escaped).  Other values are written as
  `newsdoc.common.yaml_core.dump` writes them.
- TOML: ``key = value`` lines, tables and tables in lists as inline tables; TOML has no null,
  so a null value is an error (`SchemaError`) rather than a key silently left out.
- JSON: an object, two spaces of indent, non-ASCII kept.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from newsdoc.common.yaml_core import DUMP_OPTIONS, Dumper
from newsdoc.errors import SchemaError

__all__ = ["json_members", "toml_text", "yaml_entry"]

_STR_TAG = "tag:yaml.org,2002:str"
_YAML11 = yaml.resolver.Resolver()
# Typed by some reader in some case (YAML 1.1 booleans include y and n).
_TYPED_WORDS = frozenset(
    ["y", "yes", "n", "no", "on", "off", "true", "false", "null", "nan", "inf", "infinity"]
)
_LETTER_FIRST = re.compile(r"[^\W\d_]")


def _plain_is_safe(text: str) -> bool:
    """Whether every YAML 1.1 and 1.2 reader reads ``text`` written plain as this string."""
    return (
        _LETTER_FIRST.match(text) is not None
        and text.lower() not in _TYPED_WORDS
        and _YAML11.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG  # type: ignore[no-untyped-call]
    )


class SafeDumper(Dumper):
    """`yaml_core.Dumper` quoting every string some YAML reader would type otherwise."""


def _represent_str(dumper: SafeDumper, text: str) -> yaml.ScalarNode:
    style = None if _plain_is_safe(text) else "'"
    return dumper.represent_scalar(_STR_TAG, text, style=style)


SafeDumper.add_representer(str, _represent_str)


def yaml_entry(key: str, value: Any) -> str:
    """``key: value`` as YAML lines (ending in a newline) that every reader reads alike.

    Raises:
        SchemaError: A value YAML cannot represent.
    """
    options = {**DUMP_OPTIONS}
    try:
        text: str = yaml.dump({key: value}, Dumper=SafeDumper, **options)
    except (yaml.YAMLError, UnicodeEncodeError, RecursionError) as exc:
        raise SchemaError(f"{key!r} cannot be written as YAML: {exc}") from exc
    return text


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_TOML_ESCAPED = re.compile('["\\\\\x00-\x1f\x7f]')


def _toml_string(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return _TOML_ESCAPES.get(char, f"\\u{ord(char):04X}")

    return '"' + _TOML_ESCAPED.sub(escape, text) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_value(value: Any, key: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item, key) for item in value) + "]"
    if isinstance(value, Mapping):
        members = (f"{_toml_key(str(k))} = {_toml_value(v, key)}" for k, v in value.items())
        return "{" + ", ".join(members) + "}"
    if value is None:
        raise SchemaError(f"{key!r} holds a null, which TOML cannot write")
    raise SchemaError(f"{key!r} holds {type(value).__name__}, which TOML cannot write")


def toml_text(items: Iterable[tuple[str, Any]]) -> str:
    """``key = value`` lines, each ending in a newline.

    Raises:
        SchemaError: A null, or a value that is not JSON-compatible.
    """
    try:
        return "".join(f"{_toml_key(key)} = {_toml_value(value, key)}\n" for key, value in items)
    except RecursionError as exc:
        raise SchemaError("the front matter is nested too deeply to write as TOML") from exc


def json_members(items: Iterable[tuple[str, Any]]) -> str:
    """The JSON object of ``items`` (two spaces of indent), without a final newline.

    Raises:
        SchemaError: A value JSON cannot represent.
    """
    try:
        return json.dumps(dict(items), ensure_ascii=False, indent=2, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise SchemaError(f"the front matter cannot be written as JSON: {exc}") from exc

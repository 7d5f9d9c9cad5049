"""An article's fields as a YAML front matter block that `newsdoc.parse` reads back.

Keys, in this order, each only when the field is set: ``title``, ``authors``
(list), ``date`` and ``updated`` (the text as written, ``date_raw``, when there
is one: it reads back to the same date; else RFC 3339), ``categories`` (one
hierarchy: a flat list; several: a list of lists, Hexo's meaning), ``tags``,
``image``, ``thumbnail``, ``comments``, ``draft`` (only ``true``), ``summary``,
``slug``, ``permalink``, ``lang``, then every ``extra`` key in order.

Two rules keep the reading unambiguous:

- when ``extra`` holds another key a field is read from (``published`` for
  ``draft``, ``cover`` for ``image``…), the field's own key is written even when
  the field is empty (``draft: false``, ``image: null``), so the reader takes the
  field from it and leaves the other key in ``extra``;
- an ``extra`` key equal to a key written for a field (``title`` in ``extra`` next
  to the title read from ``Title``) makes the field's key written in another case
  (``Title``), first, as the reader takes the first of keys equal but for case.

Fields that do not travel: ``source`` (where the article was read from, not
content) and ``problems`` (findings of the original parse); a ``date`` without
``date_raw`` comes back with ``date_raw`` set to the RFC 3339 text.

The usual front matter (strings, lists of strings, bools, small ints, null) is
written directly, exactly as the YAML dumper writes it (`flat_yaml`); anything
else goes through `newsdoc.common.yaml_core.dump`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from newsdoc.common.chars import C0_CONTROLS, DEL_AND_C1, NONCHARACTERS, SURROGATES
from newsdoc.common.yaml_core import Dumper, dump
from newsdoc.errors import SchemaError
from newsdoc.model import Article
from newsdoc.model.article import FIELD_KEYS

__all__ = ["date_value", "flat_yaml", "front_matter_data", "front_matter_text"]

_EMPTY: dict[str, Any] = {
    "title": None,
    "authors": [],
    "date": None,
    "updated": None,
    "categories": [],
    "tags": [],
    "image": None,
    "thumbnail": None,
    "comments": None,
    "draft": False,
    "summary": None,
    "slug": None,
    "permalink": None,
    "lang": None,
}


def front_matter_data(article: Article) -> dict[str, Any]:
    """The front-matter mapping of an article, in the documented key order.

    Args:
        article: The article.

    Returns:
        A mapping of plain YAML-ready values (str, bool, list, and ``extra``'s values).
    """
    data: dict[str, Any] = {}
    if article.title is not None:
        data["title"] = article.title
    if article.authors:
        data["authors"] = list(article.authors)
    date = date_value(article.date_raw, article.date)
    if date is not None:
        data["date"] = date
    updated = date_value(article.updated_raw, article.updated)
    if updated is not None:
        data["updated"] = updated
    if article.categories:
        paths = article.categories
        data["categories"] = list(paths[0]) if len(paths) == 1 else [list(p) for p in paths]
    if article.tags:
        data["tags"] = list(article.tags)
    for field in ("image", "thumbnail"):
        value = getattr(article, field)
        if value is not None:
            data[field] = value
    if article.comments is not None:
        data["comments"] = article.comments
    if article.draft:
        data["draft"] = True
    for field in ("summary", "slug", "permalink", "lang"):
        value = getattr(article, field)
        if value is not None:
            data[field] = value
    extra = article.extra
    if extra:
        lowered = {str(key).lower() for key in extra}
        added = False
        for field, empty in _EMPTY.items():
            if field not in data and not lowered.isdisjoint(FIELD_KEYS[field]):
                data[field] = empty
                added = True
        if added:
            data = _in_field_order(data)
        if not extra.keys().isdisjoint(data):
            data = _respelled(data, extra)
        for key, value in extra.items():
            if key not in data:
                data[key] = value
    return data


def _respelled(data: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """`data` with each field key that ``extra`` also holds spelled in another case.

    The reader matches keys case-insensitively and takes the first, so ``Comments: false``
    followed by ``comments: true`` reads back as the field and the ``extra`` entry.
    """
    taken = {*data, *extra}
    renamed: dict[str, Any] = {}
    for key, value in data.items():
        if key in extra:
            spellings = (key[:i].upper() + key[i:] for i in range(1, len(key) + 1))
            key = next((k for k in spellings if k not in taken), key)
            taken.add(key)
        renamed[key] = value
    return renamed


_UNIX_TIME = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
"A number as Python writes it: a date read from one was a YAML, JSON or TOML number."


def date_value(raw: str | None, value: Any) -> str | int | float | None:
    """A date as written: its text as written (a Unix time as the number), else RFC 3339."""
    if raw is not None:
        # A Unix time goes back as the number it was: as a string of digits it is no date.
        if value is not None and _UNIX_TIME.fullmatch(raw):
            number = float(raw) if "." in raw else int(raw)
            if str(number) == raw:
                return number
        return raw
    return None if value is None else str(value.isoformat())


def _in_field_order(data: dict[str, Any]) -> dict[str, Any]:
    return {field: data[field] for field in _EMPTY if field in data}


def front_matter_text(article: Article) -> str:
    """The front matter block: ``---``, the YAML, ``---``, each line ending in a newline.

    Args:
        article: The article.

    Returns:
        The block (``---\\n---\\n`` when there is nothing to write).

    Raises:
        SchemaError: An ``extra`` value YAML cannot represent (not JSON-compatible, or
            nested deeper than Python's recursion limit allows).
    """
    data = front_matter_data(article)
    if not data:
        return "---\n---\n"
    try:
        text = flat_yaml(data)
        if text is None:
            text = dump(data)
    except (yaml.YAMLError, UnicodeEncodeError) as exc:
        raise SchemaError(f"the front matter cannot be written as YAML: {exc}") from exc
    except RecursionError as exc:  # an `extra` value nested thousands deep (never parsed)
        raise SchemaError("the front matter is nested too deeply to write as YAML") from exc
    return f"---\n{text}---\n"


# ------------------------------------------------------------- direct writer
#
# PyYAML's representer costs more than the rest of `to_markdown` for a short post.  The
# rules below are those of its emitters (libyaml's and the pure-Python one agree on them)
# for block style, Unicode allowed and no line width, restricted to what they decide the
# same way; tests/test_markdown_fast.py checks them against both.

# One line, nothing escaped: plain if `_NOT_PLAIN` and the typing allow, else single quotes.
_SIMPLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
# What rules out a plain scalar in block context: an indicator first, "- "/"? "/": " first,
# a document marker, a space at either end, ": " or a final ":", " #".
_NOT_PLAIN = re.compile(r"""\A(?:[#,\[\]{}&*!|>'"%@`]|[-?:](?: |\Z)|---|\.\.\.| )|: |:\Z| #| \Z""")
# Left to the dumper: the two emitters differ on NEL and on characters beyond U+FFFF;
# U+2028/9 are line breaks written raw; surrogates cannot be encoded.
_UNSURE = re.compile(f"[\x85\u2028\u2029{SURROGATES}\U00010000-\U0010ffff]")
# Double quotes: a character that must be escaped, or a space next to a line break.
_NEEDS_DOUBLE = re.compile(f"[\t\r{C0_CONTROLS}{DEL_AND_C1}\ufeff{NONCHARACTERS}]| \n|\n ")
_DOUBLE_ESCAPED = re.compile(f'[\t\n\r{C0_CONTROLS}{DEL_AND_C1}"\\\\\ufeff{NONCHARACTERS}]')
_ESCAPES = {
    "\0": "\\0", "\x07": "\\a", "\x08": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v",
    "\x0c": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\",
}  # fmt: skip
_LINE_BREAKS = re.compile("\n+")
_STR_TAG = "tag:yaml.org,2002:str"
_IMPLICIT = (True, False)
_RESOLVER = Dumper(io.StringIO())  # only its `resolve`: the typing the real dump applies
_TYPED_FIRST = frozenset(Dumper.yaml_implicit_resolvers)  # the first characters it looks at
_MAX_KEY_BYTES = 127  # a longer key may be written as "? key"
_MAX_INT = 10**18  # str() of a huge int may raise (PEP 651 digit limit): left to the dumper
_MAX_DEPTH = 20


def flat_yaml(data: dict[str, Any]) -> str | None:
    """The YAML `newsdoc.common.yaml_core.dump` writes for ``data``, or None if unsure.

    Args:
        data: A front-matter mapping.

    Returns:
        The same text as ``dump(data)`` when every key is a one-line string and every
        value a string, bool, int, None, or a list of them (nested or empty lists too);
        None for anything else (floats, mappings, a list seen twice, rare characters).
    """
    lines: list[str] = []
    seen: set[int] = set()
    for key, value in data.items():
        if type(key) is not str or not key:  # an empty key is written "? ''"
            return None
        name = _KEYS.get(key)
        if name is None:
            name = _scalar(key, 0, key=True)
            if name is None or len(key.encode()) > _MAX_KEY_BYTES:
                return None
        if type(value) is not list:
            text = _scalar(value, 2)
            if text is None:
                return None
            lines.append(f"{name}: {text}")
        elif id(value) in seen:  # PyYAML writes an anchor and an alias
            return None
        elif not value:
            seen.add(id(value))
            lines.append(f"{name}: []")
        else:
            seen.add(id(value))
            lines.append(f"{name}:")
            if not _sequence(value, "", 0, lines, seen):
                return None
    return "\n".join(lines) + "\n"


_KEYS = {key: key for keys in FIELD_KEYS.values() for key in keys}
"The keys of fields: written plain (checked by the tests)."


def _sequence(items: list[Any], lead: str, indent: int, lines: list[str], seen: set[int]) -> bool:
    """Write a block sequence: the first item after ``lead``, the others at ``indent``."""
    if indent > 2 * _MAX_DEPTH:
        return False
    pad = " " * indent
    for index, item in enumerate(items):
        start = lead if index == 0 else pad
        if type(item) is list:
            if id(item) in seen:
                return False
            seen.add(id(item))
            if not item:
                lines.append(start + "- []")
            elif not _sequence(item, start + "- ", indent + 2, lines, seen):
                return False
            continue
        text = _scalar(item, indent + 2)
        if text is None:
            return False
        lines.append(start + "- " + text)
    return True


def _scalar(value: Any, indent: int, *, key: bool = False) -> str | None:
    """A scalar as the emitter writes it; ``indent``: of a quoted scalar's later lines."""
    kind = type(value)
    if kind is str:
        return _string(value, indent, key)
    if kind is bool:
        return "true" if value else "false"
    if kind is int and -_MAX_INT < value < _MAX_INT:
        return str(value)
    if value is None:
        return "null"
    return None


def _string(text: str, indent: int, key: bool) -> str | None:
    if _SIMPLE.fullmatch(text) is not None:
        if (
            text
            and _NOT_PLAIN.search(text) is None
            and (
                text[0] not in _TYPED_FIRST
                or _RESOLVER.resolve(ScalarNode, text, _IMPLICIT) == _STR_TAG
            )
        ):
            return text
        return "'" + text.replace("'", "''") + "'"
    if _UNSURE.search(text) is not None or (key and ("\n" in text or "\r" in text)):
        return None  # a key with a line break may be written as "? key"
    if _NEEDS_DOUBLE.search(text) is not None:
        return '"' + _DOUBLE_ESCAPED.sub(_double_escape, text) + '"'
    # Several lines in single quotes: one line break reads as a space, so each run of
    # breaks is written one longer, and the next line is indented.
    pad = " " * indent
    quoted = text.replace("'", "''")
    return "'" + _LINE_BREAKS.sub(lambda run: "\n" * (len(run.group()) + 1) + pad, quoted) + "'"


def _double_escape(match: re.Match[str]) -> str:
    char = match.group()
    escape = _ESCAPES.get(char)
    if escape is not None:
        return escape
    code = ord(char)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"

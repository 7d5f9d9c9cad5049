"""YAML with the YAML 1.2 core schema, on top of PyYAML (libyaml when available).

PyYAML resolves plain scalars with the YAML 1.1 rules, which re-type text that
authors meant as text: ``10:00`` becomes 600, ``no`` becomes False and
``2015-10-11`` becomes a date.  `Loader` and `Dumper` use the core schema of
YAML 1.2 instead; a plain scalar is typed only when it is

- null: ``~``, ``null``, ``Null``, ``NULL`` or empty;
- bool: ``true``, ``True``, ``TRUE``, ``false``, ``False``, ``FALSE``;
- int: decimal (``-12``), octal (``0o17``) or hexadecimal (``0x1F``);
- float: ``1.5``, ``.5``, ``1e3``, ``.inf``, ``-.inf``, ``.nan``;
- the merge key ``<<``.

Everything else is a string.  Explicit tags (``!!timestamp``, ``!!binary``,
``!!set``…) still construct what SafeLoader constructs; any other tag,
``!!python/…`` included, is refused with a `yaml.constructor.ConstructorError`.
`Dumper` quotes exactly the strings that `Loader` would read as something else,
so a dumped string always reads back as the same string.

`Loader` records duplicate mapping keys (the last value wins, as in PyYAML) and
bounds merge-key expansion (`YAMLLimitError`).  It does not bound nesting:
libyaml recurses in C while composing and crashes on flow collections nested
tens of thousands deep, so check untrusted text first (the front-matter parser
uses `newsdoc.parsers.front_matter.survey`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from newsdoc.common.yaml_scalars import BOOL as _BOOL
from newsdoc.common.yaml_scalars import DECIMAL as _DECIMAL
from newsdoc.common.yaml_scalars import FLOAT as _FLOAT
from newsdoc.common.yaml_scalars import INT as _INT
from newsdoc.common.yaml_scalars import NULL as _NULL
from newsdoc.limits import YAML_MERGE_DEPTH, YAML_MERGED_KEYS

if TYPE_CHECKING:
    from yaml import SafeDumper as _DumperBase
    from yaml import SafeLoader as _LoaderBase
elif getattr(yaml, "__with_libyaml__", False):
    from yaml import CSafeDumper as _DumperBase
    from yaml import CSafeLoader as _LoaderBase
else:  # PyYAML built without libyaml
    from yaml import SafeDumper as _DumperBase
    from yaml import SafeLoader as _LoaderBase

__all__ = ["DUMP_OPTIONS", "Dumper", "Loader", "YAMLLimitError", "dump"]


_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = _TAG + "merge"
_NULL_TAG = _TAG + "null"
_BOOL_TAG = _TAG + "bool"
_INT_TAG = _TAG + "int"
_FLOAT_TAG = _TAG + "float"
_STR_TAG = _TAG + "str"
_SEQ_TAG = _TAG + "seq"
_MAP_TAG = _TAG + "map"

_MERGE = re.compile(r"<<\Z")

# Order matters: a decimal integer also matches the float pattern.
_RESOLVERS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (_NULL_TAG, _NULL, "~nN"),
    (_BOOL_TAG, _BOOL, "tTfF"),
    (_INT_TAG, _INT, "-+0123456789"),
    (_FLOAT_TAG, _FLOAT, "-+.0123456789"),
    (_MERGE_TAG, _MERGE, "<"),
)


def _by_first_character() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    table: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
    for tag, pattern, first in _RESOLVERS:
        for char in first:
            table[char] = (*table.get(char, ()), (tag, pattern))
    return table


_BY_FIRST = _by_first_character()


class YAMLLimitError(ConstructorError):
    """Merge keys (``<<``) expand beyond `YAML_MERGED_KEYS` or chain beyond `YAML_MERGE_DEPTH`."""


def _install_resolvers(cls: type[Any]) -> None:
    cls.yaml_implicit_resolvers = {}
    for tag, pattern, first in _RESOLVERS:
        cls.add_implicit_resolver(tag, pattern, list(first))
    cls.add_implicit_resolver(_NULL_TAG, _NULL, [""])


def _scalar(loader: Loader, node: Node) -> str:
    value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return str(value)


def _construct_int(loader: Loader, node: Node) -> int | str:
    value = _scalar(loader, node)
    text = value.replace("_", "")  # YAML 1.1 digit separators, for explicit !!int
    sign = -1 if text[:1] == "-" else 1
    digits = text[1:] if text[:1] in "+-" else text
    try:
        if digits[:2] in ("0o", "0O"):
            return sign * int(digits[2:], 8)
        if digits[:2] in ("0x", "0X"):
            return sign * int(digits[2:], 16)
        if digits[:2] in ("0b", "0B"):
            return sign * int(digits[2:], 2)
        return sign * int(digits, 10)
    except ValueError as exc:
        if _DECIMAL.match(value):
            return value  # more digits than int() accepts (PEP 651 limit): keep the text
        raise ConstructorError(None, None, f"{value!r} is not an integer", node.start_mark) from exc


def _construct_float(loader: Loader, node: Node) -> float:
    value = _scalar(loader, node)
    text = value.replace("_", "").lower()
    if text in (".inf", "+.inf"):
        return math.inf
    if text == "-.inf":
        return -math.inf
    if text == ".nan":
        return math.nan
    try:
        return float(text)
    except ValueError as exc:
        raise ConstructorError(None, None, f"{value!r} is not a float", node.start_mark) from exc


_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}


def _construct_bool(loader: Loader, node: Node) -> bool:
    value = _scalar(loader, node)
    try:
        return _BOOLS[value.lower()]
    except KeyError as exc:
        raise ConstructorError(None, None, f"{value!r} is not a bool", node.start_mark) from exc


def _construct_timestamp(loader: Loader, node: Node) -> Any:
    value = _scalar(loader, node)
    if not SafeConstructor.timestamp_regexp.match(value):
        raise ConstructorError(None, None, f"{value!r} is not a timestamp", node.start_mark)
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError as exc:  # 2016-06-31: datetime refuses it with a ValueError
        raise ConstructorError(
            None, None, f"{value!r} is not a valid date: {exc}", node.start_mark
        ) from exc


class _CoreResolver:
    """Faster `resolve` for the core schema; no path resolvers (PyYAML's are Python loops)."""

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                if not value:
                    return _NULL_TAG
                for tag, pattern in _BY_FIRST.get(value[0], ()):
                    if pattern.match(value):
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class Loader(_CoreResolver, _LoaderBase):
    """A safe loader with YAML 1.2 core-schema typing (see the module docstring).

    Attributes:
        duplicate_keys: every repeated scalar key seen, as ``(key, mark)``.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, yaml.Mark]] = []
        self._merge_budget = YAML_MERGED_KEYS
        self._merge_depth = 0

    def construct_document(self, node: Node) -> Any:
        """Construct a document; plain ones (the usual front matter) without PyYAML's machinery.

        PyYAML's constructor costs more than libyaml's parse.  A document of plain
        scalars, lists and mappings (no alias, merge key, explicit tag or deep
        nesting) is built straight from the nodes, with the same result.
        """
        try:
            return _construct_plain(self, node, 0, set())
        except _UnusualNodeError:
            self.duplicate_keys.clear()
            return super().construct_document(node)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        """Construct a mapping, recording duplicate scalar keys (merged keys excepted)."""
        if isinstance(node, MappingNode) and len(node.value) > 1:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE_TAG:
                    key = self.construct_object(key_node)
                    if key in seen:
                        self.duplicate_keys.append((key_node.value, key_node.start_mark))
                    seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[arg-type]

    def flatten_mapping(self, node: MappingNode) -> None:
        """Expand merge keys, bounded in size and depth (PyYAML's version is unbounded).

        As in PyYAML: the mapping's own keys win over merged ones, and among the
        mappings of a merged list the earlier ones win.
        """
        if not any(key_node.tag == _MERGE_TAG for key_node, _ in node.value):
            return
        self._merge_depth += 1
        try:
            if self._merge_depth > YAML_MERGE_DEPTH:
                raise YAMLLimitError(
                    None, None, f"merge keys chain deeper than {YAML_MERGE_DEPTH}", node.start_mark
                )
            merged: list[tuple[Node, Node]] = []
            own: list[tuple[Node, Node]] = []
            for key_node, value_node in node.value:
                if key_node.tag != _MERGE_TAG:
                    own.append((key_node, value_node))
                    continue
                for source in reversed(_merge_sources(node, value_node)):
                    self.flatten_mapping(source)
                    self._merge_budget -= len(source.value)
                    if self._merge_budget < 0:
                        raise YAMLLimitError(
                            None,
                            None,
                            f"merge keys copy more than {YAML_MERGED_KEYS} keys",
                            node.start_mark,
                        )
                    merged.extend(source.value)
        finally:
            self._merge_depth -= 1
        node.value = _last_of_each_key(merged + own)


class _UnusualNodeError(Exception):
    """The document needs PyYAML's constructor: an alias, a merge key, a tag, deep nesting."""


_FAST_DEPTH = 50


def _construct_plain(loader: Loader, node: Node, depth: int, seen: set[int]) -> Any:
    kind = type(node)
    tag = node.tag
    if kind is ScalarNode:
        if tag == _STR_TAG:
            return node.value
        if tag == _NULL_TAG:
            return None
        if tag == _INT_TAG:
            return _construct_int(loader, node)
        if tag == _BOOL_TAG:
            return _construct_bool(loader, node)
        if tag == _FLOAT_TAG:
            return _construct_float(loader, node)
        raise _UnusualNodeError
    if depth > _FAST_DEPTH or id(node) in seen:  # an alias shares the node: count it once
        raise _UnusualNodeError
    seen.add(id(node))
    depth += 1
    if kind is SequenceNode and tag == _SEQ_TAG:
        return [_construct_plain(loader, item, depth, seen) for item in node.value]
    if kind is not MappingNode or tag != _MAP_TAG:
        raise _UnusualNodeError
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if type(key_node) is not ScalarNode or key_node.tag == _MERGE_TAG:
            raise _UnusualNodeError
        key = _construct_plain(loader, key_node, depth, seen)
        if key in mapping:
            loader.duplicate_keys.append((key_node.value, key_node.start_mark))
        mapping[key] = _construct_plain(loader, value_node, depth, seen)
    return mapping


def _merge_sources(node: MappingNode, value_node: Node) -> list[MappingNode]:
    if isinstance(value_node, MappingNode):
        return [value_node]
    if isinstance(value_node, SequenceNode):
        for item in value_node.value:
            if not isinstance(item, MappingNode):
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"expected a mapping for merging, but found {item.id}",
                    item.start_mark,
                )
        return list(value_node.value)
    raise ConstructorError(
        "while constructing a mapping",
        node.start_mark,
        "expected a mapping or list of mappings for merging, but found a scalar",
        value_node.start_mark,
    )


def _last_of_each_key(pairs: list[tuple[Node, Node]]) -> list[tuple[Node, Node]]:
    # Merged mappings repeat keys; keeping only the winner stops a chain of
    # merges from growing the pair lists exponentially.
    last: dict[tuple[str, str], int] = {}
    for index, (key_node, _) in enumerate(pairs):
        if isinstance(key_node, ScalarNode):
            last[(key_node.tag, key_node.value)] = index
    return [
        pair
        for index, pair in enumerate(pairs)
        if not isinstance(pair[0], ScalarNode) or last[(pair[0].tag, pair[0].value)] == index
    ]


_install_resolvers(Loader)
Loader.add_constructor(_TAG + "int", _construct_int)
Loader.add_constructor(_TAG + "float", _construct_float)
Loader.add_constructor(_TAG + "bool", _construct_bool)
Loader.add_constructor(_TAG + "timestamp", _construct_timestamp)


class Dumper(_CoreResolver, _DumperBase):
    """A safe dumper whose implicit typing matches `Loader`: what it writes, `Loader` reads."""


_install_resolvers(Dumper)


DUMP_OPTIONS: dict[str, Any] = {
    "allow_unicode": True,
    "sort_keys": False,
    "default_flow_style": False,
    "width": 2**31 - 1,
}
"The `yaml.dump` options `dump` writes with: block style, key order kept, no line wrapping."


def dump(data: Mapping[str, Any]) -> str:
    """Write a mapping as block-style YAML with `Dumper`: key order kept, Unicode as is.

    Args:
        data: a mapping of JSON-compatible values.

    Returns:
        The YAML text, ending with a newline (``{}\\n`` for an empty mapping).
    """
    text: str = yaml.dump(dict(data), Dumper=Dumper, **DUMP_OPTIONS)
    return text

"""Sending loaded articles from worker processes to the parent cheaply (``jobs`` > 1).

Pickling a frozen, slotted attrs class calls its generated ``__getstate__`` (a dict of field
names to values) in the worker and ``__setstate__`` (a loop of ``object.__setattr__``) in the
parent: 2 to 3 µs per node each way, and an article has ~80 nodes.  `pack` instead reduces each
node to its ``init`` field values (``Text(value="x")`` becomes ``(rebuild_Text, ("x",))``),
rebuilt by a function written for its class that sets each slot once: a third of the time or
less, and fewer bytes.  Fields with ``init=False`` (the ``type`` tag) are constants, set from their
default.  The reducers live in `pack`'s own pickler: ordinary pickling, and multiprocessing's,
are unchanged.  Unpickling needs nothing installed: it imports this module, which defines the
``rebuild_*`` functions that the pickles name.

A chunk is packed one result at a time and `unpack` rebuilds each result only when it is asked
for: results read ahead wait as bytes, which the garbage collector never scans, instead of as
thousands of objects it would promote and rescan.

Classes that are not slotted attrs classes with exactly one slot per field (a hash cache, a
``__dict__``) are pickled as usual; so is every other type.
"""

from __future__ import annotations

import copyreg
import io
import operator
import pickle
from collections.abc import Callable, Iterator
from typing import Any, TypeAlias

import attrs

from newsdoc import model
from newsdoc.batch.result import LoadResult
from newsdoc.errors import Problem
from newsdoc.io.files import SourceFile

__all__ = ["Packed", "pack", "unpack"]

Packed: TypeAlias = tuple[bytes, list[int]]
"Pickles of results, end to end, and where each one ends."

_Reduce: TypeAlias = Callable[[Any], tuple[Callable[..., Any], tuple[Any, ...]]]


def _classes() -> list[type[Any]]:
    """Every class whose instances travel back from workers: the model, and the results."""
    found = [getattr(model, name) for name in model.__all__]
    found = [cls for cls in found if isinstance(cls, type) and attrs.has(cls)]
    return [*found, Problem, SourceFile, LoadResult]


def _transferable(cls: type[Any]) -> bool:
    slots = set(cls.__dict__.get("__slots__", ("__dict__",))) - {"__weakref__"}
    names = {field.name for field in attrs.fields(cls)}
    return slots == names and not names & _INTERNAL_NAMES


_INTERNAL_NAMES = {"_new", "_setattr", "_cls", "_node", "_constants"}
"The names `_rebuilder`'s functions use besides the fields (a field so named is not sent so)."


def _rebuilder(cls: type[Any]) -> Callable[..., Any]:
    """A function of the `init` field values (in order) that makes an instance of `cls`."""
    fields = attrs.fields(cls)
    sent = [field.name for field in fields if field.init]
    namespace: dict[str, Any] = {"_new": object.__new__, "_setattr": object.__setattr__}
    namespace["_cls"] = cls
    lines = [f"def rebuild_{cls.__name__}({', '.join(sent)}):", "    _node = _new(_cls)"]
    constants: list[Any] = []
    for field in fields:
        if field.init:
            value = field.name
        else:  # a constant (the type tag): never an argument, and frozen
            value = f"_constants[{len(constants)}]"
            constants.append(field.default)
        lines.append(f"    _setattr(_node, {field.name!r}, {value})")
    lines.append("    return _node")
    namespace["_constants"] = tuple(constants)
    # Written out like attrs' own __init__: one call per slot, no loop, no state dict.
    exec("\n".join(lines), namespace)
    rebuild: Callable[..., Any] = namespace[f"rebuild_{cls.__name__}"]
    rebuild.__module__ = __name__
    return rebuild


def _reducer(rebuild: Callable[..., Any], names: list[str]) -> _Reduce:
    if not names:
        return lambda _node: (rebuild, ())
    get = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda node: (rebuild, (get(node),))
    return lambda node: (rebuild, get(node))


def _dispatch_table() -> dict[Any, Any]:
    table: dict[Any, Any] = dict(copyreg.dispatch_table)
    for cls in _classes():
        if not _transferable(cls):
            continue
        rebuild = _rebuilder(cls)
        if rebuild.__name__ in globals():
            raise RuntimeError(f"two classes named {cls.__name__}")  # a bug, found at import
        globals()[rebuild.__name__] = rebuild  # where unpickling looks for it
        table[cls] = _reducer(rebuild, [field.name for field in attrs.fields(cls) if field.init])
    return table


_DISPATCH_TABLE = _dispatch_table()


def pack(results: list[LoadResult]) -> Packed:
    """Pickle each of `results` with the cheap reducers (in a worker process).

    Raises:
        pickle.PicklingError: A result holds something that cannot be pickled.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH_TABLE
    ends: list[int] = []
    for result in results:
        pickler.dump(result)
        pickler.clear_memo()  # each pickle stands alone: `unpack` reads them one by one
        ends.append(buffer.tell())
    return buffer.getvalue(), ends


def unpack(packed: Packed) -> Iterator[LoadResult]:
    """Rebuild the results of `pack`, in order, each one when it is asked for."""
    data, ends = packed
    view = memoryview(data)
    start = 0
    for end in ends:
        result: LoadResult = pickle.loads(view[start:end])
        yield result
        start = end

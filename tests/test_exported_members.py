"""What each module exports exists, is documented, and is public."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types
import typing

import pytest

import newsdoc
import newsdoc.errors

# Modules whose import needs an optional extra that may be missing.
_OPTIONAL = {"newsdoc.dask": "dask", "newsdoc.io.pandas": "pandas"}


def _modules() -> list[str]:
    # newsdoc.__main__ runs the CLI when imported: it is `python -m newsdoc`, not a module to use.
    names = ["newsdoc"]
    for info in pkgutil.walk_packages(newsdoc.__path__, "newsdoc."):
        if info.name != "newsdoc.__main__":
            names.append(info.name)
    return sorted(names)


def _import(name: str) -> types.ModuleType:
    if name in _OPTIONAL:
        pytest.importorskip(_OPTIONAL[name])
    return importlib.import_module(name)


@pytest.mark.parametrize("name", _modules())
def test_module_all_names_exist_and_are_public(name: str) -> None:
    """Every name in a module's ``__all__`` exists there, and none is private."""
    module = _import(name)
    exported = getattr(module, "__all__", None)
    if exported is None:
        return
    assert len(exported) == len(set(exported)), f"{name}.__all__ lists a name twice"
    for member in exported:
        assert not (member.startswith("_") and member != "__version__"), f"{name}.{member}"
        assert hasattr(module, member), f"{name}.__all__ names a missing {member!r}"


@pytest.mark.parametrize("name", _modules())
def test_module_has_a_docstring(name: str) -> None:
    assert (_import(name).__doc__ or "").strip(), f"{name} has no module docstring"


@pytest.mark.parametrize("member", sorted(set(newsdoc.__all__) - {"__version__"}))
def test_every_public_name_is_documented(member: str) -> None:
    """Each name `import newsdoc` offers has a docstring of its own (not one inherited)."""
    value = getattr(newsdoc, member)
    if typing.get_origin(value) is typing.Literal:
        # A type alias cannot carry a docstring: its attribute docstring in the source must say
        # what it is (mkdocstrings shows it on the API page).
        source = inspect.getsource(importlib.import_module("newsdoc.options"))
        assert re.search(rf"^{member}: TypeAlias = .*\n\"\S", source, re.M), member
        return
    doc = value.__dict__.get("__doc__") if inspect.isclass(value) else value.__doc__
    assert (doc or "").strip(), f"newsdoc.{member} has no docstring"


def test_dir_shows_the_public_names_only() -> None:
    assert dir(newsdoc) == sorted(newsdoc.__all__)
    for private in ("Any", "TYPE_CHECKING", "annotations", "importlib"):
        assert private not in dir(newsdoc)


def test_every_error_is_in_the_tree_drawn_in_errors_docstring() -> None:
    """The hierarchy drawn in `newsdoc.errors`' docstring names each exception it defines,
    each with its real base classes."""
    doc = newsdoc.errors.__doc__ or ""
    errors = [
        value
        for value in vars(newsdoc.errors).values()
        if inspect.isclass(value)
        and issubclass(value, newsdoc.NewsdocError)
        and not value.__name__.startswith("_")
    ]
    assert len(errors) >= 10
    for error in errors:
        assert error.__name__ in doc, error.__name__
        assert error.__name__ in newsdoc.__all__, error.__name__
    assert issubclass(newsdoc.ReadError, OSError)
    assert issubclass(newsdoc.WriteError, OSError)
    assert issubclass(newsdoc.InputTooLargeError, newsdoc.ParseError)
    assert issubclass(newsdoc.OptionError, ValueError)
    assert issubclass(newsdoc.ArgumentTypeError, TypeError)

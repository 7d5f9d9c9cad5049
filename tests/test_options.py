"""One set of parse options: every entry point takes the same ones, checked when it is called."""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import newsdoc
import newsdoc.dask
from newsdoc.cli.app import build_parser
from newsdoc.options import ParseOptions

FIELDS = {field.name: field.default for field in attrs.fields(ParseOptions)}
ENTRY_POINTS: list[Callable[..., Any]] = [
    newsdoc.parse,
    newsdoc.load,
    newsdoc.iter_load,
    newsdoc.dask.read_articles,  # read_articles_dataframe passes **options on to it
]


@pytest.mark.parametrize("function", ENTRY_POINTS, ids=lambda f: f.__qualname__)
def test_every_entry_point_takes_the_parse_options_with_their_defaults(
    function: Callable[..., Any],
) -> None:
    """Each public entry point has exactly ParseOptions' fields, keyword-only, same defaults."""
    parameters = inspect.signature(function).parameters
    found = {
        name: parameters[name].default
        for name in FIELDS
        if name in parameters and parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
    }
    assert found == FIELDS


def test_the_command_line_has_an_option_for_each_parse_option() -> None:
    """`newsdoc convert`, `check` and `show` offer every parse option."""
    flags = {
        "strict": "--strict",
        "default_timezone": "--timezone",
        "body_format": "--body-format",
        "base_url": "--base-url",
        "encoding": "--encoding",
        "limits": "--limit",
        "keep_body": "--keep-body",
    }
    assert set(flags) == set(FIELDS)
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in ("convert", "check", "show"):
        options = {s for action in commands[name]._actions for s in action.option_strings}
        assert set(flags.values()) <= options, name


@pytest.mark.parametrize("on_error", ["raise", "skip", "collect"])
def test_iter_load_refuses_a_bad_body_format_at_the_call(on_error: Any) -> None:
    """iter_load(body_format='xml') raises before any file is read, whatever on_error says."""
    with pytest.raises(newsdoc.OptionError, match="body_format"):
        newsdoc.iter_load("examples", on_error=on_error, body_format="xml")


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"body_format": "xml"}, "body_format"),
        ({"default_timezone": "Mars/Base"}, "Mars/Base"),
        ({"default_timezone": 3}, "default_timezone"),
        ({"encoding": "klingon"}, "klingon"),
        ({"encoding": "rot13"}, "not a text encoding"),
        ({"strict": "yes"}, "strict"),
        ({"base_url": 7}, "base_url"),
        ({"limits": {"max_input_bytes": 1}}, "limits"),
    ],
)
def test_a_bad_option_is_an_option_error(options: dict[str, Any], match: str) -> None:
    """Each kind of bad value is an OptionError (a ValueError) naming what was wrong."""
    for call in (
        lambda: newsdoc.parse("x", **options),
        lambda: newsdoc.load("examples/hexo-rss-zh.md", **options),
        lambda: newsdoc.iter_load("examples", **options),
    ):
        with pytest.raises(newsdoc.OptionError, match=match) as caught:
            call()
        assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "options", [{"on_error": "ignore"}, {"jobs": -1}, {"jobs": 1.5}, {"chunksize": 0}]
)
def test_iter_load_refuses_bad_batch_options_at_the_call(options: dict[str, Any]) -> None:
    """on_error, jobs and chunksize are checked by the call too."""
    with pytest.raises(newsdoc.OptionError):
        newsdoc.iter_load("examples", **options)


def test_a_zone_name_is_accepted_where_a_tzinfo_is() -> None:
    """default_timezone may be an IANA name: dates without a zone take it."""
    article = newsdoc.parse("---\ndate: 2021-11-24 08:00:00\n---\nx", default_timezone="Asia/Tokyo")
    assert article.date == dt.datetime(2021, 11, 23, 23, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--encoding", "klingon"), ("--timezone", "Mars/Base"), ("--body-format", "xml")],
)
def test_a_bad_option_on_the_command_line_is_a_usage_error(flag: str, value: str) -> None:
    """The command refuses a bad option with exit code 2, naming the value, reading no file."""
    run = subprocess.run(
        [sys.executable, "-m", "newsdoc", "check", "examples", flag, value],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2
    assert value in run.stderr

"""The options of a parse, in one frozen object, checked once when it is built.

`ParseOptions` holds the six options of `newsdoc.parse`; `newsdoc.load`, `newsdoc.iter_load`,
`newsdoc.dask` and the ``newsdoc`` command all build one from their keyword arguments (same
names, same defaults), so a bad value is refused by the call that was given it, before any
file is read.  `LoadResult` is what ``iter_load(..., on_error="collect")`` yields.
"""

from __future__ import annotations

import codecs
import datetime as dt
from typing import Literal, TypeAlias

import attrs

from newsdoc.errors import OptionError
from newsdoc.limits import DEFAULT_LIMITS, Limits

__all__ = ["BODY_FORMATS", "ON_ERROR", "BodyFormat", "OnError", "ParseOptions"]

BodyFormat: TypeAlias = Literal["auto", "html", "markdown"]
"How to read the body: detect it, or force HTML or Markdown."
BODY_FORMATS: tuple[BodyFormat, ...] = ("auto", "html", "markdown")

OnError: TypeAlias = Literal["raise", "skip", "collect"]
"What `newsdoc.iter_load` does with a file that cannot be loaded."
ON_ERROR: tuple[OnError, ...] = ("raise", "skip", "collect")


def check_on_error(on_error: object) -> OnError:
    """`on_error` itself if it is one of `ON_ERROR`.

    Raises:
        OptionError: It is not.
    """
    if on_error not in ON_ERROR:
        raise OptionError(f"on_error must be 'raise', 'skip' or 'collect', not {on_error!r}")
    return on_error


def _zone(value: dt.tzinfo | str) -> dt.tzinfo:
    if isinstance(value, dt.tzinfo):
        return value
    if isinstance(value, str):
        import zoneinfo  # here, not at the top: it costs `import newsdoc` ~2 ms (sysconfig)

        try:
            return zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise OptionError(f"default_timezone: no time zone is named {value!r}") from exc
    raise OptionError(f"default_timezone must be a datetime.tzinfo or a zone name, not {value!r}")


def _limits(value: Limits | None) -> Limits:
    if value is None:
        return DEFAULT_LIMITS
    if not isinstance(value, Limits):
        raise OptionError(f"limits must be a newsdoc.Limits, not {value!r}")
    return value


def _bool(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise OptionError(f"{attribute.name} must be True or False, not {value!r}")


def _body_format(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in BODY_FORMATS:
        raise OptionError(f"body_format must be 'auto', 'html' or 'markdown', not {value!r}")


def _text_or_none(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise OptionError(f"{attribute.name} must be a string or None, not {value!r}")


def _encoding(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    _text_or_none(instance, attribute, value)
    if not isinstance(value, str):
        return
    try:
        info = codecs.lookup(value)
    except LookupError as exc:
        raise OptionError(f"encoding: Python knows no text encoding named {value!r}") from exc
    if not info._is_text_encoding:  # rot13, base64: not for text
        raise OptionError(f"encoding: {value!r} is not a text encoding")


@attrs.frozen(kw_only=True)
class ParseOptions:
    """How to read a post: the options of `newsdoc.parse`, checked when built.

    Raises:
        OptionError: A value is of the wrong type or out of range (an unknown body format,
            time zone or encoding).

    Examples:
        >>> from newsdoc.options import ParseOptions
        >>> ParseOptions(default_timezone="Asia/Shanghai").default_timezone
        zoneinfo.ZoneInfo(key='Asia/Shanghai')
        >>> ParseOptions(body_format="xml")
        Traceback (most recent call last):
        ...
        newsdoc.errors.OptionError: body_format must be 'auto', 'html' or 'markdown', not 'xml'
    """

    strict: bool = attrs.field(default=False, validator=_bool)
    """Raise on a malformed front matter, an unreadable date or bytes that cannot be decoded,
    instead of recording a `Problem`."""
    default_timezone: dt.tzinfo = attrs.field(default=dt.UTC, converter=_zone)
    "The zone of dates written without one (a `datetime.tzinfo`, or an IANA zone name)."
    body_format: BodyFormat = attrs.field(default="auto", validator=_body_format)
    """``"auto"`` detects HTML or Markdown; ``"html"``/``"markdown"`` force one."""
    base_url: str | None = attrs.field(default=None, validator=_text_or_none)
    "Resolve relative link and image URLs against this URL."
    encoding: str | None = attrs.field(default=None, validator=_encoding)
    "The encoding of bytes input, if known (else a BOM, UTF-8 or GB18030 is used)."
    limits: Limits = attrs.field(default=DEFAULT_LIMITS, converter=_limits)
    "The sizes, counts and depths to stay within (`newsdoc.Limits`)."
    keep_body: bool = attrs.field(default=False, validator=_bool)
    """Keep the body's text on ``article.origin``, so that `newsdoc.to_markdown` writes an
    unchanged body back byte for byte (costs the body's size in memory)."""

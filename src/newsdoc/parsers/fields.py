"""Front-matter keys into typed `Article` fields.

Each field has a list of keys it is read from, matched without regard to case,
the first present winning (``title``; ``authors``/``author``; ``date``/
``publishdate``/``pubdate``; …: see `FIELD_KEYS`).  A key that fills a field is
consumed; every other key, including a second alias of a field already filled
and any value that cannot be typed, stays in ``extra`` in its original order,
so nothing is lost.  A value that cannot be typed is also a `Problem`.

Text fields keep the text as written: when the YAML loader typed a scalar
(``title: 2021`` is an int), the raw text of the line is used instead.

Jekyll's ``time:`` key is combined with ``date`` and stays in ``extra``, so that
writing the article back out and reading it again gives the same date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from newsdoc.errors import DateError, Problem
from newsdoc.model.article import FIELD_KEYS
from newsdoc.parsers.dates.reader import combine_date_time, parse_date
from newsdoc.parsers.front_matter.split import FrontMatter

__all__ = ["normalize_fields"]

_TEXT_FIELDS = ("title", "image", "thumbnail", "summary", "slug", "permalink", "lang")
_BOOL_WORDS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


class _Reader:
    """Reads one front matter into field values, collecting problems."""

    def __init__(
        self,
        fm: FrontMatter,
        text: str,
        *,
        source: str | None,
        strict: bool,
        default_timezone: dt.tzinfo,
    ) -> None:
        self.fm = fm
        self.text_in = text
        self.source = source
        self.strict = strict
        self.default_timezone = default_timezone
        self.problems: list[Problem] = []
        self.consumed: set[str] = set()
        self.by_lower: dict[str, str] = {}
        for key in fm.data:
            self.by_lower.setdefault(key.lower(), key)

    def key_for(self, field: str) -> str | None:
        """The original key that fills `field`, if any."""
        for alias in FIELD_KEYS[field]:
            key = self.by_lower.get(alias)
            if key is not None:
                return key
        return None

    def problem(self, code: str, message: str, key: str | None) -> None:
        line = self.fm.lines.get(key) if key is not None else None
        self.problems.append(Problem(code=code, message=message, source=self.source, line=line))

    def raw_text(self, key: str) -> str | None:
        """The scalar text after ``key:`` on its line, for values YAML typed."""
        value = self.fm.data[key]
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float) and self.fm.format == "yaml":
            line = self.fm.lines.get(key)
            match = _line_match(self.text_in, key, line) if line is not None else None
            if match is not None and match.group("value"):
                return match.group("value")
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return repr(value)
        return None

    def text(self, field: str) -> str | None:
        key = self.key_for(field)
        if key is None:
            return None
        text = self.raw_text(key)
        if text is None and self.fm.data[key] is not None:
            self.problem("field", f"{key!r} should be text, not {_kind(self.fm.data[key])}", key)
            return None
        self.consumed.add(key)
        return text

    def date(self, field: str) -> tuple[dt.datetime | None, str | None]:
        key = self.key_for(field)
        if key is None:
            return None, None
        value = self.fm.data[key]
        raw = self.raw_text(key) if not isinstance(value, str) else value
        if raw is None:
            if value is not None:
                self.problem("date", f"{key!r} should be a date, not {_kind(value)}", key)
                return None, None
            self.consumed.add(key)
            return None, None
        self.consumed.add(key)
        try:
            if isinstance(value, int | float) and not abs(value) >= 1e8:
                # A small number is a year or a typo, not Unix time.
                raise DateError(f"{raw!r} is not a date: a number that small is not Unix time")
            parsed = parse_date(value, default_timezone=self.default_timezone)
            if field == "date":
                parsed = self._with_time(parsed)
        except DateError as exc:
            self._date_failed(key, raw, exc)
            return None, raw
        return parsed, raw

    def _with_time(self, date: dt.datetime) -> dt.datetime:
        key = self.by_lower.get("time")
        if key is None or self.fm.data[key] in (None, ""):
            return date
        value = self.fm.data[key]
        if not isinstance(value, str | int):
            raise DateError(f"'time' should be a time of day, not {_kind(value)}")
        return combine_date_time(date, value, default_timezone=self.default_timezone)

    def _date_failed(self, key: str, raw: str, exc: DateError) -> None:
        line = self.fm.lines.get(key)
        if self.strict:
            match = _line_match(self.text_in, key, line) if line is not None else None
            column = match.start("value") + 1 if match is not None else None
            raise DateError(
                exc.message, source=self.source, line=line, column=column, code="date"
            ) from exc
        self.problem("date", exc.message, key)

    def names(self, field: str) -> tuple[str, ...]:
        key = self.key_for(field)
        if key is None:
            return ()
        value = self.fm.data[key]
        names = _names(value, split=field == "tags")
        if names is None:
            self.problem("field", f"{key!r} should be a list of names, not {_kind(value)}", key)
            return ()
        self.consumed.add(key)
        return names

    def authors(self) -> tuple[str, ...]:
        key = self.key_for("authors")
        if key is None:
            return ()
        value = self.fm.data[key]
        items = value if isinstance(value, list) else [value]
        authors: list[str] = []
        lossless = True
        for item in items:
            if isinstance(item, Mapping):
                name = item.get("name")
                if not isinstance(name, str):
                    self.problem("field", f"an author in {key!r} has no name", key)
                    return ()
                authors.append(name)
                lossless = lossless and len(item) == 1
            elif item is None:
                continue
            elif isinstance(item, str | int | float):
                authors.append(item if isinstance(item, str) else str(item))
            else:
                self.problem("field", f"{key!r} should be names, not {_kind(item)}", key)
                return ()
        if lossless:  # an author mapping with more than a name stays in extra too
            self.consumed.add(key)
        return tuple(a for a in (a.strip() for a in authors) if a)

    def categories(self) -> tuple[tuple[str, ...], ...]:
        key = self.key_for("categories")
        if key is None:
            return ()
        value = self.fm.data[key]
        paths = _categories(value)
        if paths is None:
            self.problem("field", f"{key!r} should be a list of names, not {_kind(value)}", key)
            return ()
        self.consumed.add(key)
        return paths

    def flag(self, field: str) -> bool | None:
        key = self.key_for(field)
        if key is None:
            return None
        value = self.fm.data[key]
        if isinstance(value, str):
            value = _BOOL_WORDS.get(value.strip().lower(), value)
        if value is None or isinstance(value, bool):
            self.consumed.add(key)
            return value
        self.problem("field", f"{key!r} should be true or false, not {value!r}", key)
        return None


def normalize_fields(
    fm: FrontMatter,
    text: str,
    *,
    source: str | None = None,
    strict: bool = False,
    default_timezone: dt.tzinfo = dt.UTC,
) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """Turn front-matter data into keyword arguments for `Article`.

    Args:
        fm: The split front matter.
        text: The whole decoded text `fm` was split from (to quote values as written).
        source: Where the text came from, for problems and errors.
        strict: Raise `DateError` for an unreadable date instead of recording a problem.
        default_timezone: The zone of dates written without one.

    Returns:
        The field values (without ``blocks``/``source``/``problems``) and the problems found.

    Raises:
        DateError: In strict mode, for a date that cannot be read.
    """
    r = _Reader(fm, text, source=source, strict=strict, default_timezone=default_timezone)
    fields: dict[str, Any] = {field: r.text(field) for field in _TEXT_FIELDS}
    fields["authors"] = r.authors()
    fields["date"], fields["date_raw"] = r.date("date")
    fields["updated"], fields["updated_raw"] = r.date("updated")
    fields["categories"] = r.categories()
    fields["tags"] = r.names("tags")
    fields["comments"] = r.flag("comments")
    fields["draft"] = _draft(r)
    fields["extra"] = {k: v for k, v in fm.data.items() if k not in r.consumed}
    return fields, tuple(r.problems)


def _draft(r: _Reader) -> bool:
    key = r.key_for("draft")
    flag = r.flag("draft")
    if flag is None:
        return False
    return not flag if key is not None and key.lower() == "published" else flag


def _names(value: Any, *, split: bool) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        parts = [value.strip()]
        if split:  # "a, b c" is two tags, "a b c" three
            parts = value.split(",") if "," in value else value.split()
            parts = [p.strip() for p in parts]
        return tuple(p for p in parts if p)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (str(value),)
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            inner = _names(item, split=False)
            if inner is None:
                return None
            out.extend(inner)
        return tuple(out)
    return None


def _categories(value: Any) -> tuple[tuple[str, ...], ...] | None:
    """Hexo's meaning: a flat list is one hierarchy; if any item is a list, each item is one."""
    if value is None:
        return ()
    if not isinstance(value, list):
        names = _names(value, split=False)
        return None if names is None else ((names,) if names else ())
    if not any(isinstance(item, list) for item in value):
        names = _names(value, split=False)
        return None if names is None else ((names,) if names else ())
    paths: list[tuple[str, ...]] = []
    for item in value:
        names = _names(item, split=False)
        if names is None:
            return None
        if names:
            paths.append(names)
    return tuple(paths)


def _kind(value: Any) -> str:
    kinds: dict[type, str] = {list: "a list", dict: "a mapping", bool: "a boolean"}
    return kinds.get(type(value), type(value).__name__)


def _line_match(text: str, key: str, line: int) -> re.Match[str] | None:
    """Match ``key: value`` on line `line` (1-based) of the whole text."""
    parts = text.split("\n", line)
    if not 0 < line <= len(parts):
        return None
    pattern = r"\s*[\"']?" + re.escape(key) + r"[\"']?\s*[:=]\s*(?P<value>.*?)\s*(?:\s#.*)?$"
    return re.match(pattern, parts[line - 1])

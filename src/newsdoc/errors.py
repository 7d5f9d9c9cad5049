"""Errors and problems.

Exception hierarchy::

    NewsdocError                  every error newsdoc raises
     ├── ParseError (ValueError)  the input cannot be read; says source:line:column
     │    ├── FrontMatterError    the front matter is malformed or not a mapping
     │    ├── DateError           a date cannot be read (strict mode)
     │    ├── BodyError           the body cannot be read
     │    └── EncodingError       bytes that cannot be decoded
     ├── OptionError (ValueError) an option given to a call is of the wrong type or out of range
     ├── SchemaError (ValueError) JSON that does not describe an article
     └── MissingDependencyError (ImportError) an optional extra is not installed

A `Problem` is a non-fatal finding of a lenient parse, kept on
`Article.problems`: the field it concerns became None/empty and its raw value
stays reachable.
"""

from __future__ import annotations

import attrs

__all__ = [
    "PROBLEM_CODES",
    "BodyError",
    "DateError",
    "EncodingError",
    "FrontMatterError",
    "MissingDependencyError",
    "NewsdocError",
    "OptionError",
    "ParseError",
    "Problem",
    "SchemaError",
]

PROBLEM_CODES = frozenset(
    {"control-character", "date", "date-mismatch", "depth", "duplicate-key", "encoding", "error",
     "field", "front-matter", "html", "limit", "parse-error", "url", "value-converted",
     "yaml-tab"}
)  # fmt: skip
"Every `Problem.code` newsdoc records (docs/errors.md explains each); ``error`` is a load error."


def _where(source: str | None, line: int | None, column: int | None) -> str:
    parts = [source or "<string>"]
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


class NewsdocError(Exception):
    """The root of every error newsdoc raises.

    Examples:
        >>> import newsdoc
        >>> try:
        ...     newsdoc.load("no/such/post.md")
        ... except newsdoc.NewsdocError as error:
        ...     print(error)
        no/such/post.md: cannot read: No such file or directory
    """


class ParseError(NewsdocError, ValueError):
    """The input cannot be read.

    ``str(error)`` reads ``post.md:3:8: what and why``.

    Examples:
        >>> str(ParseError("date 'Fob 3' is not a date", source="post.md", line=3, column=7))
        "post.md:3:7: date 'Fob 3' is not a date"
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        code: str | None = None,
    ) -> None:
        self.message = message
        "What went wrong, without the location."
        self.source = source
        "The file or name the input came from, if known."
        self.line = line
        "The 1-based line in the whole input (not in a front-matter fragment)."
        self.column = column
        "The 1-based column, if known."
        self.code = code or "parse-error"
        "A short stable identifier of the kind of error."
        super().__init__(message)

    def __str__(self) -> str:
        return f"{_where(self.source, self.line, self.column)}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments need help to cross process boundaries (jobs=N).
        return (
            _rebuild,
            (type(self), self.message, self.source, self.line, self.column, self.code),
        )

    def to_problem(self) -> Problem:
        """This error as a non-fatal `Problem`."""
        return Problem(
            code=self.code,
            message=self.message,
            source=self.source,
            line=self.line,
            column=self.column,
        )


def _rebuild(
    cls: type[ParseError],
    message: str,
    source: str | None,
    line: int | None,
    column: int | None,
    code: str | None,
) -> ParseError:
    return cls(message, source=source, line=line, column=column, code=code)


class FrontMatterError(ParseError):
    """The front matter is malformed, too large, or not a mapping.

    Examples:
        >>> import newsdoc
        >>> newsdoc.parse("---\\n- a list\\n---\\nbody", source="post.md", strict=True)
        Traceback (most recent call last):
          ...
        newsdoc.errors.FrontMatterError: post.md:2: the front matter is a list, not a mapping
    """


class DateError(ParseError):
    """A date value cannot be read (raised in strict mode).

    Examples:
        >>> import newsdoc
        >>> newsdoc.parse("---\\ndate: Fob 3\\n---\\nbody", source="post.md", strict=True)
        Traceback (most recent call last):
          ...
        newsdoc.errors.DateError: post.md:2:7: 'Fob 3' is not a date: no known date form matches
    """


class BodyError(ParseError):
    """The body cannot be read.

    Examples:
        >>> error = BodyError("HTML cannot be parsed", source="post.md", line=5, code="html")
        >>> str(error), error.code, isinstance(error, ParseError)
        ('post.md:5: HTML cannot be parsed', 'html', True)
    """


class EncodingError(ParseError):
    """Bytes that cannot be decoded as text.

    Examples:
        >>> import newsdoc
        >>> newsdoc.parse(b"caf\\xe9", encoding="ascii", source="post.md", strict=True)
        Traceback (most recent call last):
          ...
        newsdoc.errors.EncodingError: post.md:1:4: bytes that are not valid ascii (first at byte 3)
    """


class OptionError(NewsdocError, ValueError):
    """An option given to a call is of the wrong type or out of range; raised by the call.

    Examples:
        >>> import newsdoc
        >>> newsdoc.parse("<p>x</p>", body_format="xml")
        Traceback (most recent call last):
        ...
        newsdoc.errors.OptionError: body_format must be 'auto', 'html' or 'markdown', not 'xml'
    """


class SchemaError(NewsdocError, ValueError):
    """A JSON document or dict that does not describe a newsdoc article.

    Examples:
        >>> import newsdoc
        >>> newsdoc.from_json('{"title": "no schema_version"}')
        Traceback (most recent call last):
          ...
        newsdoc.errors.SchemaError: $: missing key 'schema_version'
    """


class MissingDependencyError(NewsdocError, ImportError):
    """An optional package that a function needs is not installed.

    Examples:
        >>> str(MissingDependencyError("pyarrow", "arrow"))
        'this needs pyarrow: pip install "newsdoc[arrow]"'
    """

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(f'this needs {package}: pip install "newsdoc[{extra}]"', name=package)
        self.package = package
        "The package that is missing."
        self.extra = extra
        "The newsdoc extra that installs it."

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.package, self.extra))


@attrs.frozen(kw_only=True)
class Problem:
    """A non-fatal finding of a lenient parse.

    Examples:
        >>> str(Problem(code="date", message="'Invalid Date' is not a date", line=7))
        "<string>:7: date: 'Invalid Date' is not a date"
    """

    code: str
    "A short stable identifier, e.g. ``date``, ``front-matter``, ``duplicate-key``."
    message: str
    "What was found, in words."
    source: str | None = None
    "The file or name the input came from, if known."
    line: int | None = None
    "The 1-based line in the whole input, if known."
    column: int | None = None
    "The 1-based column, if known."

    def __str__(self) -> str:
        return f"{_where(self.source, self.line, self.column)}: {self.code}: {self.message}"

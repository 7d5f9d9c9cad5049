"""Errors and problems.

Exception hierarchy::

    NewsdocError                  every error newsdoc raises
     ├── ParseError (ValueError)  the input cannot be read; says source:line:column
     │    ├── FrontMatterError    the front matter is malformed or not a mapping
     │    ├── DateError           a date cannot be read (strict mode)
     │    ├── BodyError           the body cannot be read
     │    ├── EncodingError       bytes that cannot be decoded
     │    └── InputTooLargeError  the input is larger than ``Limits.max_input_bytes``
     ├── OptionError (ValueError) an option given to a call is of the wrong type or out of range
     ├── ArgumentTypeError (TypeError) a call's main argument is of a type it does not take
     ├── SchemaError (ValueError) data that does not describe an article; says where (``path``)
     ├── ReadError (OSError)      a file, folder or stream cannot be read
     ├── WriteError (OSError)     an output cannot be written
     ├── WorkerError (RuntimeError) a worker process of ``jobs`` > 1 died (killed, out of memory)
     └── MissingDependencyError (ImportError) an optional extra is not installed

Catch `NewsdocError` for all of them, or the built-in family a caller already handles
(``except ValueError``, ``except TypeError``, ``except OSError``, ``except ImportError``) for
one kind.

A `Problem` is a non-fatal finding of a lenient parse, kept on
`Article.problems`: the field it concerns became None/empty and its raw value
stays reachable.
"""

from __future__ import annotations

from typing import Self

import attrs

from newsdoc.common.chars import readable_name

__all__ = [
    "PROBLEM_CODES",
    "ArgumentTypeError",
    "BodyError",
    "DateError",
    "EncodingError",
    "FrontMatterError",
    "InputTooLargeError",
    "MissingDependencyError",
    "NewsdocError",
    "OptionError",
    "ParseError",
    "Problem",
    "ReadError",
    "SchemaError",
    "WorkerError",
    "WriteError",
]

PROBLEM_CODES = frozenset(
    {"binary", "control-character", "date", "date-mismatch", "depth", "duplicate-key",
     "encoding", "error", "feed", "field", "front-matter", "html", "limit", "parse-error", "url",
     "value-converted", "yaml-tab"}
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


class InputTooLargeError(ParseError):
    """The input is larger than `Limits.max_input_bytes` (raised in both modes, code ``limit``).

    Examples:
        >>> import newsdoc
        >>> small = newsdoc.Limits(max_input_bytes=5)
        >>> newsdoc.parse("<p>hello</p>", source="post.md", limits=small)
        Traceback (most recent call last):
          ...
        newsdoc.errors.InputTooLargeError: post.md:1: the input is larger than 5 bytes
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


class ArgumentTypeError(NewsdocError, TypeError):
    """A call's main argument is of a type the call does not take; the message says what it takes.

    Examples:
        >>> import newsdoc, pathlib
        >>> try:
        ...     newsdoc.parse(pathlib.PurePosixPath("post.md"))
        ... except TypeError as error:
        ...     print(error)
        parse(): text must be str or bytes, not PurePosixPath (newsdoc.load() reads a file)
    """

    @classmethod
    def of(cls, call: str, argument: str, wanted: str, value: object, hint: str = "") -> Self:
        """The error for `value` given as `argument` of `call`, which takes `wanted`.

        Examples:
            >>> str(ArgumentTypeError.of("to_json", "article", "an Article", None))
            'to_json(): article must be an Article, not None'
        """
        given = "None" if value is None else type(value).__name__
        message = f"{call}(): {argument} must be {wanted}, not {given}"
        return cls(f"{message} ({hint})" if hint else message)


class SchemaError(NewsdocError, ValueError):
    """Data that does not describe a newsdoc article (JSON, a dict, a table) or cannot be written.

    ``str(error)`` reads ``[source[:line]: ][path: ]message``; `path` is the JSON path of the
    offending value (``$`` for the root, ``blocks[3].children[0]`` further in).

    Examples:
        >>> import newsdoc
        >>> try:
        ...     newsdoc.from_json('{"title": "no schema_version"}')
        ... except newsdoc.SchemaError as error:
        ...     print(error, "|", error.path, "|", error.message)
        $: missing key 'schema_version' | $ | missing key 'schema_version'
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        source: str | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        "What is wrong, without the place."
        self.path = path
        "The JSON path of the value (``$``, ``blocks[3].children[0]``), if the error has one."
        self.source = source
        "The file or name the data came from, if known."
        self.line = line
        "The 1-based line of that file (a JSON Lines record), if known."
        super().__init__(message)

    def __str__(self) -> str:
        parts = []
        if self.source is not None:
            parts.append(_where(self.source, self.line, None))
        if self.path is not None:
            parts.append(self.path)
        return ": ".join([*parts, self.message])

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_schema, (type(self), self.message, self.path, self.source, self.line))

    def at(self, source: str | None, line: int | None = None) -> SchemaError:
        """This error with the file (and line) it was found in."""
        return type(self)(self.message, path=self.path, source=source, line=line)


def _rebuild_schema(
    cls: type[SchemaError], message: str, path: str | None, source: str | None, line: int | None
) -> SchemaError:
    return cls(message, path=path, source=source, line=line)


class _FileError(NewsdocError, OSError):
    """What `ReadError` and `WriteError` share: built from the `OSError` that caused them."""

    _verb = "use"

    def __init__(
        self, message: str, *, filename: str | None = None, errno: int | None = None
    ) -> None:
        super().__init__(message)
        # OSError's own fields, so code written for OSError reads them as usual.
        self.errno = errno
        self.strerror = message
        self.filename = filename

    def __str__(self) -> str:
        return self.strerror or ""

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_file, (type(self), self.strerror, self.filename, self.errno))

    @classmethod
    def of(cls, name: str | None, exc: BaseException, *, what: str | None = None) -> Self:
        """The error for `name` caused by `exc`: ``name: cannot read: No such file or directory``.

        Args:
            name: The path or stream name; ``None`` for an anonymous stream.
            exc: The underlying exception (its ``strerror`` is used when it has one).
            what: The action, when more precise than the class's (``list the folder``).

        Examples:
            >>> error = ReadError.of("gone.md", FileNotFoundError(2, "No such file or directory"))
            >>> str(error), error.errno, isinstance(error, OSError)
            ('gone.md: cannot read: No such file or directory', 2, True)
        """
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        shown = readable_name(name) if name is not None else "<stream>"
        message = f"{shown}: cannot {what or cls._verb}: {reason}"
        return cls(message, filename=name, errno=getattr(exc, "errno", None))


def _rebuild_file(
    cls: type[_FileError], message: str, filename: str | None, errno: int | None
) -> _FileError:
    return cls(message, filename=filename, errno=errno)


class ReadError(_FileError):
    """A file, folder or stream cannot be read (an `OSError` too).

    Examples:
        >>> import newsdoc
        >>> try:
        ...     newsdoc.load("no/such/post.md")
        ... except OSError as error:
        ...     print(type(error).__name__, error.errno, error.filename)
        ReadError 2 no/such/post.md
    """

    _verb = "read"


class WriteError(_FileError):
    """An output file or stream cannot be written (an `OSError` too).

    Examples:
        >>> str(WriteError.of("out.jsonl", OSError(28, "No space left on device")))
        'out.jsonl: cannot write: No space left on device'
    """

    _verb = "write"


class WorkerError(NewsdocError, RuntimeError):
    """A worker process of ``jobs`` > 1 died (killed by a signal, out of memory, ``os._exit``).

    Which of the files in flight killed it cannot be known, so the whole run stops; loading
    the files again with ``jobs=1`` finds out (a post that crashes newsdoc is a bug to report).

    Examples:
        >>> str(WorkerError("a worker process died"))
        'a worker process died'
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

"""`parse` and `load`: text, bytes or a file in, an `Article` out."""

from __future__ import annotations

import datetime as dt
import errno
import gc
import os
import re
import stat
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, BinaryIO, TextIO

import attrs

from newsdoc.common.chars import readable_name
from newsdoc.errors import ArgumentTypeError, BodyError, InputTooLargeError, Problem, ReadError
from newsdoc.limits import DEFAULT_LIMITS, Limits, markup_end
from newsdoc.model import Article
from newsdoc.model.text import block_texts
from newsdoc.options import BodyFormat, ParseOptions
from newsdoc.parsers.body import ParsedBody
from newsdoc.parsers.decode import decode
from newsdoc.parsers.fields import normalize_fields
from newsdoc.parsers.front_matter.split import split
from newsdoc.parsers.origin import origin_of

if TYPE_CHECKING:
    from newsdoc.parsers.feeds.item import FeedItem

__all__ = [
    "BodyFormat",
    "load",
    "load_with",
    "parse",
    "parse_any_with",
    "parse_feed_with",
    "parse_with",
    "read_input",
]

_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse(
    text: str | bytes,
    *,
    source: str | None = None,
    strict: bool = False,
    default_timezone: dt.tzinfo | str = dt.UTC,
    body_format: BodyFormat = "auto",
    base_url: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_body: bool = False,
) -> Article:
    """Parse a post (front matter + body) into an `Article`.

    Args:
        text: The post, as text or as bytes (decoded with `encoding`, a BOM, UTF-8,
            or GB18030, in that order).
        source: A name for the input (a path), used in problems and errors; a name that is
            not valid UTF-8 (lone surrogates, as `os.fsdecode` gives) has each such byte
            written ``\\xHH`` (see docs/pipelines.md), so that every output can hold it.
        strict: Raise on a malformed front matter, an unreadable date or bytes that
            cannot be decoded, instead of recording a `Problem`.
        default_timezone: The zone of dates written without one (a `datetime.tzinfo`, or an
            IANA zone name such as ``"Asia/Shanghai"``).
        body_format: ``"auto"`` detects HTML or Markdown; ``"html"``/``"markdown"`` force one.
        base_url: Resolve relative link and image URLs against this URL.
        encoding: The encoding of `text` when it is bytes, if known.
        limits: The sizes, counts and depths to stay within (`newsdoc.Limits`).
        keep_body: Keep the body's text on ``article.origin``: `newsdoc.to_markdown` then
            writes a body that was not changed back byte for byte.

    Returns:
        The article; in lenient mode its ``problems`` list what could not be read.

    Raises:
        ArgumentTypeError: `text` is neither str nor bytes (a path, say: `load` reads files).
        OptionError: An option is of the wrong type or out of range (see `ParseOptions`).
        InputTooLargeError: In both modes, for input over ``limits.max_input_bytes``
            (checked before decoding).
        EncodingError: In both modes, code ``binary``, for bytes that are not text (a NUL
            byte in the first 8,000, no `encoding` given and no BOM).
        ParseError: In strict mode only: a `FrontMatterError` (malformed, not a mapping, or
            over a limit), `DateError`, `EncodingError`, or `BodyError` (markup over
            ``limits.max_body_markup``), saying ``source:line:column``.  Lenient mode
            records the same findings as problems.

    Examples:
        >>> a = parse("---\\ntitle: 10:00\\ndate: Wed, 24 Nov 2021 08:11:59 GMT\\n---\\n<p>Hi</p>")
        >>> a.title, a.date.isoformat(), a.text
        ('10:00', '2021-11-24T08:11:59+00:00', 'Hi')
    """
    options = ParseOptions(
        strict=strict,
        default_timezone=default_timezone,
        body_format=body_format,
        base_url=base_url,
        encoding=encoding,
        limits=limits,
        keep_body=keep_body,
    )
    return parse_with(text, source=source, options=options)


def parse_with(text: str | bytes, *, source: str | None, options: ParseOptions) -> Article:
    """`parse` with its options already built and checked (the batch layers' entry point).

    The garbage collector is paused for the parse: a post's thousands of short-lived nodes
    would start collections that find no cycle to free (the HTML path ~10% faster).
    """
    if not gc.isenabled():
        return _parse_with(text, source=source, options=options)
    gc.disable()
    try:
        return _parse_with(text, source=source, options=options)
    finally:
        gc.enable()


def _parse_with(text: str | bytes, *, source: str | None, options: ParseOptions) -> Article:
    if not isinstance(text, str | bytes | bytearray):
        reads = isinstance(text, os.PathLike) or hasattr(text, "read")
        hint = "newsdoc.load() reads a file" if reads else ""
        raise ArgumentTypeError.of("parse", "text", "str or bytes", text, hint)
    strict, limits = options.strict, options.limits
    if source is not None:
        source = readable_name(source)
    _check_size(len(text), limits, source)
    decoded, problems = decode(text, encoding=options.encoding, source=source, strict=strict)
    fm = split(decoded, source=source, strict=strict, limits=limits)
    fields, field_problems = normalize_fields(
        fm, decoded, source=source, strict=strict, default_timezone=options.default_timezone
    )
    found = [*problems, *fm.problems, *field_problems]
    body = _parse_body(
        fm.body,
        fm.body_line,
        body_format=options.body_format,
        base_url=options.base_url,
        limits=limits,
        source=source,
        strict=strict,
        found=found,
    )
    found.extend(_in_file(p, source, fm.body_line) for p in body.problems)
    if fields["summary"] is None and body.more is not None:
        fields["summary"] = "\n\n".join(block_texts(body.blocks[: body.more])) or None
    if source is not None and fields["date"] is not None:
        found.extend(_file_date_problem(source, fields["date"], fm.lines.get("date")))
    origin = origin_of(fm, decoded, fields, body.blocks, keep_body=options.keep_body)
    return Article(
        **fields, blocks=body.blocks, source=source, problems=tuple(found), origin=origin
    )


def parse_any_with(
    data: str | bytes, *, source: str | None, options: ParseOptions
) -> tuple[list[Article], bool]:
    """The articles of one input, and whether it is a feed (told by its content): the feed's
    items, or the post alone.

    Raises:
        ParseError: As in `parse`, or `parse_feed_with`.
    """
    from newsdoc.parsers.feeds.detect import feed_kind

    if feed_kind(data) is None:
        return [parse_with(data, source=source, options=options)], False
    return list(parse_feed_with(data, source=source, options=options)), True


def parse_feed_with(
    data: str | bytes, *, source: str | None, options: ParseOptions
) -> Iterator[Article]:
    """The articles of a feed, one per item (`newsdoc.read_feed` with its options built).

    Raises:
        InputTooLargeError: The feed is larger than ``limits.max_input_bytes``.
        ParseError: Not a feed, or nothing of one could be read (both modes); in strict mode,
            a malformed feed or item.
        MissingDependencyError: An RSS or Atom feed, and feedparser is not installed.
    """
    from newsdoc.parsers.feeds.reader import read_items

    if source is not None:
        source = readable_name(source)
    _check_size(len(data), options.limits, source)
    _, problems, items = read_items(
        data, source=source, strict=options.strict, default_timezone=options.default_timezone,
        encoding=options.encoding,
    )  # fmt: skip
    return _feed_articles(items, problems, source=source, options=options)


def _feed_articles(
    items: Iterator[FeedItem], feed_problems: list[Problem], *, source: str | None,
    options: ParseOptions,
) -> Iterator[Article]:  # fmt: skip
    from html import escape

    from newsdoc.parsers.feeds.origin import feed_origin

    for item in items:
        found = [*feed_problems, *item.problems]
        body = item.body
        if item.body_is_text:  # plain text: paragraphs between blank lines, nothing is markup
            body = "".join(f"<p>{escape(p)}</p>" for p in re.split(r"\n\s*\n", body))
        parsed = _parse_body(
            body, 1, body_format="html", base_url=options.base_url or item.base,
            limits=options.limits,
            source=source, strict=options.strict, found=found,
        )  # fmt: skip
        found.extend(
            attrs.evolve(p, source=source, line=None, column=None,
                         message=f"item {item.number}: {p.message}")
            for p in parsed.problems
        )  # fmt: skip
        article = Article(**item.fields, blocks=parsed.blocks, source=source, problems=found)
        kept = item.body if options.keep_body else None
        yield attrs.evolve(article, origin=feed_origin(article, kept))


def load(
    path_or_file: str | os.PathLike[str] | BinaryIO | TextIO,
    *,
    source: str | None = None,
    strict: bool = False,
    default_timezone: dt.tzinfo | str = dt.UTC,
    body_format: BodyFormat = "auto",
    base_url: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_body: bool = False,
) -> Article:
    """Read a post from a path or an open file and parse it (see `parse`).

    Args:
        path_or_file: A path, or a file object opened in binary or text mode.
        source: A name for the input; defaults to the path or the file's ``name``.
        strict: As in `parse`.
        default_timezone: As in `parse`.
        body_format: As in `parse`.
        base_url: As in `parse`.
        encoding: As in `parse`.
        limits: As in `parse`; a file is read no further than ``limits.max_input_bytes``.
        keep_body: As in `parse`.

    Returns:
        The article.

    Raises:
        ArgumentTypeError: `path_or_file` is neither a path nor a file (bytes, say: `parse`
            reads a post's text or bytes), or its ``read()`` gave neither str nor bytes.
        ReadError: If the file cannot be read (the `OSError` is chained), is not a regular
            file (a folder, a FIFO, a device: refused without waiting on it), or the path
            holds a NUL character.
        ParseError: As in `parse` (`InputTooLargeError` for a file over the size limit).

    Examples:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "post.md"
        >>> _ = p.write_text("---\\ntitle: Hello\\n---\\nBody text.\\n", encoding="utf-8")
        >>> load(p).title
        'Hello'
    """
    options = ParseOptions(
        strict=strict,
        default_timezone=default_timezone,
        body_format=body_format,
        base_url=base_url,
        encoding=encoding,
        limits=limits,
        keep_body=keep_body,
    )
    return load_with(path_or_file, source=source, options=options)


def load_with(
    path_or_file: str | os.PathLike[str] | BinaryIO | TextIO,
    *,
    source: str | None,
    options: ParseOptions,
) -> Article:
    """`load` with its options already built and checked (the batch layers' entry point)."""
    data, name = read_input(path_or_file, options.limits)
    return parse_with(data, source=source if source is not None else name, options=options)


def read_input(
    path_or_file: str | os.PathLike[str] | BinaryIO | TextIO, limits: Limits, caller: str = "load"
) -> tuple[str | bytes, str | None]:
    """The content of a path or open file (no further than ``limits.read_size``) and its name.

    Raises:
        ReadError: As in `load`.
        ArgumentTypeError: `path_or_file` is neither; `caller` is the function named.
    """
    data: str | bytes
    name: str | None
    most = limits.read_size
    if isinstance(path_or_file, str | os.PathLike):
        name = os.fspath(path_or_file)
        try:
            data = _read_regular(name, most)
        except OSError as exc:
            raise ReadError.of(name, exc) from exc
        except ValueError as exc:  # open() refuses a path holding NUL
            raise ReadError.of(repr(name), exc) from exc
    elif callable(getattr(path_or_file, "read", None)):
        attr = getattr(path_or_file, "name", None)
        name = attr if isinstance(attr, str) else None
        try:
            data = path_or_file.read(most)
        except OSError as exc:
            raise ReadError.of(name or "<file>", exc) from exc
        if not isinstance(data, str | bytes):
            raise ArgumentTypeError.of(caller, "path_or_file.read()", "str or bytes", data)
    else:
        text = isinstance(path_or_file, bytes | bytearray)
        hint = "newsdoc.parse() reads a post's text or bytes" if text else ""
        wanted = "a path (str or os.PathLike) or a file open for reading"
        raise ArgumentTypeError.of(caller, "path_or_file", wanted, path_or_file, hint)
    return data, name


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))  # fmt: skip


def _read_regular(name: str, most: int) -> bytes:
    """The first `most` bytes of the regular file `name`.

    Raises:
        OSError: `name` cannot be opened or read, or is not a regular file (a FIFO would block
            the read until some writer comes, a device may never end).
    """
    _check_regular(os.stat(name).st_mode)  # before opening: opening a FIFO waits for a writer
    # O_NONBLOCK: should a FIFO take the file's place in between, opening it does not wait.
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as handle:
        _check_regular(os.fstat(fd).st_mode)
        return handle.read(most)


def _check_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((what for test, what in _KINDS if test(mode)), "not a file")
    code = errno.EISDIR if stat.S_ISDIR(mode) else None
    raise OSError(code, f"not a regular file ({kind})")


def _check_size(size: int, limits: Limits, source: str | None) -> None:
    if size > limits.max_input_bytes:
        raise InputTooLargeError(
            f"the input is larger than {limits.max_input_bytes} bytes",
            source=source,
            line=1,
            code="limit",
        )


def _parse_body(
    body: str,
    body_line: int,
    *,
    body_format: BodyFormat,
    base_url: str | None,
    limits: Limits,
    source: str | None,
    strict: bool,
    found: list[Problem],
) -> ParsedBody:
    """Read the body, within ``limits.max_body_markup`` (a problem goes to ``found``)."""
    if body_format == "auto":
        from newsdoc.common.detect import detect_body_format

        body_format = detect_body_format(body)
    markdown = body_format == "markdown"
    end = markup_end(body, markdown=markdown, limit=limits.max_body_markup)
    if end is not None:
        cut = end - 1 if markdown else end  # the first character left out, or the last kept
        line = body_line + body.count("\n", 0, cut)
        what = "ASCII punctuation and line breaks" if markdown else "tags and line breaks"
        message = (
            f"the body holds more than {limits.max_body_markup} markup characters ({what});"
            f" line {line} reaches the limit"
        )
        if strict:
            raise BodyError(message, source=source, line=line, code="limit")
        message += ": the rest of the body is left out"
        found.append(Problem(code="limit", message=message, source=source, line=line))
        body = body[:end]
    if markdown:
        from newsdoc.parsers.markdown.reader import parse_markdown

        return parse_markdown(body, base_url=base_url, limits=limits)
    from newsdoc.parsers.html.reader import parse_html

    return parse_html(body, base_url=base_url)


def _in_file(problem: Problem, source: str | None, body_line: int) -> Problem:
    """A body problem with its line counted in the whole file."""
    line = problem.line + body_line - 1 if problem.line is not None else None
    return attrs.evolve(problem, source=source, line=line)


def _file_date_problem(source: str, date: dt.datetime, line: int | None) -> list[Problem]:
    match = _FILE_DATE.match(PurePath(source).name)
    if match is None:
        return []
    try:
        named = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return []
    if named == date.date():
        return []
    message = f"the file name says {named.isoformat()}, the front matter {date.date().isoformat()}"
    return [Problem(code="date-mismatch", message=message, source=source, line=line)]

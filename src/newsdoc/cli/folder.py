"""A folder of files, one per article, mirroring where the posts were found.

`FolderWriter` writes each article's text (JSON, Markdown) under the output folder, at the path
its post had below its input (`newsdoc.io.files.SourceFile.relative`), with the suffix changed
(``a/b.md`` -> ``a/b.json``).  Whatever the input names, nothing is written outside the output
folder: a relative path that is absolute, has a drive, or a ``..`` component is refused, ``.``
and empty components are dropped, and the resolved folder of every file is checked to be inside
the output folder (so a symlink in it cannot lead out).  Each file is written under a temporary
name and renamed when complete.
"""

from __future__ import annotations

import os
import re
import unicodedata

from newsdoc.errors import NewsdocError, WriteError
from newsdoc.io.atomic import atomic_path

__all__ = ["FolderWriter", "safe_relative"]

_SEPARATORS = re.compile(r"[/\\]")


def safe_relative(relative: str) -> list[str]:
    """The components of a relative path, checked not to lead out of a folder.

    Args:
        relative: A path like ``posts/2021/a.md``, with ``/`` or ``\\`` separators.

    Returns:
        Its components, ``.`` and empty ones dropped.

    Raises:
        NewsdocError: The path is absolute, has a drive (``C:``), a ``..`` component, or no name.
    """
    if relative.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", relative):
        raise NewsdocError(f"{relative}: refusing an absolute path as an output name")
    parts = [p for p in _SEPARATORS.split(relative) if p not in ("", ".")]
    if ".." in parts:
        raise NewsdocError(f"{relative}: refusing '..' in an output name")
    if not parts or "\0" in relative:
        raise NewsdocError(f"{relative!r}: not a usable output name")
    return parts


class FolderWriter:
    """Writes articles into a folder, one file each (see the module docstring)."""

    def __init__(self, folder: str, *, suffix: str) -> None:
        """Prepare to write into `folder` (created if missing).

        Args:
            folder: The output folder.
            suffix: The suffix of the files written, e.g. ``".json"``.

        Raises:
            WriteError: The folder cannot be created.
        """
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise WriteError.of(os.fspath(folder), exc) from exc
        self.folder = folder
        "The output folder, as given."
        self._root = os.path.realpath(folder)
        self._suffix = suffix
        self._names: dict[str, str] = {}  # every file written, as compared (see `write`): its post

    def contains(self, path: str) -> bool:
        """Whether `path` is inside the output folder (to keep outputs out of the inputs)."""
        return os.path.abspath(path).startswith(os.path.abspath(self.folder) + os.sep)

    def write(self, relative: str, text: str, *, source: str | None = None) -> str:
        """Write one article's text at `relative` (suffix replaced) below the folder.

        Args:
            relative: Where the post was below its input, e.g. ``2021/a.md``.
            text: The file's content, e.g. ``newsdoc.to_json(article)``.
            source: The post's path, named in the message of a collision (default: `relative`).

        Returns:
            The path written.

        Raises:
            NewsdocError: The name is refused (see `safe_relative`), was already written in
                this run from another post (``a.md`` and ``a.html``, ``A.md`` and ``a.md``, or
                one name below two inputs), or the file cannot be written.
        """
        parts = safe_relative(relative)
        stem = os.path.splitext(parts[-1])[0] or parts[-1]
        parts[-1] = stem + self._suffix
        target = os.path.join(self.folder, *parts)
        parent = os.path.dirname(target)
        # Compared as a case-insensitive, normalizing file system (macOS, Windows) would:
        # `A.md` and `a.md`, or the same name from two input folders, must not overwrite.
        key = unicodedata.normalize("NFC", "/".join(parts)).casefold()
        source = relative if source is None else source
        first = self._names.get(key)
        if first is not None:
            raise NewsdocError(
                f"{target}: {first} and {source} both map to this file; keeping {first}"
            )
        try:
            os.makedirs(parent, exist_ok=True)
            real = os.path.realpath(parent)
            if real != self._root and not real.startswith(self._root + os.sep):
                raise NewsdocError(f"{target}: refusing to write outside {self.folder}")
            with (
                atomic_path(target) as temp,
                open(temp, "w", encoding="utf-8", newline="\n") as out,
            ):
                out.write(text)
        except OSError as exc:
            raise WriteError.of(os.fspath(target), exc) from exc
        self._names[key] = source
        return target

"""Reading text files line by line with errors that name the file and the line.

Decoding happens per line so that a bad byte is reported where it is, not as an offset
into a buffer, and so that large files stream.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from tone.errors import InputError

STDIN = "-"


def display_name(source: str | Path) -> str:
    return "<stdin>" if str(source) == STDIN else str(source)


def open_binary(source: str | Path) -> IO[bytes]:
    """Open a path (or ``-`` for standard input) for binary reading, with a clear error."""
    if str(source) == STDIN:
        return sys.stdin.buffer if hasattr(sys.stdin, "buffer") else io.BytesIO(sys.stdin.read().encode())
    path = Path(source)
    if path.is_dir():
        raise InputError("is a directory, expected a file", path=path)
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot open file ({exc.strerror})", path=path) from None


def iter_lines(source: str | Path, encoding: str = "utf-8") -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line_without_newline)``; raise on undecodable bytes or binary files.

    A UTF-8 BOM on the first line is dropped. An empty file raises, because every format
    tone reads needs at least one line.
    """
    name = display_name(source)
    handle = open_binary(source)
    seen_any = False
    try:
        for number, raw in enumerate(handle, start=1):
            seen_any = True
            if b"\x00" in raw:
                raise InputError("looks like a binary file (NUL byte); expected text", path=name, line=number)
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"bytes that are not valid {encoding} at column {exc.start + 1}; "
                    "save the file as UTF-8 or pass --encoding (e.g. --encoding latin-1)",
                    path=name,
                    line=number,
                ) from None
            except LookupError:
                raise InputError(f"unknown encoding {encoding!r}", path=name) from None
            if number == 1:
                line = line.lstrip("\ufeff")
            yield number, line.rstrip("\r\n")
    finally:
        if str(source) != STDIN:
            handle.close()
    if not seen_any:
        raise InputError("file is empty", path=name)


def suffix_of(source: str | Path) -> str:
    """The lower-case suffix of a path ('' for stdin)."""
    return "" if str(source) == STDIN else Path(source).suffix.lower()

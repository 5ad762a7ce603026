"""Streaming JSON for exports that reach hundreds of megabytes (Telegram, Discord).

``ijson`` parses the bytes as they are read, so memory holds one message at a time. Two
helpers sit around it: a reader that repairs Telegram's invalid ``\\xNN`` escapes on the fly,
and :func:`iter_objects`, which yields the objects found at chosen paths together with the
scalars seen so far at other chosen paths (a chat's name before its messages).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

import ijson

# A backslash escape is real only when preceded by an even number of backslashes (the rest
# escape each other), hence the lookbehind plus the captured pairs.
_BAD_ESCAPE = re.compile(rb"(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})")
_CHUNK = 1 << 16


class EscapeRepairingReader(io.RawIOBase):
    """A binary reader that rewrites ``\\xNN`` (invalid in JSON) to ``\\u00NN`` while reading.

    tdesktop writes control characters that way (tdesktop#27571). A run of backslashes near
    the end of a chunk is held back until the next chunk shows how the escape ends, so the
    repair gives the same bytes whatever the chunk size.

    >>> EscapeRepairingReader(io.BytesIO(rb'{"a": "x\\x0By", "b": "\\\\x41"}')).read()
    b'{"a": "x\\\\u000By", "b": "\\\\\\\\x41"}'
    """

    def __init__(self, raw: IO[bytes], chunk_size: int = _CHUNK):
        super().__init__()
        self._raw = raw
        self._chunk_size = chunk_size
        self._carry = b""
        self._ready = bytearray()
        self._eof = False

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        chunk = self._raw.read(self._chunk_size)
        if not chunk:
            self._eof = True
            buf, self._carry = self._carry, b""
        else:
            buf = self._carry + chunk
            cut = _unfinished_escape_start(buf)
            buf, self._carry = buf[:cut], buf[cut:]
        # Most chunks hold no "\x" at all; skip the regex, which cannot anchor on a literal.
        self._ready += _BAD_ESCAPE.sub(rb"\1\\u00\2", buf) if b"\\x" in buf else buf

    def readinto(self, target: Any) -> int:
        while not self._ready and not self._eof:
            self._fill()
        n = min(len(target), len(self._ready))
        target[:n] = self._ready[:n]
        del self._ready[:n]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def _unfinished_escape_start(buf: bytes) -> int:
    """Index where a backslash run that might still be growing into an escape begins."""
    last = buf.rfind(b"\\", max(0, len(buf) - 4))
    if last < 0:
        return len(buf)
    start = last
    while start > 0 and buf[start - 1] == 0x5C:
        start -= 1
    return start


def iter_objects(
    stream: IO[bytes] | io.RawIOBase,
    item_paths: Iterable[str],
    scalar_paths: Iterable[str] = (),
    reset_paths: Iterable[str] = (),
) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Yield ``(path, object, context)`` for every object found at one of ``item_paths``.

    Paths use ijson's dotted prefixes (``"messages.item"``). ``context`` maps each of
    ``scalar_paths`` to the last scalar seen there, which is how a full Telegram export tells
    which chat a message belongs to; it is emptied when an object starts at one of
    ``reset_paths`` (a new chat), so a chat without a name does not inherit the previous one.
    Only one object is built at a time.

    >>> data = io.BytesIO(
    ...     b'{"chats": [{"name": "A", "messages": [{"id": 1}]}, {"messages": [{"id": 2}]}]}'
    ... )
    >>> [(o["id"], c.get("chats.item.name")) for _, o, c in iter_objects(
    ...     data, ["chats.item.messages.item"], ["chats.item.name"], ["chats.item"])]
    [(1, 'A'), (2, None)]
    """
    wanted = frozenset(item_paths)
    scalars = frozenset(scalar_paths)
    if len(wanted) == 1 and not scalars:
        # One path and no context: ijson's own (C) object builder is several times faster.
        (path,) = wanted
        for obj in ijson.items(stream, path, use_float=True):
            yield path, obj, {}
        return
    resets = frozenset(reset_paths)
    context: dict[str, Any] = {}
    events = ijson.parse(stream, use_float=True)
    for prefix, event, value in events:
        if prefix in scalars and event in ("string", "number", "null", "boolean"):
            context[prefix] = value
        elif event == "start_map":
            if prefix in wanted:
                yield prefix, _build_object(events), context
            elif prefix in resets:
                context.clear()


def _build_object(events: Iterator[tuple[str, str, Any]]) -> dict[str, Any]:
    """Build the object whose ``start_map`` was just consumed from the event stream."""
    builder = ijson.ObjectBuilder()
    builder.event("start_map", None)
    depth = 1
    for _prefix, event, value in events:
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                break
    result: dict[str, Any] = builder.value
    return result

"""Read chat exports from WhatsApp, Telegram, Messenger/Instagram, Discord, Slack, Signal,
iMessage, or a generic CSV/JSONL file, as one stream of :class:`~tone.io.records.Message`.

>>> from tone.io.chats import read_chat  # doctest: +SKIP
>>> chat = read_chat("WhatsApp Chat with Ana.txt")  # doctest: +SKIP
>>> chat.format, chat.notes  # doctest: +SKIP
('whatsapp', ['date order: day/month (inferred: a day > 12 on line 501)'])
>>> for record in chat.records(): ...  # doctest: +SKIP

``records()`` yields messages *and* :class:`~tone.io.records.ParseIssue` items in file
order, streaming: memory does not grow with the length of the chat. Each platform lives in
its own module with the same shape: ``read(path, …) -> Chat``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tone.errors import FormatError
from tone.io.chats import (
    discord,
    generic,
    imessage,
    messenger,
    signal,
    slack,
    telegram,
    whatsapp,
)
from tone.io.chats._common import Chat, Record
from tone.io.chats.detect import HEAD_BYTES, detect_format

#: names accepted by ``read_chat(format=…)`` and the CLI's ``--format``.
FORMATS = (
    "whatsapp",
    "telegram",
    "messenger",
    "instagram",
    "discord",
    "slack",
    "signal",
    "imessage",
    "generic",
)
_ALIASES = {"instagram": "messenger"}

__all__ = ["FORMATS", "Chat", "Record", "detect_format", "read_chat"]


def read_chat(
    path: str | Path,
    format: str | None = None,
    *,
    date_order: str | None = None,
    encoding: str = "utf-8-sig",
    columns: Mapping[str, str] | None = None,
) -> Chat:
    """Open a chat export; ``format`` is detected from the content when not given.

    ``date_order`` (``"dmy"``, ``"mdy"``, ``"ymd"``) overrides the inferred order of
    WhatsApp and generic files. ``columns`` maps ``text``/``sender``/``timestamp``/… to column
    names of a generic CSV/JSONL file. Raises ``FormatError`` (one line: file, what was
    expected) when the file cannot be read as the format.
    """
    path = Path(path)
    name = _ALIASES.get(format, format) if format else detect_format(path)
    if name not in FORMATS:
        raise FormatError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}", path=path)
    if path.is_file():
        _check_encoding(path, encoding)
    try:
        return _open(name, path, date_order, encoding, columns)
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"not readable as {encoding} ({exc.reason} at byte {exc.start}); "
            "pass the file's encoding, e.g. encoding='cp1252'",
            path=path,
        ) from exc


def _open(
    name: str, path: Path, date_order: str | None, encoding: str, columns: Mapping[str, str] | None
) -> Chat:
    if name == "whatsapp":
        return whatsapp.read(path, date_order=date_order, encoding=encoding)
    if name == "generic":
        return generic.read(path, columns=columns, date_order=date_order, encoding=encoding)
    readers = {
        "telegram": telegram.read,
        "messenger": messenger.read,
        "discord": discord.read,
        "slack": slack.read,
        "signal": signal.read,
        "imessage": imessage.read,
    }
    return readers[name](path, encoding=encoding)


def _check_encoding(path: Path, encoding: str) -> None:
    """Fail early, with the byte offset, when the head of a text file is not ``encoding``."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return
    try:
        head.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the 64 KB boundary
            raise FormatError(
                f"not readable as {encoding} ({exc.reason} at byte {exc.start}); "
                "pass the file's encoding, e.g. encoding='cp1252'",
                path=path,
            ) from exc
    except LookupError as exc:
        raise FormatError(f"unknown encoding {encoding!r}", path=path) from exc

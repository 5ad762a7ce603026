"""DiscordChatExporter JSON and CSV.

JSON: ``{guild, channel, messages: [...], messageCount}``, streamed with ``ijson``; message
``type`` other than ``Default``/``Reply`` is a system notification whose ``content`` Discord
generated. CSV: the exact header ``AuthorID,Author,Date,Content,Attachments,Reactions``, every
field quoted and content free to hold newlines, so only the ``csv`` module may split it.
Timestamps are ISO 8601 with an offset and stay timezone-aware.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tone.errors import FormatError
from tone.io.chats._common import Chat, Record, clean_body, clean_name, parse_iso
from tone.io.chats._jsonstream import iter_objects
from tone.io.records import Message, ParseIssue

CSV_HEADER = ["AuthorID", "Author", "Date", "Content", "Attachments", "Reactions"]
_USER_KINDS = frozenset({"Default", "Reply"})
_HEAD_FIELD = {
    key: re.compile(rf'"{key}":\s*\{{[^{{}}]*?"name":\s*"((?:[^"\\]|\\.)*)"'.encode())
    for key in ("guild", "channel")
}


def read(path: Path, *, encoding: str = "utf-8-sig") -> Chat:
    """Open a DiscordChatExporter ``.json`` or ``.csv`` export."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return Chat("discord", lambda: _json_records(path), title=_title(head))
    return Chat("discord", lambda: _csv_records(path, encoding), title=path.stem or None)


def _title(head: bytes) -> str | None:
    """``Guild / channel`` from the head of the file (both come before the messages)."""
    names = []
    for key in ("guild", "channel"):
        m = _HEAD_FIELD[key].search(head)
        if m:
            names.append(clean_name(json.loads(b'"' + m.group(1) + b'"')))
    return " / ".join(names) or None


def _json_records(path: Path) -> Iterator[Record]:
    number = 0
    with open(path, "rb") as f:
        try:
            for _, obj, _ctx in iter_objects(f, ["messages.item"]):
                number += 1
                yield message_from_json(obj, number)
        except Exception as exc:  # ijson's error types depend on its backend
            if not (type(exc).__module__.startswith("ijson") or isinstance(exc, ValueError)):
                raise
            yield ParseIssue(number + 1, f"JSON ends or breaks here: {exc}", "")


def message_from_json(obj: dict[str, Any], number: int) -> Message:
    """One DiscordChatExporter JSON message as a :class:`Message`."""
    author = obj.get("author") or {}
    name = author.get("nickname") or author.get("name")
    mtype = obj.get("type", "Default")
    text = clean_body(str(obj.get("content") or ""))
    flags: list[str] = ["bot"] if author.get("isBot") else []
    if author.get("isBot"):
        kind = "system"  # a bot's words are not a person's tone
    elif mtype in _USER_KINDS:
        kind = _user_kind(obj, text, flags)
    else:
        kind = "call" if mtype == "Call" else "system"
    reference = obj.get("reference") or {}
    reply = reference.get("messageId") if mtype == "Reply" else None
    stamp = obj.get("timestamp")
    return Message(
        text=text,
        sender=clean_name(name) if name else None,
        timestamp=parse_iso(stamp) if isinstance(stamp, str) else None,
        kind=kind,
        line=number,
        edited=bool(obj.get("timestampEdited")),
        reply_to=str(reply) if reply else None,
        flags=tuple(flags),
        message_id=str(obj["id"]) if "id" in obj else None,
    )


def _user_kind(obj: dict[str, Any], text: str, flags: list[str]) -> str:
    if text:
        if obj.get("attachments"):
            flags.append("caption")
        return "text"
    if obj.get("stickers"):
        return "sticker"
    return "media" if obj.get("attachments") or obj.get("embeds") else "text"


def _csv_records(path: Path, encoding: str) -> Iterator[Record]:
    with open(path, encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != CSV_HEADER:
            raise FormatError(f"expected the CSV header {','.join(CSV_HEADER)}", path=path, line=1)
        start = reader.line_num + 1
        for row in reader:
            yield _csv_row(row, start)
            start = reader.line_num + 1


def _csv_row(row: list[str], line: int) -> Record:
    if len(row) != len(CSV_HEADER):
        return ParseIssue(line, f"expected {len(CSV_HEADER)} columns, found {len(row)}", ",".join(row))
    _author_id, author, date, content, attachments, _reactions = row
    text = clean_body(content)
    kind = "text" if text or not attachments else "media"
    return Message(
        text=text,
        sender=clean_name(author) or None,
        timestamp=parse_iso(date),
        kind=kind,
        line=line,
        flags=("caption",) if text and attachments else (),
    )

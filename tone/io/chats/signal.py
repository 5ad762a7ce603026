"""Signal, through the community exporters people actually use.

* ``signal-export`` ``data.json`` — JSON Lines despite the name: ``date`` (naive local ISO),
  ``sender`` (``Me`` for oneself), ``body``, ``quote``, ``sticker``, ``attachments``,
  ``deleted``, ``call``. The preferred input.
* ``signal-export`` ``chat.md`` — ``[YYYY-MM-DD HH:MM(:SS)] Sender: body`` with Markdown
  decorations (quotes, reactions, stickers, attachment links) stripped back off.
* ``sigtop`` text — ``From:``/``Type:``/``Sent:`` blocks, timestamps with an offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tone.errors import FormatError
from tone.io.chats._common import Chat, Record, clean_body, clean_name, json_lines, parse_iso
from tone.io.chats.signal_text import sigtop_records
from tone.io.records import Message, ParseIssue

MD_HEADER = re.compile(r"^\[(\d{4}-\d{2}-\d{2}),? (\d{2}:\d{2}(?::\d{2})?)\] (.+?): ?(.*)$")
_ATTACHMENT = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|\((?:\w+ )?not exported\)")
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\([^)\n]*\)")
_REACTION = re.compile(r"^\(- .+: .+ -\)$")
_STICKER = re.compile(r"^\(\( (.*) \)\)$")
_DELETED = "(This message was deleted)"


def read(path: Path, *, encoding: str = "utf-8-sig") -> Chat:
    """Open ``data.json``, ``chat.md`` or a sigtop ``.txt``; a folder means its ``data.json``."""
    if path.is_dir():
        for name in ("data.json", "chat.md"):
            if (path / name).is_file():
                return read(path / name, encoding=encoding)
        raise FormatError("folder holds no data.json or chat.md (signal-export)", path=path)
    with open(path, encoding=encoding, errors="replace") as f:
        first = f.readline()
    title = path.parent.name or None
    if first.startswith("Conversation: "):
        name = clean_name(re.sub(r"\s*\([^()]*\)\s*$", "", first[len("Conversation: ") :]))
        return Chat("signal", lambda: sigtop_records(path, encoding), title=name)
    if first.lstrip().startswith("{"):
        return Chat("signal", lambda: _jsonl_records(path, encoding), title=title)
    return Chat("signal", lambda: _markdown_records(path, encoding), title=title)


def _jsonl_records(path: Path, encoding: str) -> Iterator[Record]:
    for lineno, item, _raw in json_lines(path, encoding):
        yield item if isinstance(item, ParseIssue) else message_from_json(item, lineno)


def message_from_json(obj: dict[str, Any], line: int) -> Message:
    """One signal-export ``data.json`` line as a :class:`Message`."""
    text = clean_body(str(obj.get("body") or ""))
    quote = obj.get("quote")
    if obj.get("deleted"):
        kind = "deleted"
    elif obj.get("call"):
        kind = "call"
    elif obj.get("sticker"):
        kind, text = "sticker", text or clean_body(str(obj["sticker"]))
    elif not text and obj.get("attachments"):
        kind = "media"
    else:
        kind = "text"
    stamp = obj.get("date")
    sender = obj.get("sender")
    return Message(
        text=text,
        sender=clean_name(str(sender)) if sender else None,
        timestamp=parse_iso(stamp) if isinstance(stamp, str) else None,
        kind=kind,
        line=line,
        reply_to=clean_body(str(quote)).strip() or None if quote else None,
        flags=("missed",) if obj.get("missed") else (),
    )


def _markdown_records(path: Path, encoding: str) -> Iterator[Record]:
    pending: tuple[int, re.Match[str], list[str]] | None = None
    with open(path, encoding=encoding) as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            m = MD_HEADER.match(line)
            if m is not None:
                if pending is not None:
                    yield _markdown_message(*pending)
                pending = (lineno, m, [])
            elif pending is not None:
                pending[2].append(line)
            elif line.strip():
                yield ParseIssue(lineno, "text before the first [date time] line", line)
    if pending is not None:
        yield _markdown_message(*pending)


def _markdown_message(lineno: int, m: re.Match[str], more: list[str]) -> Message:
    """Undo signal-export's decorations: quote block, reactions, sticker, attachment links."""
    body, quote, kind = [], [], "text"
    for line in [m.group(4), *more]:
        line = line.rstrip()  # Markdown line breaks: two trailing spaces
        if line.startswith("> "):
            quote.append(line[2:])
        elif _REACTION.match(line):
            continue
        elif sticker := _STICKER.match(line):
            kind = "sticker"
            body.append(sticker.group(1))
        else:
            body.append(line)
    text = clean_body("\n".join(body).strip())
    stripped = _ATTACHMENT.sub("", text).strip()
    if text == _DELETED:
        kind, text = "deleted", ""
    elif kind == "text" and text and not stripped:
        kind = "media"
    elif kind == "text" and stripped != text:
        # a link inside words keeps its label; an embedded image says nothing
        text = _LINK.sub(lambda m: "" if m.group(1) else m.group(2), text).strip()
    time = m.group(2) if len(m.group(2)) == 8 else m.group(2) + ":00"
    return Message(
        text=text,
        sender=clean_name(m.group(3)),
        timestamp=datetime.fromisoformat(f"{m.group(1)}T{time}"),
        kind=kind,
        line=lineno,
        reply_to=clean_body("\n".join(quote)).strip() or None,
    )

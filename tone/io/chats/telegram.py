"""Telegram Desktop ``result.json``: one chat, or the full-account export with ``chats.list``.

The file is streamed with ``ijson`` through a reader that repairs the invalid ``\\xNN``
escapes tdesktop writes, so a multi-hundred-MB export never sits in memory. ``text`` is a
string or a list of strings and entity objects, concatenated with ``""`` (chat-miner's ``" "``
splits words). ``date_unixtime`` (UTC) is preferred over ``date`` (local, no offset).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tone.errors import FormatError
from tone.io.chats._common import Chat, Record, clean_body, clean_name, from_epoch, parse_iso
from tone.io.chats._jsonstream import EscapeRepairingReader, iter_objects
from tone.io.records import Message, ParseIssue

DELETED_ACCOUNT = "Deleted Account"
_CHAT_LISTS = ("chats.list.item", "left_chats.list.item")
_ITEM_PATHS = ("messages.item", *(f"{p}.messages.item" for p in _CHAT_LISTS))
_SCALARS = (*(f"{p}.name" for p in _CHAT_LISTS), *(f"{p}.type" for p in _CHAT_LISTS))
_HEAD_NAME = re.compile(rb'^\s*\{\s*(?:"[a-z_]+":\s*(?:"[^"]*"|\d+|null),\s*)*?"name":\s*"((?:[^"\\]|\\.)*)"')
_MEDIA_TYPES = {
    "sticker": "sticker",
    "voice_message": "media",
    "video_message": "media",
    "animation": "media",
    "video_file": "media",
    "audio_file": "media",
}
_CALL_ACTIONS = frozenset({"phone_call", "group_call", "invite_to_group_call"})


def read(path: Path, *, encoding: str = "utf-8-sig") -> Chat:
    """Open a Telegram JSON export (the file, or the folder holding ``result.json``)."""
    if path.is_dir():
        path = path / "result.json"
        if not path.is_file():
            raise FormatError("folder holds no result.json (Telegram JSON export)", path=path.parent)
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    full = b'"personal_information"' in head or b'"chats":' in head
    title = None if full else _title_from_head(head)
    notes = ["full account export: every chat's messages, each tagged with its chat"] if full else []
    return Chat("telegram", lambda: _records(path, full), title=title, notes=notes)


def _title_from_head(head: bytes) -> str | None:
    m = _HEAD_NAME.match(head)
    return clean_name(json.loads(b'"' + m.group(1) + b'"')) if m else None


def _records(path: Path, full: bool) -> Iterator[Record]:
    items, scalars = (_ITEM_PATHS, _SCALARS) if full else (("messages.item",), ())
    with open(path, "rb") as raw:
        stream = EscapeRepairingReader(raw)
        count = 0
        try:
            for prefix, obj, context in iter_objects(stream, items, scalars, _CHAT_LISTS):
                count += 1
                chat_prefix = prefix[: -len("messages.item")]
                # saved_messages and replies chats have no name: fall back to their type
                chat = context.get(chat_prefix + "name") or context.get(chat_prefix + "type")
                yield message_from_json(obj, count, chat if chat_prefix else None)
        except Exception as exc:  # ijson raises its own error types per backend
            if not _is_json_error(exc):
                raise
            yield ParseIssue(count + 1, f"JSON ends or breaks here: {exc}", "")


def _is_json_error(exc: Exception) -> bool:
    return type(exc).__module__.startswith("ijson") or isinstance(exc, ValueError)


def message_from_json(obj: dict[str, Any], number: int, chat: str | None = None) -> Message:
    """One Telegram message object as a :class:`Message`; ``number`` is its record number.

    >>> message_from_json({"id": 7, "type": "message", "date_unixtime": "1704485233",
    ...     "from": None, "text": ["Hi ", {"type": "bold", "text": "there"}, "!"]}, 1).text
    'Hi there!'
    """
    kind, flags = _kind(obj)
    text = clean_body(join_text(obj.get("text", "")))
    if not text:
        if obj.get("type") == "service":
            text = _describe_action(obj)
        elif kind == "poll":
            text = clean_body(str((obj.get("poll") or {}).get("question", "")))
        elif kind == "sticker":
            text = clean_body(str(obj.get("sticker_emoji", "")))
    reply = obj.get("reply_to_message_id")
    return Message(
        text=text,
        sender=_sender(obj),
        timestamp=_timestamp(obj),
        kind=kind,
        line=number,
        edited="edited" in obj or "edited_unixtime" in obj,
        reply_to=str(reply) if reply is not None else None,
        flags=flags,
        message_id=str(obj["id"]) if "id" in obj else None,
        chat=clean_name(chat) if chat else None,
    )


def _describe_action(obj: dict[str, Any]) -> str:
    """A service message's action, with its members or title when it has them."""
    action = str(obj.get("action") or "service message")
    members = obj.get("members")
    if isinstance(members, list) and members:
        return f"{action}: " + ", ".join(str(m) if m is not None else DELETED_ACCOUNT for m in members)
    if isinstance(obj.get("title"), str):
        return f"{action}: {obj['title']}"
    return action


def join_text(text: Any) -> str:
    """``text`` as one string: entity runs and plain runs joined with nothing between them."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in text)
    return ""


def _sender(obj: dict[str, Any]) -> str | None:
    key = "actor" if obj.get("type") == "service" else "from"
    if key not in obj:
        return None
    name = obj[key]
    return DELETED_ACCOUNT if name is None else clean_name(str(name))


def _timestamp(obj: dict[str, Any]) -> datetime | None:
    unix = obj.get("date_unixtime")
    if unix is not None:
        try:
            return from_epoch(int(unix))
        except (TypeError, ValueError):
            pass
    date = obj.get("date")
    return parse_iso(date) if isinstance(date, str) else None


def _kind(obj: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """Kind and flags: service → system (calls → call), payload fields → their kind."""
    flags = []
    if "forwarded_from" in obj:
        flags.append("forwarded")
    if "via_bot" in obj:
        flags.append("via_bot")
    mtype = obj.get("type")
    if mtype == "service":
        return ("call" if obj.get("action") in _CALL_ACTIONS else "system"), tuple(flags)
    if mtype == "unsupported":
        return "system", (*flags, "unsupported")
    if "poll" in obj:
        return "poll", tuple(flags)
    if "location_information" in obj:
        return "location", tuple(flags)
    if "contact_information" in obj:
        return "contact", tuple(flags)
    media = _MEDIA_TYPES.get(obj.get("media_type", ""))
    if media is None and ("photo" in obj or "file" in obj):
        media = "media"
    if media is not None:
        if media == "sticker" or not join_text(obj.get("text", "")).strip():
            return media, tuple(flags)
        flags.append("caption")
    return "text", tuple(flags)

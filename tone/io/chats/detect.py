"""Which exporter made a file: decided from content, cheaply (the first 64 KB).

Zips and folders are recognised by the names inside; JSON by key signatures; text by its
first lines (a WhatsApp header vote, signal-export/sigtop/iMessage/DiscordChatExporter
signatures); CSV by a recognised header. File names are only a tie-breaker, because users
rename exports.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

from tone.errors import FormatError
from tone.io.chats import discord, imessage, signal
from tone.io.chats.generic import ALIASES
from tone.io.chats.whatsapp import find_chat_member
from tone.io.chats.whatsapp_header import HEADER

HEAD_BYTES = 1 << 16
_VOTE_LINES = 50
_MESSENGER_PART = re.compile(r"(?:^|/)message_\d+\.json$")
_TELEGRAM_TYPES = re.compile(
    rb'"type":\s*"(?:personal_chat|bot_chat|private_group|private_supergroup|public_supergroup|'
    rb'private_channel|public_channel|saved_messages|replies)"'
)
# "[" alone is not JSON: iOS WhatsApp lines start with "[05/01/2024, …".
_JSON_START = re.compile(r'\{|\[\s*[{\["\]]')
_SIGNAL_KEYS = frozenset({"date", "sender", "body"})
_TRIED = (
    "tried: zip/folder contents, JSON key signatures (Telegram, Messenger, Discord, Signal), "
    "WhatsApp headers in the first 50 lines, signal-export/sigtop/iMessage/DiscordChatExporter "
    "text signatures and a CSV header with a message column"
)


def detect_format(path: str | Path) -> str:
    """Name of the export format of ``path``; raises ``FormatError`` if none fits."""
    path = Path(path)
    if not path.exists():
        raise FormatError("no such file or folder", path=path)
    if path.is_dir():
        found = _detect_dir(path)
    elif zipfile.is_zipfile(path):
        found = _detect_zip(path)
    else:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
        found = detect_head(head, path.name)
    if found is None:
        raise FormatError(f"unrecognised chat export ({_TRIED}); pass the format explicitly", path=path)
    return found


def _detect_dir(path: Path) -> str | None:
    names = {p.name for p in path.iterdir()}
    if "users.json" in names or "channels.json" in names:
        return "slack"
    if "result.json" in names:
        return "telegram"
    if "data.json" in names or "chat.md" in names:
        return "signal"
    if any(_MESSENGER_PART.search(n) for n in names):
        return "messenger"
    return None


def _detect_zip(path: Path) -> str | None:
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if not n.startswith("__MACOSX/")]
    base = {n.rsplit("/", 1)[-1] for n in names}
    if "users.json" in base and "channels.json" in base:
        return "slack"
    if find_chat_member(names) is not None:
        return "whatsapp"
    return None


def detect_head(head: bytes, name: str = "") -> str | None:
    """Format from the first bytes of a file (and, as a tie-breaker, its name)."""
    text = head.decode("utf-8-sig", errors="replace")
    stripped = text.lstrip()
    if _JSON_START.match(stripped):
        return _detect_json(head, stripped)
    lines = [line.rstrip("\r") for line in text.split("\n")[:_VOTE_LINES]]
    first = next((line for line in lines if line.strip()), "")
    if next(csv.reader([first.lstrip("\ufeff")]), None) == discord.CSV_HEADER:
        return "discord"
    if first.startswith("Conversation: "):
        return "signal"
    if imessage.DATE_LINE.match(first):
        return "imessage"
    if name.endswith(".md") and signal.MD_HEADER.match(first):
        return "signal"
    if _csv_header(first):
        return "generic"
    if _whatsapp_vote(lines):
        return "whatsapp"
    return None


def _detect_json(head: bytes, stripped: str) -> str | None:
    first_line = stripped.split("\n", 1)[0]
    try:
        obj = json.loads(first_line)
    except json.JSONDecodeError:
        obj = None
    if isinstance(obj, dict):  # one object per line: JSON Lines
        if obj.keys() >= _SIGNAL_KEYS:
            return "signal"
        return "generic" if {k.lower() for k in obj} & set(ALIASES["text"]) else None
    if b'"guild"' in head and b'"channel"' in head and b'"messages"' in head:
        return "discord"
    if b'"participants"' in head and (b'"timestamp_ms"' in head or b'"sender_name"' in head):
        return "messenger"
    if b'"threadName"' in head and b'"senderName"' in head:
        return "messenger"
    if b'"personal_information"' in head or (b'"chats"' in head and b'"list"' in head):
        return "telegram"
    if b'"messages"' in head and (b'"date_unixtime"' in head or _TELEGRAM_TYPES.search(head)):
        return "telegram"
    return None


def _whatsapp_vote(lines: list[str]) -> bool:
    """At least 30 % of the first non-empty lines start with a WhatsApp header."""
    nonempty = [line for line in lines if line.strip()]
    votes = sum(1 for line in nonempty if _looks_like_whatsapp(line))
    return votes >= 1 and votes * 10 >= len(nonempty) * 3


def _looks_like_whatsapp(line: str) -> bool:
    """A header; when it ends in a bare space (Croatian style) a ``Name: `` must follow."""
    m = HEADER.match(line)
    if m is None:
        return False
    return m.group("term") != " " or ": " in line[m.end() :]


def _csv_header(first: str) -> bool:
    if first[:1].isdigit() or first.startswith("["):
        return False  # a data row or a WhatsApp header, not column names
    cells = {c.strip().strip('"').lower() for c in re.split(r"[,;\t|]", first)}
    return bool(cells & set(ALIASES["text"])) and bool(
        cells & (set(ALIASES["sender"]) | set(ALIASES["timestamp"]))
    )

"""Slack workspace export: a folder or zip with ``users.json``, ``channels.json`` and one
``<channel>/YYYY-MM-DD.json`` per channel per day.

Senders are user IDs resolved through ``users.json``; text is mrkdwn with ``<@U…>`` mentions,
``<#C…|name>`` channels, ``<url|label>`` links and ``&lt; &gt; &amp;`` escaped, all resolved
before scoring (``&lt;3`` is a heart, not noise). A message with a ``subtype`` (joins, topic
changes, bots, …) is not a person's words. Channels come in ``channels.json`` order, days in
date order; one day file (small) is loaded at a time.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from tone.errors import FormatError
from tone.io.chats._common import Chat, Record, clean_body, clean_name
from tone.io.records import Message, ParseIssue

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_TOKEN = re.compile(r"<([^<>\n]+)>")
_CHANNEL_LISTS = ("channels.json", "groups.json", "mpims.json", "dms.json")
_TEXT_SUBTYPES = frozenset({"thread_broadcast", "me_message", "file_share"})
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


class _Tree:
    """The export's files, whether unpacked in a folder or still in the zip."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.is_zipfile(path) if path.is_file() else False
        if self.zip:
            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if not n.endswith("/")]
        else:
            names = [p.relative_to(path).as_posix() for p in path.rglob("*.json")]
        prefix = _common_root(names)
        self.prefix = prefix
        self.names = sorted(n[len(prefix) :] for n in names if not n.startswith("__MACOSX/"))

    def load(self, name: str) -> Any:
        if self.zip:
            with zipfile.ZipFile(self.path) as zf:
                return json.loads(zf.read(self.prefix + name).decode("utf-8-sig"))
        return json.loads((self.path / (self.prefix + name)).read_text(encoding="utf-8-sig"))


def _common_root(names: list[str]) -> str:
    """A zip made from a folder puts everything under ``export/``; find that prefix."""
    for name in names:
        if PurePosixPath(name).name == "users.json":
            return name[: -len("users.json")]
    return ""


def read(path: Path, *, encoding: str = "utf-8-sig") -> Chat:
    """Open a Slack export folder or zip."""
    tree = _Tree(path)
    if "users.json" not in tree.names and "channels.json" not in tree.names:
        raise FormatError("expected a Slack export with users.json and channels.json", path=path)
    users = _user_names(tree)
    channels = _channel_order(tree)
    notes = [f"{len(channels)} channel(s): " + ", ".join(name for _, name in channels)]
    title = channels[0][1] if len(channels) == 1 else None
    return Chat("slack", lambda: _records(tree, users, channels), title=title, notes=notes)


def _user_names(tree: _Tree) -> dict[str, str]:
    users = tree.load("users.json") if "users.json" in tree.names else []
    names = {}
    for user in users:
        profile = user.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or user.get("real_name")
        names[user.get("id", "")] = clean_name(name or user.get("name") or user.get("id", "?"))
    return names


def _channel_order(tree: _Tree) -> list[tuple[str, str]]:
    """``(folder, display name)`` for each channel folder, listed channels first."""
    folders = sorted({n.split("/", 1)[0] for n in tree.names if "/" in n})
    order: list[tuple[str, str]] = []
    for listing in _CHANNEL_LISTS:
        if listing not in tree.names:
            continue
        for channel in tree.load(listing):
            folder = channel.get("name") or channel.get("id")
            if folder in folders and all(folder != f for f, _ in order):
                order.append((folder, channel.get("name") or folder))
    order += [(f, f) for f in folders if all(f != seen for seen, _ in order)]
    return order


def _records(tree: _Tree, users: dict[str, str], channels: list[tuple[str, str]]) -> Iterator[Record]:
    number = 0
    for folder, name in channels:
        days = [n for n in tree.names if n.startswith(folder + "/") and _DAY.match(n.split("/")[-1])]
        for day in days:
            try:
                messages = tree.load(day)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                number += 1
                yield ParseIssue(number, f"{day}: not valid JSON ({exc})", "")
                continue
            for obj in messages:
                number += 1
                yield message_from_json(obj, number, users, name)


def message_from_json(obj: dict[str, Any], number: int, users: dict[str, str], chat: str) -> Message:
    """One Slack message as a :class:`Message`, mentions resolved and entities unescaped."""
    subtype = obj.get("subtype")
    text = clean_body(resolve_text(str(obj.get("text", "")), users))
    kind, flags = _kind(subtype, text, obj)
    ts = str(obj.get("ts", ""))
    thread = obj.get("thread_ts")
    return Message(
        text=text,
        sender=_sender(obj, users),
        timestamp=slack_time(ts),
        kind=kind,
        line=number,
        edited="edited" in obj,
        reply_to=str(thread) if thread and thread != ts else None,
        flags=flags,
        message_id=ts or None,
        chat=chat,
    )


def _kind(subtype: str | None, text: str, obj: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    if subtype is None or subtype in _TEXT_SUBTYPES:
        if text:
            return "text", ("caption",) if obj.get("files") else ()
        return ("media", ()) if obj.get("files") else ("text", ())
    if subtype == "tombstone":
        return "deleted", ()
    if subtype == "huddle_thread":
        return "call", ()
    return "system", ("bot",) if subtype == "bot_message" or "bot_id" in obj else ()


def _sender(obj: dict[str, Any], users: dict[str, str]) -> str | None:
    user = obj.get("user")
    if user in users:
        return users[user]
    profile = obj.get("user_profile") or {}
    name = profile.get("display_name") or profile.get("real_name") or obj.get("username") or user
    return clean_name(name) if name else None


def resolve_text(text: str, users: dict[str, str]) -> str:
    """Slack mrkdwn to what a person reads: mentions by name, link labels, entities unescaped.

    >>> resolve_text("&lt;3 thanks <@U2>! see <#C1|general> <https://x.y|here>", {"U2": "Ben"})
    '<3 thanks @Ben! see #general here'
    """

    def token(m: re.Match[str]) -> str:
        body, _, label = m.group(1).partition("|")
        if body.startswith("@"):
            return "@" + users.get(body[1:], label.lstrip("@") or body[1:])
        if body.startswith("#"):
            return "#" + (label or body[1:])
        if body.startswith("!"):
            return _SPECIAL.get(body[1:], label or "@" + body[1:])
        return label or body

    text = _TOKEN.sub(token, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def slack_time(ts: str) -> datetime | None:
    """``"1704485233.000100"`` → an aware UTC datetime, microseconds kept exactly."""
    seconds, _, fraction = ts.partition(".")
    if not seconds.isdigit():
        return None
    micro = int((fraction + "000000")[:6]) if fraction.isdigit() else 0
    return datetime.fromtimestamp(int(seconds), tz=UTC).replace(microsecond=micro)

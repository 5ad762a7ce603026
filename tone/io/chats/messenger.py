"""Facebook Messenger and Instagram "Download Your Information" JSON (``message_N.json``).

A thread is split into ``message_1.json``, ``message_2.json``, … with the *newest* messages
first, so the files are read from the highest number down and each file's list reversed:
records come out oldest first. Meta stores UTF-8 bytes as latin-1 code points; every string
goes through the guarded :func:`~tone.io.chats._common.repair_mojibake`. Each file holds at
most about 10,000 messages (Meta's own split), so one file at a time is loaded whole.
The 2024+ end-to-end-encrypted download (``threadName``/``senderName``/``timestamp``) is
read too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tone.errors import FormatError
from tone.io.chats._common import (
    Chat,
    Record,
    clean_body,
    clean_name,
    from_epoch,
    load_strings,
    repair_mojibake,
)
from tone.io.records import Message, ParseIssue

_PART = re.compile(r"^message_(\d+)\.json$")
_S = load_strings("meta_strings.json")
_SYSTEM_EXACT = frozenset(_S["system_exact"])
_SYSTEM_RE = re.compile("|".join(f"(?:{p})" for p in _S["system_patterns"]))
_MEDIA_KEYS = ("photos", "videos", "audio_files", "files", "gifs", "media")


def read(path: Path, *, encoding: str = "utf-8-sig") -> Chat:
    """Open one ``message_N.json`` (its siblings join in) or a thread folder."""
    parts = thread_parts(path)
    if not parts:
        raise FormatError("no message_N.json file found (Messenger/Instagram export)", path=path)
    head = _load(parts[0], encoding)
    title = _fix(head.get("title") or head.get("threadName"))
    notes = [f"read {len(parts)} file(s): " + ", ".join(p.name for p in parts)] if len(parts) > 1 else []
    return Chat("messenger", lambda: _records(parts, encoding), title=title, notes=notes)


def thread_parts(path: Path) -> list[Path]:
    """The thread's ``message_N.json`` files, oldest part (highest N) first."""
    folder = path if path.is_dir() else path.parent
    if path.is_file() and not _PART.match(path.name):
        return [path]  # a renamed export: read just this file
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := _PART.match(p.name))]
    return [p for _, p in sorted(found, reverse=True)]


def _load(path: Path, encoding: str) -> dict[str, Any]:
    try:
        with open(path, encoding=encoding) as f:
            data = json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"not valid JSON ({exc})", path=path) from exc
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise FormatError("expected an object with a 'messages' list", path=path)
    return data


def _records(parts: list[Path], encoding: str) -> Iterator[Record]:
    number = 0
    for part in parts:
        messages = _load(part, encoding)["messages"]
        if len(messages) > 1 and _time_ms(messages[0]) > _time_ms(messages[-1]):
            messages.reverse()
        for obj in messages:
            number += 1
            if not isinstance(obj, dict):
                yield ParseIssue(number, "message is not a JSON object", str(obj)[:200])
                continue
            yield message_from_json(obj, number)


def _time_ms(obj: Any) -> float:
    if not isinstance(obj, dict):
        return 0.0
    value = obj.get("timestamp_ms", obj.get("timestamp", 0))
    return float(value) if isinstance(value, int | float) else 0.0


def _fix(value: Any) -> str | None:
    return clean_name(repair_mojibake(value)) if isinstance(value, str) else None


def message_from_json(obj: dict[str, Any], number: int) -> Message:
    """One Messenger/Instagram message (classic or E2EE shape) as a :class:`Message`.

    >>> m = message_from_json({"sender_name": "Jos\\u00c3\\u00a9", "timestamp_ms": 0,
    ...     "content": "\\u00f0\\u009f\\u0098\\u0080 caf\\u00c3\\u00a9"}, 1)
    >>> m.sender, m.text
    ('José', '😀 café')
    """
    raw = obj.get("content", obj.get("text"))
    text = clean_body(repair_mojibake(raw)) if isinstance(raw, str) else ""
    ms = obj.get("timestamp_ms", obj.get("timestamp"))
    kind, flags = _kind(obj, text)
    return Message(
        text=text,
        sender=_fix(obj.get("sender_name", obj.get("senderName"))),
        timestamp=from_epoch(ms / 1000) if isinstance(ms, int | float) else None,
        kind=kind,
        line=number,
        flags=flags,
    )


def _kind(obj: dict[str, Any], text: str) -> tuple[str, tuple[str, ...]]:
    """Unsent → deleted; calls; joins/leaves and Meta's generated sentences → system."""
    if obj.get("is_unsent") or obj.get("isUnsent"):
        return "deleted", ()
    mtype = obj.get("type")
    if mtype == "Call" or "call_duration" in obj:
        return "call", ()
    if mtype in ("Subscribe", "Unsubscribe"):
        return "system", ()
    if text and (text in _SYSTEM_EXACT or _SYSTEM_RE.match(text)):
        return "system", ()
    if "sticker" in obj:
        return "sticker", ()
    if any(obj.get(key) for key in _MEDIA_KEYS):
        return ("text", ("caption",)) if text else ("media", ())
    if "share" in obj:
        return ("text", ("share",)) if text else ("media", ("share",))
    return ("text", ()) if text else ("system", ("empty",))

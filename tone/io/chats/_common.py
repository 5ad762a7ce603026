"""Small pieces every chat parser shares: the ``Chat`` result, text hygiene, time helpers.

Kept free of any one platform's rules so that each parser module reads as the format it
handles and nothing else.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

from tone.io.records import Message, ParseIssue

Record = Message | ParseIssue

# Direction marks, embeddings/overrides and isolates: invisible, they only steer rendering,
# and left in a body they glue onto words and break matching (chat-miner#42). ZWJ/ZWNJ are
# *not* here: they are part of emoji sequences and of Persian words (whatstk#171).
_BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_STRIP_BIDI = str.maketrans(dict.fromkeys(_BIDI_CONTROLS))


class Chat:
    """A chat export opened for reading.

    ``records()`` re-reads the source each time it is called and yields ``Message`` and
    ``ParseIssue`` in file order without holding the conversation in memory. ``notes`` are
    facts a person should see in a run summary (how the date order was decided, which file
    inside a zip was read, …).
    """

    __slots__ = ("_records", "format", "notes", "title")

    def __init__(
        self,
        format: str,
        records: Callable[[], Iterator[Record]],
        *,
        title: str | None = None,
        notes: list[str] | None = None,
    ):
        self.format = format
        self.title = title
        self.notes = notes if notes is not None else []
        self._records = records

    def records(self) -> Iterator[Record]:
        """Yield every message and parse issue, in the order of the source."""
        return self._records()

    def __repr__(self) -> str:
        return f"Chat(format={self.format!r}, title={self.title!r}, notes={self.notes!r})"


def clean_body(text: str) -> str:
    """Remove bidi controls and compose to NFC; never NFKC/NFKD, which rewrite what was said.

    >>> clean_body("\\u200eimage omitted")
    'image omitted'
    >>> mended_heart = "\\u2764\\ufe0f\\u200d\\U0001fa79"
    >>> clean_body(f"ok {mended_heart} fu\\u0308r") == f"ok {mended_heart} für"
    True
    """
    text = text.translate(_STRIP_BIDI)
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def clean_name(name: str) -> str:
    """A sender or chat name without bidi controls and surrounding whitespace, in NFC."""
    return clean_body(name).strip()


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 bytes that were stored as latin-1 code points, only when that round-trips.

    Meta's exports write ``é`` as ``\\u00c3\\u00a9``. Text that is already right either has a
    code point above U+00FF (the encode fails) or is not valid UTF-8 once encoded (the decode
    fails); both are returned untouched.

    >>> repair_mojibake("Jos\\u00c3\\u00a9")
    'José'
    >>> repair_mojibake("\\u201cquoted\\u201d")
    '“quoted”'
    >>> repair_mojibake("café")
    'café'
    """
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def from_epoch(seconds: float) -> datetime:
    """A timezone-aware UTC datetime from epoch seconds."""
    return datetime.fromtimestamp(seconds, tz=UTC)


def parse_iso(text: str) -> datetime | None:
    """An ISO 8601 timestamp (offset kept when present), or ``None`` if it is not one."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def json_lines(path: Any, encoding: str) -> Iterator[tuple[int, dict[str, Any] | ParseIssue, str]]:
    """``(line number, object or ParseIssue, raw line)`` for each non-blank line of a JSONL file.

    A line that is not a JSON object becomes a ``ParseIssue`` carrying the decoder's reason,
    so no parser swallows why a line was skipped.
    """
    with open(path, encoding=encoding) as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            raw = line.rstrip("\r\n")
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield lineno, ParseIssue(lineno, f"not a JSON object ({exc.msg})", raw), raw
                continue
            yield lineno, obj if isinstance(obj, dict) else ParseIssue(lineno, "not a JSON object", raw), raw


@cache
def load_strings(name: str) -> dict[str, Any]:
    """Load one of the JSON data files that hold a format's strings, once per process."""
    raw = resources.files("tone.io.chats").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data

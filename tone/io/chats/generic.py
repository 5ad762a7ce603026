"""Generic CSV or JSON Lines chat files: the escape hatch for anything else.

Columns are found by header aliases (``generic_columns.json``) or given explicitly
(``columns={"text": "Nachricht", "sender": "Von"}``). ``text`` is required; ``sender``,
``timestamp`` and the optional ``kind``/``is_system``/``reply_to``/``edited``/``message_id``/
``chat`` are used when present. Timestamps may be ISO 8601, epoch seconds or milliseconds
(UTC), or a locale date such as ``05/01/2024 21:07`` whose order is inferred from the first
rows (or given as ``date_order``). The CSV delimiter is guessed from the header line only
(European Excel writes ``;``), and the ``csv`` module keeps quoted newlines inside a field.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tone.errors import FormatError
from tone.io.chats._common import Chat, Record, clean_body, clean_name, json_lines, load_strings, parse_iso
from tone.io.records import Message, ParseIssue

ALIASES: dict[str, list[str]] = {
    k: v for k, v in load_strings("generic_columns.json").items() if not k.startswith("_")
}
_DELIMITERS = ",;\t|"
_TRUE = frozenset({"1", "true", "yes", "y", "t"})
_LOCAL_DATE = re.compile(
    r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})[,T ]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?"
    r"\s*([AaPp]\.?\s?[Mm]\.?)?$"
)
_KNOWN_KINDS = frozenset(
    {"text", "system", "media", "deleted", "sticker", "call", "location", "poll", "contact"}
)
_SAMPLE_ROWS = 200


def read(
    path: Path,
    *,
    columns: Mapping[str, str] | None = None,
    date_order: str | None = None,
    encoding: str = "utf-8-sig",
) -> Chat:
    """Open a CSV/TSV or JSONL file of messages; map its columns; decide the date order."""
    jsonl = _is_jsonl(path, encoding)
    rows = _jsonl_rows if jsonl else _csv_rows
    # JSON Lines objects need not all have the same keys: take every key of the first rows.
    keys: dict[str, None] = {}
    for _, row, _raw in itertools.islice(rows(path, encoding), 1 if not jsonl else _SAMPLE_ROWS):
        keys.update(dict.fromkeys(row))
    if not keys:
        raise FormatError("file is empty or has no header", path=path)
    mapping = map_columns(list(keys), columns, path)
    notes = [f"columns: {', '.join(f'{k}={v!r}' for k, v in mapping.items())}"]
    if date_order is None and "timestamp" in mapping:
        sample = itertools.islice(rows(path, encoding), _SAMPLE_ROWS)
        date_order, note = infer_local_date_order(r.get(mapping["timestamp"], "") for _, r, _raw in sample)
        if note:
            notes.append(note)

    def records() -> Iterator[Record]:
        lines = json_lines(path, encoding) if jsonl else rows(path, encoding)
        for line, row, raw in lines:
            if isinstance(row, ParseIssue):
                yield row  # the JSON decoder's reason, not a misleading "no text value"
            else:
                yield from row_records(row, line, raw, mapping, date_order or "dmy")

    return Chat("generic", records, title=path.stem, notes=notes)


def _is_jsonl(path: Path, encoding: str) -> bool:
    with open(path, encoding=encoding, errors="replace") as f:
        first = next((line for line in f if line.strip()), "")
    return first.lstrip().startswith("{")


def map_columns(
    header: list[str], given: Mapping[str, str] | None, path: Path | None = None
) -> dict[str, str]:
    """Field → column name, from ``given`` first and then from the aliases.

    >>> map_columns(["Date", "Author", "Content", "Attachments"], None)
    {'text': 'Content', 'sender': 'Author', 'timestamp': 'Date'}
    """
    lower = {h.strip().lower(): h for h in header}
    mapping: dict[str, str] = {}
    for field, aliases in ALIASES.items():
        if given and field in given:
            if given[field] not in header:
                raise FormatError(
                    f"column {given[field]!r} for {field} is not in the header ({', '.join(header)})",
                    path=path,
                    line=1,
                )
            mapping[field] = given[field]
            continue
        found = next((lower[a] for a in aliases if a in lower and lower[a] not in mapping.values()), None)
        if found is not None:
            mapping[field] = found
    if "text" not in mapping:
        raise FormatError(
            f"no message text column in header ({', '.join(header)}); expected one of "
            f"{', '.join(ALIASES['text'])} or pass columns={{'text': NAME}}",
            path=path,
            line=1,
        )
    return mapping


Row = tuple[int, dict[str, Any], str]


def _csv_rows(path: Path, encoding: str) -> Iterator[Row]:
    with open(path, encoding=encoding, newline="") as f:
        first = f.readline()
        counts = {d: first.count(d) for d in _DELIMITERS}
        delimiter = max(counts, key=lambda d: counts[d])
        f.seek(0)
        reader = csv.DictReader(f, delimiter=delimiter)
        line = reader.line_num + 2
        for row in reader:
            raw = delimiter.join(str(v) for v in row.values() if v is not None)
            yield line, row, raw
            line = reader.line_num + 1


def _jsonl_rows(path: Path, encoding: str) -> Iterator[Row]:
    for lineno, item, raw in json_lines(path, encoding):
        yield lineno, item if isinstance(item, dict) else {}, raw


def row_records(
    row: dict[str, Any], line: int, raw: str, mapping: dict[str, str], date_order: str
) -> Iterable[Record]:
    """The message of one row, preceded by an issue when part of it could not be read."""
    if row.get(mapping["text"]) is None:
        return [ParseIssue(line, f"row has no {mapping['text']!r} value", raw)]
    get = {field: row.get(column) for field, column in mapping.items()}
    stamp_raw = get.get("timestamp")
    stamp = parse_timestamp(stamp_raw, date_order)
    sender = get.get("sender")
    message = Message(
        text=clean_body(str(get["text"])),
        sender=clean_name(str(sender)) or None if sender not in (None, "") else None,
        timestamp=stamp,
        kind=_kind(get),
        line=line,
        edited=str(get.get("edited", "")).strip().lower() in _TRUE,
        reply_to=str(get["reply_to"]) if get.get("reply_to") not in (None, "") else None,
        message_id=str(get["message_id"]) if get.get("message_id") not in (None, "") else None,
        chat=str(get["chat"]) if get.get("chat") not in (None, "") else None,
    )
    if stamp is None and stamp_raw not in (None, ""):
        return [ParseIssue(line, f"unrecognised timestamp {stamp_raw!r}", str(stamp_raw)), message]
    return [message]


def _kind(get: dict[str, Any]) -> str:
    kind = str(get.get("kind") or "").strip().lower()
    if kind in _KNOWN_KINDS:
        return kind
    return "system" if str(get.get("is_system", "")).strip().lower() in _TRUE else "text"


def parse_timestamp(value: Any, date_order: str = "dmy") -> datetime | None:
    """ISO 8601, epoch seconds/milliseconds (UTC) or a locale date in ``date_order``.

    >>> parse_timestamp("1704485233").isoformat()
    '2024-01-05T20:07:13+00:00'
    >>> parse_timestamp("1/5/24 9:07 PM", "mdy").isoformat()
    '2024-01-05T21:07:00'
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float) or re.fullmatch(r"\d{9,14}(?:\.\d+)?", str(value).strip()):
        number = float(value)
        return datetime.fromtimestamp(number / 1000 if number > 1e11 else number, tz=UTC)
    text = str(value).strip()
    return parse_iso(text) or _local_date(text, date_order)


def _local_date(text: str, date_order: str) -> datetime | None:
    m = _LOCAL_DATE.match(text)
    if m is None:
        return None
    a, b, c = int(m.group(1)), int(m.group(2)), int(m.group(3))
    year, month, day = {"dmy": (c, b, a), "mdy": (c, a, b), "ymd": (a, b, c), "ydm": (a, c, b)}[
        "ymd" if len(m.group(1)) == 4 and date_order in ("dmy", "mdy") else date_order
    ]
    hour = int(m.group(4))
    if m.group(7):
        hour = hour % 12 + (12 if m.group(7)[0] in "Pp" else 0)
    try:
        return datetime(year + 2000 if year < 100 else year, month, day, hour, int(m.group(5)),
                        int(m.group(6) or 0))  # fmt: skip
    except ValueError:
        return None


def infer_local_date_order(values: Iterable[Any]) -> tuple[str | None, str | None]:
    """Day/month order for locale dates in a sample of rows; ``(None, None)`` if not needed."""
    first_max = second_max = 0
    seen = False
    for value in values:
        m = _LOCAL_DATE.match(str(value).strip()) if value is not None else None
        if m is None or len(m.group(1)) == 4:
            continue
        seen = True
        first_max = max(first_max, int(m.group(1)))
        second_max = max(second_max, int(m.group(2)))
    if not seen:
        return None, None
    if first_max > 12:
        return "dmy", "date order: day/month (inferred: a first field > 12)"
    if second_max > 12:
        return "mdy", "date order: month/day (inferred: a second field > 12)"
    return "dmy", "date order is ambiguous in the first rows: assumed day/month; pass date_order"

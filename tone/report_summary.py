"""The analysis summary read for the HTML report: defaults for anything missing, formatting, cue spans.

The summary is a plain dict (its shape is in ``tests/data/summary_example.json``). It may come
from an older or newer ``tone`` or a hand-edited file, so every field is read with a default
and nothing here raises on odd values; the renderer then only deals with clean records.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

POSITIVE = ("support", "need")
NEGATIVE = ("criticism", "contempt")
DEFAULT_LABELS = ("criticism", "contempt", "support", "need")
#: a timeline longer than this (about 20 years) is drawn without filling in missing weeks.
MAX_WEEKS = 1100
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean(value: object) -> str:
    """Text made safe to encode: controls and lone surrogates become U+FFFD, one for one.

    Replacing one character with one keeps cue offsets valid.

    >>> clean("a\\x00b\\ud83d"), clean(None), clean(3)
    ('a\\ufffdb\\ufffd', '', '3')
    """
    return _UNSAFE.sub("\ufffd", "" if value is None else str(value))


def as_int(value: object) -> int:
    """A count: anything that isn't a finite non-negative number counts as 0.

    >>> as_int(3), as_int("7"), as_int(None), as_int(-2), as_int(float("nan"))
    (3, 7, 0, 0, 0)
    """
    number = as_float(value)
    return int(number) if number is not None and number > 0 else 0


def as_float(value: object) -> float | None:
    """A finite number, or ``None``.

    >>> as_float("4.49"), as_float(None), as_float("inf")
    (4.49, None, None)
    """
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def as_map(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def count(n: int) -> str:
    """A count with thousands separators.

    >>> count(1204)
    '1,204'
    """
    return f"{n:,}"


def pct(rate: float | None) -> str:
    """A rate as a whole percentage, with small non-zero rates shown as "<1%".

    >>> pct(0.068), pct(0.004), pct(0.0), pct(None)
    ('7%', '<1%', '0%', '–')
    """
    if rate is None:
        return "–"
    if 0 < rate < 0.005:
        return "<1%"
    return f"{round(rate * 100)}%"


def ratio_text(ratio: float) -> str:
    """A ratio with one decimal, or none when it is whole.

    >>> ratio_text(4.49), ratio_text(5.0), ratio_text(12.04)
    ('4.5', '5', '12')
    """
    text = f"{ratio:.1f}"
    return text[:-2] if text.endswith(".0") else text


def day(value: object, with_time: bool = False) -> str:
    """An ISO date or timestamp as "2 Jan 2024" (and ", 08:14"); anything else as given.

    >>> day("2024-01-02T08:14:00"), day("2024-01-02T08:14:00", True), day("soon")
    ('2 Jan 2024', '2 Jan 2024, 08:14', 'soon')
    """
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return clean(value)
    text = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return f"{text}, {moment:%H:%M}" if with_time else text


def labels_of(summary: Mapping[str, Any]) -> tuple[str, ...]:
    """The model's labels in its own order, or the four default ones."""
    found = [clean(x) for x in as_list(as_map(summary.get("model")).get("labels")) if isinstance(x, str)]
    return tuple(dict.fromkeys(found)) or DEFAULT_LABELS


@dataclass(frozen=True)
class Sender:
    """One sender's totals, with defaults filled in for anything the summary left out.

    ``key`` is the name exactly as the summary spells it (to find the sender's weeks);
    ``name`` is the same name made safe to show.
    """

    key: str
    name: str
    messages: int
    scored: int
    counts: Mapping[str, int]
    rates: Mapping[str, float]
    none: int
    positive: int
    negative: int
    ratio: float | None
    cues: tuple[tuple[str, int], ...]


def _sender(name: str, data: Mapping[str, Any], labels: Sequence[str]) -> Sender:
    per_label = {label: as_map(as_map(data.get("labels")).get(label)) for label in labels}
    counts = {label: as_int(per_label[label].get("count")) for label in labels}
    scored = as_int(data.get("scored"))
    rates = {}
    for label in labels:
        rate = as_float(per_label[label].get("rate"))
        rates[label] = rate if rate is not None else (counts[label] / scored if scored else 0.0)
    positive = as_int(data["positive"]) if "positive" in data else sum(counts.get(x, 0) for x in POSITIVE)
    negative = as_int(data["negative"]) if "negative" in data else sum(counts.get(x, 0) for x in NEGATIVE)
    ratio = as_float(data.get("ratio"))
    if ratio is None and negative:
        ratio = positive / negative
    cues = [(clean(p[0]), as_int(p[1])) for p in map(as_list, as_list(data.get("top_cues"))) if len(p) >= 2]
    cues = sorted((c for c in cues if c[0].strip()), key=lambda c: -c[1])  # stable on equal counts
    return Sender(
        key=name,
        name=clean(name) or "(no name)",
        messages=as_int(data.get("messages")),
        scored=scored,
        counts=counts,
        rates=rates,
        none=as_int(data.get("none")),
        positive=positive,
        negative=negative,
        ratio=ratio,
        cues=tuple(cues),
    )


def senders(summary: Mapping[str, Any], labels: Sequence[str]) -> list[Sender]:
    """All senders, most messages first (ties by name, so the order never depends on dict order)."""
    found = [
        _sender(str(name), as_map(data), labels) for name, data in as_map(summary.get("senders")).items()
    ]
    return sorted(found, key=lambda s: (-s.messages, s.name))


@dataclass(frozen=True)
class Week:
    """One calendar week of the timeline; ``senders`` is empty for a week with no messages."""

    key: str
    start: date | None
    senders: Mapping[str, Any]


def _week_start(week: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(week.get("start")))
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{4})-W(\d{1,2})", str(week.get("week", "")))
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1) if match else None
    except ValueError:
        return None


def weeks(summary: Mapping[str, Any]) -> list[Week]:
    """The summary's weeks in order, with the weeks it skipped put back in as empty weeks.

    When a week's start can't be read the weeks are kept as listed, without filling gaps.

    >>> [w.key for w in weeks({"weeks": [{"week": "2024-W01"}, {"week": "2024-W03"}]})]
    ['2024-W01', '2024-W02', '2024-W03']
    """
    listed = [as_map(w) for w in as_list(summary.get("weeks"))]
    entries = [Week(clean(w.get("week")), _week_start(w), as_map(w.get("senders"))) for w in listed]
    dated = {w.start: w for w in entries if w.start is not None}
    if not entries or len(dated) < len(entries):
        return entries
    first, last = min(dated), max(dated)
    span = (last - first).days // 7 + 1
    if span > MAX_WEEKS or any(s.weekday() != first.weekday() for s in dated):
        return [dated[s] for s in sorted(dated)]
    filled = []
    for n in range(span):
        start = first + timedelta(days=7 * n)
        iso = start.isocalendar()
        filled.append(dated.get(start) or Week(f"{iso.year}-W{iso.week:02d}", start, {}))
    return filled


def cue_spans(text: str, cues: Sequence[Mapping[str, Any]]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, category) spans of ``text`` to highlight, in order.

    Offsets are Python ``str`` indices. When they don't hold the cue's own text (an upstream
    slip) the occurrence of that text nearest to them is used instead; offsets outside the
    text are dropped, and of overlapping spans the earlier one is kept.

    >>> cue_spans("🙄 you never listen", [{"text": "never", "start": 6, "end": 11, "category": "ABS"}])
    [(6, 11, 'ABS')]
    >>> cue_spans("never, never", [{"text": "never", "start": 6, "end": 11}])
    [(7, 12, '')]
    """
    spans = []
    for cue in map(as_map, cues):
        start, end, wanted = cue.get("start"), cue.get("end"), clean(cue.get("text"))
        category = clean(cue.get("category"))
        offsets = (start, end) if isinstance(start, int) and isinstance(end, int) else None
        valid = offsets is not None and 0 <= offsets[0] < offsets[1] <= len(text)
        if offsets and valid and (not wanted or text[offsets[0] : offsets[1]] == wanted):
            spans.append((offsets[0], offsets[1], category))
            continue
        near = offsets[0] if offsets else 0
        found = [m.start() for m in re.finditer(re.escape(wanted), text)] if wanted else []
        if found:
            best = min(found, key=lambda i: (abs(i - near), i))
            spans.append((best, best + len(wanted), category))
        elif offsets and valid:
            spans.append((offsets[0], offsets[1], category))
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def category_name(category: str) -> str:
    """A cue category as words: ``EYE_ROLL`` → ``eye roll``.

    >>> category_name("EYE_ROLL")
    'eye roll'
    """
    return category.replace("_", " ").strip().lower()

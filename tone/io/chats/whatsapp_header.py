"""WhatsApp message headers: the one tolerant regex, and deciding the date order from a file.

Every locale writes ``date, time`` differently (research note §1.2), so one regex accepts them
all and reports the *shape* it saw (brackets, separators, seconds, AM/PM, terminator). A
first pass over the file (:class:`HeaderSurvey`) counts shapes and date statistics; the modal
shape then tells real headers from look-alikes in message bodies, and the statistics settle
whether ``03/04/24`` is the 3rd of April or March 4th.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tone.io.chats._common import load_strings

DATE_ORDERS = ("dmy", "mdy", "ymd", "ydm")
_ORDER_WORDS = {
    "dmy": "day/month",
    "mdy": "month/day",
    "ymd": "year/month/day",
    "ydm": "year/day/month",
}
# Field positions (year, month, day) in the header's three date numbers, per order.
ORDER_INDEX = {"dmy": (2, 1, 0), "mdy": (2, 0, 1), "ymd": (0, 1, 2), "ydm": (0, 2, 1)}


def _ampm_alternation() -> str:
    """Regex alternation for every AM/PM spelling in the data file, spaces made flexible."""
    words = [w for ws in load_strings("whatsapp_strings.json")["ampm"].values() for w in ws]
    words.sort(key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in words)


def _normal_ampm(word: str) -> str:
    return re.sub(r"[\s.]", "", word).lower()


_PM_WORDS = frozenset(_normal_ampm(w) for w in load_strings("whatsapp_strings.json")["ampm"]["pm"])

# \s in a str pattern also matches U+00A0 and U+202F, which sit before AM/PM since CLDR 42.
HEADER = re.compile(
    r"^[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]*"
    r"(?P<br>\[)?"
    r"(?P<d1>\d{1,4})(?P<sep>[./-])\s?(?P<d2>\d{1,4})(?P=sep)\s?(?P<d3>\d{1,4})\.?"
    r",?\s(?:[^\W\d_]{1,4}\s)?"
    r"(?P<h>\d{1,2})(?P<tsep>[:.])(?P<mi>\d{2})(?:(?P=tsep)(?P<s>\d{2}))?"
    rf"(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?|{_ampm_alternation()}))?"
    r"(?(br)\]\s|(?P<term>\s-\s|:\s|\s))",
    re.IGNORECASE,
)


def header_shape(m: re.Match[str]) -> tuple[object, ...]:
    """What distinguishes one locale's header from another, ignoring the numbers."""
    return (
        m.group("br"),
        m.group("sep"),
        m.group("tsep"),
        m.group("s") is None,
        m.group("ampm") is None,
        m.group("term"),
    )


def header_fields(m: re.Match[str]) -> tuple[int, int, int]:
    """The three date numbers of a header, in the order written."""
    return int(m.group("d1")), int(m.group("d2")), int(m.group("d3"))


def header_clock(m: re.Match[str]) -> tuple[int, int, int]:
    """Hour (0–23), minute and second of a header; 12 AM is midnight, 12 PM is noon."""
    hour = int(m.group("h"))
    ampm = m.group("ampm")
    if ampm is not None:
        hour %= 12
        if _normal_ampm(ampm) in _PM_WORDS:
            hour += 12
    sec = m.group("s")
    return hour, int(m.group("mi")), int(sec) if sec else 0


@dataclass(slots=True)
class _ShapeStats:
    """Date statistics for the headers of one shape, kept in constant memory."""

    count: int = 0
    year_first: int = 0
    upper_ampm: int = 0
    max_field: list[int] = field(default_factory=lambda: [0, 0, 0])
    first_over_12: list[int | None] = field(default_factory=lambda: [None, None, None])
    changes: list[int] = field(default_factory=lambda: [0, 0, 0])
    backwards: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DATE_ORDERS, 0))
    previous: tuple[int, int, int] | None = None

    def add(self, fields: tuple[int, int, int], line: int, ampm: str | None) -> None:
        self.count += 1
        if fields[0] > 31:
            self.year_first += 1
        if ampm is not None and ampm[:1].isupper():
            self.upper_ampm += 1
        for i, value in enumerate(fields):
            if value > self.max_field[i]:
                self.max_field[i] = value
            if value > 12 and self.first_over_12[i] is None:
                self.first_over_12[i] = line
        prev = self.previous
        if prev is not None and prev != fields:
            for i in range(3):
                if prev[i] != fields[i]:
                    self.changes[i] += 1
            for order, (iy, im, iday) in ORDER_INDEX.items():
                if (fields[iy], fields[im], fields[iday]) < (prev[iy], prev[im], prev[iday]):
                    self.backwards[order] += 1
        self.previous = fields


@dataclass(slots=True)
class HeaderSurvey:
    """First-pass findings about a WhatsApp file: header shapes and date statistics."""

    shapes: dict[tuple[object, ...], _ShapeStats] = field(default_factory=dict)
    crlf_before_header: int = 0
    lf_before_header: int = 0
    lf_lines: int = 0
    first_header_line: int | None = None
    e2e_author: str | None = None

    def add(self, m: re.Match[str], line: int) -> None:
        stats = self.shapes.get(shape := header_shape(m))
        if stats is None:
            stats = self.shapes[shape] = _ShapeStats()
        stats.add(header_fields(m), line, m.group("ampm"))
        if self.first_header_line is None:
            self.first_header_line = line

    @property
    def modal_shape(self) -> tuple[object, ...] | None:
        if not self.shapes:
            return None
        return max(self.shapes.items(), key=lambda kv: kv[1].count)[0]

    @property
    def crlf_between_messages(self) -> bool:
        """iOS writes CRLF between messages and LF inside them (Pustur#266): a tie-breaker."""
        return self.lf_lines > 0 and self.crlf_before_header > self.lf_before_header


def decide_date_order(survey: HeaderSurvey, forced: str | None) -> tuple[str, str]:
    """Pick the date order for the file's modal header shape; return ``(order, note)``.

    A field above 12 settles it; otherwise the order under which dates never go backwards
    wins; otherwise the field that changes more often is the day; otherwise the file is
    ambiguous and the note says so and which order was assumed.
    """
    if forced is not None:
        return forced, f"date order: {_ORDER_WORDS[forced]} (given)"
    shape = survey.modal_shape
    if shape is None:
        return "dmy", "date order: day/month (assumed: the file has no message headers)"
    stats = survey.shapes[shape]
    year_first = stats.year_first * 2 > stats.count
    first, second = ("ymd", "ydm") if year_first else ("dmy", "mdy")
    month_pos = {order: ORDER_INDEX[order][1] for order in (first, second)}
    possible = [o for o in (first, second) if stats.max_field[month_pos[o]] <= 12]
    if len(possible) == 1:
        order = possible[0]
        day_pos = ORDER_INDEX[order][2]
        return order, (
            f"date order: {_ORDER_WORDS[order]} (inferred: a day > 12 on line {stats.first_over_12[day_pos]})"
        )
    if not possible:
        return first, f"date order: {_ORDER_WORDS[first]} (assumed: no order fits every date)"
    return _decide_by_sequence(stats, first, second)


def _decide_by_sequence(stats: _ShapeStats, first: str, second: str) -> tuple[str, str]:
    """Break a tie between two possible orders by chronology, then by which field changes."""
    back_a, back_b = stats.backwards[first], stats.backwards[second]
    if back_a != back_b:
        order, other = (first, second) if back_a < back_b else (second, first)
        return order, (
            f"date order: {_ORDER_WORDS[order]} (inferred from chronology: "
            f"{_ORDER_WORDS[other]} would put dates out of order {max(back_a, back_b)} times, "
            f"{_ORDER_WORDS[order]} {min(back_a, back_b)} times)"
        )
    day_a = stats.changes[ORDER_INDEX[first][2]]
    day_b = stats.changes[ORDER_INDEX[second][2]]
    if stats.count >= 30 and (day_a >= 2 * day_b + 2 or day_b >= 2 * day_a + 2):
        order = first if day_a > day_b else second
        return order, (f"date order: {_ORDER_WORDS[order]} (inferred: the day field changes more often)")
    assumed = first
    if first == "dmy" and stats.upper_ampm * 2 > stats.count:
        assumed = "mdy"  # an upper-case AM/PM clock is the US locale's habit
    other = second if assumed == first else first
    return assumed, (
        f"date order is ambiguous (no day > 12, dates in order either way): "
        f"assumed {_ORDER_WORDS[assumed]}; pass date_order='{other}' if that is wrong"
    )

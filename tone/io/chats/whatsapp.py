"""WhatsApp ``.txt`` exports (Android and iOS), bare or inside the ``.zip`` the app makes.

The file has no schema: a message starts with a locale-dependent ``date, time`` header and
runs until the next header. Reading takes two passes over the file, both streaming: the first
(:func:`survey_file`) learns the header shape and the date order from *every* header, the
second (:func:`parse_lines`) yields messages. Body strings (media placeholders, deleted and
edited markers, system lines) are data in ``whatsapp_strings.json``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from tone.errors import FormatError
from tone.io.chats._common import Chat, Record, clean_name
from tone.io.chats.whatsapp_body import TITLE_PREFIXES, classify, e2e_notice, split_author
from tone.io.chats.whatsapp_header import (
    DATE_ORDERS,
    HEADER,
    ORDER_INDEX,
    HeaderSurvey,
    decide_date_order,
    header_clock,
    header_fields,
    header_shape,
)
from tone.io.records import Message, ParseIssue

_ZIP_FALLBACK = re.compile(r".*(?:chat|whatsapp).*\.txt$", re.IGNORECASE)
# How far back a header may go before it is suspected of being pasted into a message.
_BACKWARDS_TOLERANCE = timedelta(minutes=5)
# At most this many headers are absorbed into one message by the time rule, so a wrong
# guess (say, a clock change) costs a few flagged messages, never the rest of the chat.
_MAX_PASTED = 5

Opener = Callable[[], TextIO]


def read(path: Path, *, date_order: str | None = None, encoding: str = "utf-8-sig") -> Chat:
    """Open a WhatsApp export (``.txt`` or ``.zip``), survey it once, and return the chat.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "WhatsApp Chat with Ana.txt"
    >>> _ = p.write_text("13/01/24, 09:00 - Ana: hi\\n", encoding="utf-8")
    >>> chat = read(p)
    >>> chat.title, [m.timestamp.isoformat() for m in chat.records()]
    ('Ana', ['2024-01-13T09:00:00'])
    """
    if date_order is not None and date_order not in DATE_ORDERS:
        raise FormatError(
            f"unknown date order {date_order!r}; use one of {', '.join(DATE_ORDERS)}", path=path
        )
    opener, title, notes = _opener(path, encoding)
    survey = survey_file(opener)
    if survey.modal_shape is None:
        raise FormatError(
            "no WhatsApp message header found (expected lines like "
            "'05/01/2024, 21:07 - Name: text' or '[05/01/2024, 21:07:13] Name: text')",
            path=path,
        )
    order, order_note = decide_date_order(survey, date_order)
    notes.append(order_note)
    notes.extend(_survey_notes(survey))
    title = title or survey.e2e_author
    return Chat("whatsapp", lambda: parse_lines(opener, survey, order, title), title=title, notes=notes)


def _opener(path: Path, encoding: str) -> tuple[Opener, str | None, list[str]]:
    """A function that (re)opens the chat text, plus the title the file name gives."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            member = find_chat_member(zf.namelist())
        if member is None:
            raise FormatError("zip holds no WhatsApp chat (no _chat.txt or *chat*.txt)", path=path)

        def open_member() -> TextIO:
            return _ZipMemberText(zipfile.ZipFile(path), member, encoding)

        title = _title_from_name(path.stem) or _title_from_name(Path(member).stem)
        return open_member, title, [f"read {member} from the zip"]

    def open_file() -> TextIO:
        return open(path, encoding=encoding, newline="")

    return open_file, _title_from_name(path.stem), []


class _ZipMemberText(io.TextIOWrapper):
    """A zip member read as text; closing it closes the zip too."""

    def __init__(self, zf: zipfile.ZipFile, member: str, encoding: str):
        super().__init__(zf.open(member), encoding=encoding, newline="")
        self._zip = zf

    def close(self) -> None:
        super().close()
        self._zip.close()


def find_chat_member(names: list[str]) -> str | None:
    """``_chat.txt`` if present, else the shortest ``*chat*.txt``/``*whatsapp*.txt`` name."""
    names = [n for n in names if not n.startswith("__MACOSX/") and not n.endswith("/")]
    exact = [n for n in names if n.rsplit("/", 1)[-1] == "_chat.txt"]
    if exact:
        return min(exact, key=len)
    fallback = [n for n in names if _ZIP_FALLBACK.match(n.rsplit("/", 1)[-1])]
    return min(fallback, key=len) if fallback else None


def _title_from_name(stem: str) -> str | None:
    for prefix in TITLE_PREFIXES:
        if stem.startswith(prefix) and len(stem) > len(prefix):
            return clean_name(stem[len(prefix) :])
    return None


def survey_file(opener: Opener) -> HeaderSurvey:
    """First pass: header shapes, date statistics, line terminators, the E2E notice's author."""
    survey = HeaderSurvey()
    match = HEADER.match
    prev_lf_only = False
    with opener() as f:
        for lineno, raw in enumerate(f, 1):
            m = match(raw)
            if m is not None:
                survey.add(m, lineno)
                if prev_lf_only:
                    survey.lf_before_header += 1
                elif lineno > 1:
                    survey.crlf_before_header += 1
                if survey.e2e_author is None and survey.first_header_line == lineno:
                    survey.e2e_author = _e2e_author(raw[m.end() :])
            prev_lf_only = raw.endswith("\n") and not raw.endswith("\r\n")
            survey.lf_lines += prev_lf_only
    return survey


def _e2e_author(rest: str) -> str | None:
    """On iOS the first line is the E2E notice authored by the chat itself: its title."""
    author, body, _ = split_author(rest.rstrip("\r\n"), bracketed=True)
    return author if author is not None and e2e_notice(body) else None


def _survey_notes(survey: HeaderSurvey) -> list[str]:
    notes = []
    modal = survey.modal_shape
    others = sum(s.count for shape, s in survey.shapes.items() if shape != modal)
    if others:
        notes.append(f"{others} header-like line(s) in another date/time layout were kept as message text")
    if survey.crlf_between_messages:
        notes.append(
            "CRLF between messages and LF inside them: header-like lines after an LF "
            "are kept inside the message they appear in"
        )
    return notes


class _Pending:
    """A message whose header has been read and whose continuation lines are still coming."""

    __slots__ = ("author", "author_flags", "bracketed", "first", "flags", "line", "more", "ts")

    def __init__(self, line: int, ts: datetime | None, bracketed: bool, rest: str):
        self.line = line
        self.ts = ts
        self.bracketed = bracketed
        self.author, self.first, self.author_flags = split_author(rest, bracketed=bracketed)
        self.more: list[str] = []
        self.flags: list[str] = []


def parse_lines(opener: Opener, survey: HeaderSurvey, order: str, title: str | None) -> Iterator[Record]:
    """Second pass: yield messages and issues in file order, one pending message in memory."""
    parser = _LineParser(survey, order, title)
    with opener() as f:
        for lineno, raw in enumerate(f, 1):
            out = parser.feed(lineno, raw)
            if out:
                yield from out
    yield from parser.flush()


class _LineParser:
    """The state of the second pass: the message being built and what was seen so far."""

    def __init__(self, survey: HeaderSurvey, order: str, title: str | None):
        self.shape = survey.modal_shape
        self.index = ORDER_INDEX[order]
        self.crlf_mode = survey.crlf_between_messages
        self.title = title
        self.pending: _Pending | None = None
        self.known_authors: set[str] = set()
        self.last_ts: datetime | None = None
        self.prev_lf_only = False

    def feed(self, lineno: int, raw: str) -> list[Record]:
        """Take one raw line (terminator included); return the records it completes."""
        line = raw.rstrip("\r\n")
        prev_lf_only = self.prev_lf_only
        self.prev_lf_only = raw[-1:] == "\n" and raw[-2:] != "\r\n"
        m = HEADER.match(line)
        if m is not None and header_shape(m) == self.shape:
            if self.pending is not None and self.crlf_mode and prev_lf_only:
                self.pending.flags.append("pasted_header")
            else:
                out = self._start(m, lineno, line)
                if out is not None:
                    return out
        if self.pending is None:
            return [ParseIssue(lineno, "text before the first message header", line)] if line.strip() else []
        self.pending.more.append(line)
        return []

    def _start(self, m: re.Match[str], lineno: int, line: str) -> list[Record] | None:
        """Begin a new message at a header, or return ``None`` if it belongs to the current one."""
        ts, issue = _timestamp(header_fields(m), m, self.index, lineno, line)
        cand = _Pending(lineno, ts, m.group("br") is not None, line[m.end() :])
        verdict = _judge_order(cand, self.pending, self.last_ts, self.known_authors)
        if verdict == "pasted" and self.pending is not None:
            self.pending.flags.append("pasted_header")
            return None
        out: list[Record] = list(self.flush())
        if issue is not None:
            out.append(issue)
        if verdict == "out_of_order":
            cand.flags.append("out_of_order")
        if cand.author is not None:
            self.known_authors.add(cand.author)
        self.pending = cand
        self.last_ts = ts or self.last_ts
        return out

    def flush(self) -> list[Message]:
        """Complete the pending message, if any."""
        pending, self.pending = self.pending, None
        return _finish(pending, self.title) if pending is not None else []


def _judge_order(cand: _Pending, pending: _Pending | None, last_ts: datetime | None, known: set[str]) -> str:
    """``"ok"``, ``"out_of_order"`` (kept, flagged) or ``"pasted"`` (kept inside ``pending``).

    A header that goes back in time by more than a few minutes *and* names someone never
    seen in a conversation already under way is most likely a copied chat pasted into the
    previous person's message (research note §1.4); a known sender going back is only
    flagged, since phones do deliver late.
    """
    if cand.ts is None or last_ts is None or cand.ts >= last_ts - _BACKWARDS_TOLERANCE:
        return "ok"
    if (
        pending is not None
        and pending.author is not None
        and pending.flags.count("pasted_header") < _MAX_PASTED
        and len(known) >= 2
        and cand.author is not None
        and cand.author not in known
    ):
        return "pasted"
    return "out_of_order"


def _timestamp(
    fields: tuple[int, int, int],
    m: re.Match[str],
    index: tuple[int, int, int],
    lineno: int,
    line: str,
) -> tuple[datetime | None, ParseIssue | None]:
    iy, im, iday = index
    year = fields[iy]
    if year < 100:
        year += 2000  # two-digit years are 20YY in every export seen
    hour, minute, second = header_clock(m)
    try:
        return datetime(year, fields[im], fields[iday], hour, minute, second), None
    except ValueError as exc:
        return None, ParseIssue(lineno, f"header date/time is not valid ({exc})", line)


def _finish(p: _Pending, title: str | None) -> list[Message]:
    """Turn a complete pending message into one record (two for an attachment with caption)."""
    return [
        Message(
            text=text,
            sender=p.author,
            timestamp=p.ts,
            kind=kind,
            line=p.line + line,
            edited=edited,
            flags=tuple(dict.fromkeys([*p.author_flags, *p.flags, *flags])),
        )
        for kind, text, edited, flags, line in classify(p.author, p.first, p.more, p.bracketed, title)
    ]

"""iMessage conversations exported as text by ``imessage-exporter`` (``-f txt``).

::

    Jan 05, 2024  9:07:13 PM (Read by you after 1 minute)
    Ana
    body line(s)
        <thread replies, indented four spaces, same shape>
    This message responded to an earlier message.
    <blank>

The date is ``%b %d, %Y %l:%M:%S %p`` — ``%l`` pads the hour with a space, hence two spaces
before a one-digit hour — in local time without a zone. A date line followed by text on the
same line is a group announcement (rename, photo change). Edits come as
``Edited … later: <text>`` lines; the last version is the text and ``edited`` is set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from tone.io.chats._common import Chat, Record, clean_body, clean_name
from tone.io.records import Message, ParseIssue

DATE_LINE = re.compile(
    r"^(?P<indent>    )?(?P<mon>[A-Z][a-z]{2}) (?P<d>\d{2}), (?P<y>\d{4}) +(?P<h>\d{1,2}):"
    r"(?P<mi>\d{2}):(?P<s>\d{2}) (?P<ampm>[AP]M)(?P<rest>.*)$"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
_EDIT = re.compile(r"^Edited .+? later: (.*)$")
_READ_NOTE = re.compile(r"^ \((?:Read|Delivered|Sent)\b.*\)$")
_ATTACHMENT = re.compile(
    r"^(?:/|~/|[A-Za-z]:\\).+|^\S+\.(?:jpe?g|png|heic|gif|mov|mp4|caf|m4a|pdf|vcf|pluginPayloadAttachment)$",
    re.IGNORECASE,
)
_DELETED = frozenset(
    {
        "This message was deleted from the conversation!",
        "You deleted a message.",
        "They deleted a message.",
    }
)
_REPLY_NOTE = "This message responded to an earlier message."


def read(path: Path, *, encoding: str = "utf-8-sig") -> Chat:
    """Open an imessage-exporter ``.txt`` conversation; the file name is the title."""
    return Chat("imessage", lambda: _records(path, encoding), title=path.stem or None)


class _Block:
    """A message being read: its date line, its own lines, and its indented thread replies."""

    __slots__ = ("lineno", "lines", "match", "replies")

    def __init__(self, lineno: int, match: re.Match[str]):
        self.lineno, self.match = lineno, match
        self.lines: list[str] = []
        self.replies: list[_Block] = []

    def messages(self) -> list[Message]:
        own = [_message(self.lineno, self.match, self.lines)]
        return own + [msg for reply in self.replies for msg in reply.messages()]


def _records(path: Path, encoding: str) -> Iterator[Record]:
    top: _Block | None = None
    after_blank = True
    with open(path, encoding=encoding) as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            indented = line.startswith("    ")
            # A message starts at a date line after a blank line; thread replies are indented
            # and may follow their parent directly.
            m = DATE_LINE.match(line) if after_blank or indented else None
            after_blank = not line.strip()
            if m is not None and not (indented and top is None):
                if not indented:
                    if top is not None:
                        yield from top.messages()
                    top = _Block(lineno, m)
                elif top is not None:
                    top.replies.append(_Block(lineno, m))
            elif top is not None:
                # Indented lines belong to the latest reply; the rest to the message itself.
                target = top.replies[-1] if indented and top.replies else top
                target.lines.append(line[4:] if indented and top.replies else line)
            elif line.strip():
                yield ParseIssue(lineno, "text before the first date line", line)
    if top is not None:
        yield from top.messages()


def _message(lineno: int, m: re.Match[str], lines: list[str]) -> Message:
    hour = int(m.group("h")) % 12 + (12 if m.group("ampm") == "PM" else 0)
    stamp = datetime(
        int(m.group("y")), _MONTHS.get(m.group("mon"), 1), int(m.group("d")),
        hour, int(m.group("mi")), int(m.group("s")),
    )  # fmt: skip
    flags = ("thread_reply",) if m.group("indent") else ()
    rest = m.group("rest")
    if rest.strip() and not _READ_NOTE.match(rest):
        return Message(clean_body(rest.strip()), None, stamp, "system", lineno, flags=flags)
    while lines and not lines[-1].strip():
        lines.pop()
    sender = clean_name(lines[0]) if lines else None
    kind, text, edited, more_flags = _body(lines[1:])
    return Message(text, sender, stamp, kind, lineno, edited, flags=flags + more_flags)


def _body(lines: list[str]) -> tuple[str, str, bool, tuple[str, ...]]:
    """Kind, text, edited and flags of the lines after the sender."""
    kind, edited = "text", False
    flags: tuple[str, ...] = ()
    body: list[str] = []
    for line in lines:
        if line in _DELETED:
            kind = "deleted"
        elif line == _REPLY_NOTE:
            flags = ("reply",)
        elif edit := _EDIT.match(line):
            body, edited = [edit.group(1)], True
        elif line.startswith("Sticker from "):
            kind = "sticker"
        elif _ATTACHMENT.match(line.strip()):
            kind = "media" if kind == "text" else kind
        else:
            body.append(line)
    text = clean_body("\n".join(body).strip())
    if text and kind == "media":
        kind, flags = "text", (*flags, "caption")
    return kind, text, edited, flags

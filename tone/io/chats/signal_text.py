"""sigtop's ``text`` format: one block per message.

::

    From: Ana (+15550100199)
    Type: incoming
    Sent: Fri, 5 Jan 2024 21:07:13 +0100
    <blank>
    > From: … (quoted message, every line prefixed)
    <blank>
    body line 1
    body line 2
    <blank>

``Type`` other than incoming/outgoing is a system event; ``Edited: N versions`` marks an
edited message whose earlier versions are ``|``-prefixed lines, which are not the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from tone.io.chats._common import Record, clean_body, clean_name
from tone.io.records import Message, ParseIssue

_FIELD = re.compile(r"^([A-Z][a-z]+): (.*)$")
_PHONE = re.compile(r"\s*\([^()]*\)\s*$")
_USER_TYPES = frozenset({"incoming", "outgoing"})


def sigtop_records(path: Path, encoding: str) -> Iterator[Record]:
    """Yield the messages of a sigtop text export in file order."""
    block: list[tuple[int, str]] = []
    with open(path, encoding=encoding) as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\r\n")
            if line.startswith("From: ") and (not block or block[-1][1] == ""):
                if block:
                    yield _block_message(block)
                block = []
            if block or line.startswith("From: "):
                block.append((lineno, line))
            elif lineno > 1 and line.strip():
                yield ParseIssue(lineno, "text outside a From:/Type:/Sent: block", line)
    if block:
        yield _block_message(block)


def _block_message(block: list[tuple[int, str]]) -> Message:
    fields: dict[str, str] = {}
    i = 0
    while i < len(block) and (m := _FIELD.match(block[i][1])):
        fields.setdefault(m.group(1), m.group(2))
        i += 1
    rest = [line for _, line in block[i:]]
    quote = [line[2:] for line in rest if line.startswith("> ")]
    body = [line for line in rest if not line.startswith((">", "|"))]
    text = clean_body("\n".join(body).strip())
    mtype = fields.get("Type", "incoming")
    if mtype in _USER_TYPES:
        kind = "text" if text or "Attachment" not in fields else "media"
    else:
        kind = "call" if "call" in mtype else "system"
    return Message(
        text=text,
        sender=clean_name(_PHONE.sub("", fields.get("From", ""))) or None,
        timestamp=_sent(fields.get("Sent", "")),
        kind=kind,
        line=block[0][0],
        edited="Edited" in fields,
        reply_to=clean_body("\n".join(q for q in quote if not q.startswith("From: "))).strip() or None,
    )


def _sent(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%a, %d %b %Y %H:%M:%S %z")
    except ValueError:
        return None

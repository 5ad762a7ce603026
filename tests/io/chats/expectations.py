"""Compare a parse with the ``<name>.expected.jsonl`` file written next to each fixture.

Each expected line is one record in file order: a message as ``kind``, ``sender``,
``timestamp`` (ISO 8601, offset when the format has one), ``text``, ``edited``, ``line`` and,
when set, ``flags``, ``reply_to``, ``message_id`` and ``chat``; or a parse issue as
``issue`` (the reason), ``line`` and ``raw``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tone.io.chats import Record, read_chat
from tone.io.records import Message

DATA = Path(__file__).resolve().parents[2] / "data" / "chats"


def record_as_dict(record: Record) -> dict[str, Any]:
    """The comparable form of one record (see the module docstring)."""
    if not isinstance(record, Message):
        return {"issue": record.reason, "line": record.line, "raw": record.raw}
    out: dict[str, Any] = {
        "kind": record.kind,
        "sender": record.sender,
        "timestamp": record.timestamp.isoformat() if record.timestamp else None,
        "text": record.text,
        "edited": record.edited,
        "line": record.line,
    }
    optional = {
        "flags": list(record.flags),
        "reply_to": record.reply_to,
        "message_id": record.message_id,
        "chat": record.chat,
    }
    out.update({k: v for k, v in optional.items() if v})
    return out


def expected_for(fixture: Path) -> list[dict[str, Any]]:
    """The expected records of a fixture file or folder."""
    stem = fixture.name if fixture.is_dir() else fixture.name.split(".")[0]
    lines = (fixture.parent / f"{stem}.expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def parsed(path: Path, **options: Any) -> list[dict[str, Any]]:
    """Every record of ``path`` in comparable form."""
    return [record_as_dict(r) for r in read_chat(path, **options).records()]


def fixtures(folder: str, *patterns: str) -> list[Path]:
    """Fixture files of one format folder that have an expected parse next to them."""
    base = DATA / folder
    found = sorted({p for pattern in patterns for p in base.glob(pattern)})
    return [p for p in found if not p.name.endswith(".expected.jsonl")]

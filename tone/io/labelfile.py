"""The file ``tone label`` writes: one JSONL record per decision, appended and flushed at once.

Labelled messages are ``{"text", "labels", "source"}``, what ``tone train`` reads; skipped
ones are ``{"text", "source", "skipped": true}``, which :mod:`tone.io.datasets` leaves out.
Keeping both in one file means resuming and undoing need only that file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tone.errors import InputError


@dataclass(frozen=True, slots=True)
class LabelDecision:
    """One line of a ``tone label`` output file: the labels given to a message, or a skip."""

    text: str
    source: str
    labels: tuple[str, ...] = ()
    skipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSONL record; a skip carries no labels, so ``tone train`` leaves it out."""
        if self.skipped:
            return {"text": self.text, "source": self.source, "skipped": True}
        return {"text": self.text, "labels": list(self.labels), "source": self.source}


class LabelFile:
    """The output file: decisions already made, appended one flushed line at a time.

    Remembers where each record starts so that ``pop`` can cut the last one off the file.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.decisions: list[LabelDecision] = []
        self._offsets: list[int] = []
        self._size = 0
        self._ends_with_newline = True
        if self.path.exists():
            self._read()

    def _read(self) -> None:
        if self.path.is_dir():
            raise InputError("is a directory; --out needs a .jsonl file", path=self.path)
        data = self.path.read_bytes()
        offset = 0
        for number, raw in enumerate(data.splitlines(keepends=True), start=1):
            if raw.strip():
                self.decisions.append(_decision_from_line(raw, self.path, number))
                self._offsets.append(offset)
            offset += len(raw)
        self._size = len(data)
        self._ends_with_newline = not data or data.endswith(b"\n")

    def append(self, decision: LabelDecision) -> None:
        """Write one record and push it to disk before returning."""
        line = json.dumps(decision.to_dict(), ensure_ascii=False) + "\n"
        prefix = "" if self._ends_with_newline else "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(prefix + line)
            handle.flush()
            os.fsync(handle.fileno())
        self._offsets.append(self._size + len(prefix.encode()))
        self._size += len((prefix + line).encode("utf-8"))
        self._ends_with_newline = True
        self.decisions.append(decision)

    def pop(self) -> LabelDecision | None:
        """Remove the last record from the file (and return it); ``None`` if there is none."""
        if not self.decisions:
            return None
        offset = self._offsets.pop()
        os.truncate(self.path, offset)
        self._size = offset
        self._ends_with_newline = True
        return self.decisions.pop()


def _decision_from_line(raw: bytes, path: Path, number: int) -> LabelDecision:
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            f"not a JSON record ({exc}); fix or delete this line, or pick another --out",
            path=path,
            line=number,
        ) from None
    text = record.get("text") if isinstance(record, dict) else None
    if not isinstance(text, str):
        raise InputError('expected a {"text": ..., "labels": [...]} record', path=path, line=number)
    labels = record.get("labels")
    labels = tuple(v for v in labels if isinstance(v, str)) if isinstance(labels, list) else ()
    return LabelDecision(text, str(record.get("source", "")), labels, record.get("skipped") is True)

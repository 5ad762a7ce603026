"""Analysing a chat export: parse, score and summarise it as one stream.

:class:`ExportAnalysis` reads an export (format detected from the content), scores its
messages in batches and keeps only aggregates (:class:`~tone.conversation.ConversationSummary`),
so memory stays flat however long the chat is; names can be replaced by letters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tone.analyzer import Analyzer
from tone.io.records import Message, ParseIssue
from tone.model import ToneModel
from tone.results import AnalyzedMessage

#: messages scored per batch of an export. A batch is held by this process (messages, texts,
#: results; three in flight) and by the worker (its n-gram arrays). 512 instead of 1,024 once
#: took the 1M-message analyze from 411-415 to 401-404 MB PSS (the 400 MB target); since
#: scoring needs no scikit-learn (:mod:`tone.score_file`) that run peaks at ~300 MB, and
#: 1,024 costs +7 MB (309 against 302) for ~3% less CPU (55.8 against 58.0 s).
EXPORT_BATCH = 1024


@dataclass
class ExportOptions:
    """What to analyse in an export and how (CLI options map one to one)."""

    format: str | None = None
    date_order: str | None = None
    encoding: str = "utf-8-sig"
    since: datetime | None = None
    until: datetime | None = None
    senders: tuple[str, ...] = ()
    anonymize: bool = False
    columns: dict[str, str] | None = None


class ExportAnalysis:
    """A chat export being analysed: iterate ``messages()`` once, then read ``summary``.

    Messages stream in file order, scored in batches; the summary keeps only aggregates, so
    memory stays flat however long the chat is.
    """

    def __init__(self, path: str | Path, analyzer: Analyzer, options: ExportOptions):
        from tone.conversation import ConversationSummary
        from tone.io.chats import read_chat

        self.path = Path(path)
        self.options = options
        self.analyzer = analyzer
        self.chat = read_chat(
            path,
            options.format,
            date_order=options.date_order,
            encoding=options.encoding,
            columns=options.columns,
        )
        self.summary = ConversationSummary(analyzer.labels)
        self.aliases = _Aliases(self._senders() if options.anonymize else ())

    @property
    def source_name(self) -> str:
        return self.aliases.text(self.path.name)

    def _senders(self) -> list[str]:
        names: dict[str, None] = {}
        for record in self.chat.records():
            if isinstance(record, Message) and record.sender:
                names.setdefault(record.sender)
        return list(names)

    def messages(self, batch_size: int = EXPORT_BATCH) -> Iterator[AnalyzedMessage]:
        """Every message of the export, in file order, scored or with its skip reason."""
        # parsing, the summary and two output files take ~25 µs per message here (scoring ~60): this
        # process keeps a core, and one worker fewer keeps the 1M-message run under 400 MB
        for (batch, reasons), results in self.analyzer.score_batches(self._batches(batch_size)):
            scored = iter(results)
            for message, reason in zip(batch, reasons, strict=True):
                result = next(scored) if reason is None else None
                self.summary.add(message, result, reason)
                yield AnalyzedMessage(message, result, reason)

    def _batches(self, batch_size: int) -> Iterator[tuple[tuple[list[Message], list[str | None]], list[str]]]:
        """``((messages, skip reasons), texts to score)`` per batch; parse issues go to the summary."""
        batch: list[Message] = []
        for record in self.chat.records():
            if isinstance(record, ParseIssue):
                self.summary.add_issue(record)
                continue
            batch.append(self.aliases.message(record))
            if len(batch) >= batch_size:
                yield self._batch(batch)
                batch = []
        if batch:
            yield self._batch(batch)

    def _batch(self, batch: list[Message]) -> tuple[tuple[list[Message], list[str | None]], list[str]]:
        reasons = [self._skip_reason(m) for m in batch]
        return (batch, reasons), [m.text for m, reason in zip(batch, reasons, strict=True) if reason is None]

    def _skip_reason(self, message: Message) -> str | None:
        if message.kind != "text":
            return message.kind
        if not message.text.strip():
            return "empty"
        if self.options.senders and message.sender not in self.options.senders:
            return "sender not selected"
        stamp = message.timestamp.replace(tzinfo=None) if message.timestamp else None
        if stamp is not None and self.options.since and stamp < self.options.since:
            return "before --since"
        if stamp is not None and self.options.until and stamp > self.options.until:
            return "after --until"
        return None

    def summary_dict(self) -> dict[str, Any]:
        """The full summary: source, format, notes, model, then the aggregates."""
        return {
            "source": self.source_name,
            "format": self.chat.format,
            "title": self.aliases.text(self.chat.title) if self.chat.title else None,
            "notes": [self.aliases.text(note) for note in self.chat.notes],
            "model": {"name": self.analyzer.card.name or "model", "labels": list(self.analyzer.labels)},
            **self.summary.to_dict(),
        }


class _Aliases:
    """Replaces sender names with Person A, B, … in senders and in message text."""

    def __init__(self, names: Sequence[str]):
        import re

        self.names = {name: f"Person {_letters(i)}" for i, name in enumerate(names)}
        parts = sorted((re.escape(n) for n in self.names if n.strip()), key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(" + "|".join(parts) + r")(?!\w)") if parts else None

    def text(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.names[m.group(1)], text)

    def message(self, message: Message) -> Message:
        if self.pattern is None:
            return message

        sender = self.names.get(message.sender or "", message.sender)
        return replace(message, sender=sender, text=self.text(message.text))


def _letters(index: int) -> str:
    """A, B, …, Z, AA, AB, … for the n-th person."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def analyze_export(
    path: str | Path, *, model: ToneModel | str | Path | None = None, options: ExportOptions | None = None
) -> ExportAnalysis:
    """Open a chat export for analysis (format detected from the content unless given)."""
    return ExportAnalysis(path, Analyzer(model), options or ExportOptions())

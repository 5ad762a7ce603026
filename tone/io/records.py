"""Plain records that every reader yields, whatever the source format.

Parsers for chat exports yield :class:`Message` for every message in the file (scored or not)
and :class:`ParseIssue` for every line or record they could not understand, so that nothing a
user gave is silently lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

#: kinds of message that carry text a person wrote and that tone scores.
SCORED_KINDS = frozenset({"text"})


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a conversation.

    ``kind`` is ``"text"`` for a message a person typed; anything else (``"system"``,
    ``"media"``, ``"deleted"``, ``"sticker"``, ``"call"``, ``"location"``, ``"poll"``, …)
    is kept in outputs but not scored. ``line`` is the 1-based line (or record number) where
    the message starts in its source, for error reports and traceability. ``reply_to`` is the
    ``message_id`` replied to, or the quoted text when a format keeps only that (Signal).
    """

    text: str
    sender: str | None = None
    timestamp: datetime | None = None
    kind: str = "text"
    line: int | None = None
    edited: bool = False
    reply_to: str | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)
    #: the export's own id for this message, when it has one (what ``reply_to`` refers to).
    message_id: str | None = None
    #: the conversation the message belongs to, for exports holding several (Slack, Telegram).
    chat: str | None = None

    @property
    def scored(self) -> bool:
        """Whether tone scores this message (only typed text is scored)."""
        return self.kind in SCORED_KINDS and bool(self.text.strip())


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """A line or record a parser could not turn into a message, with the reason."""

    line: int
    reason: str
    raw: str = ""

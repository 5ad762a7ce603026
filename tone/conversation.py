"""Who says what, how often, and how it changes: aggregates of a scored conversation.

:class:`ConversationSummary` is fed one message at a time and keeps only per-sender and
per-week counters, the most frequent cue words and a bounded list of the most critical or
contemptuous messages, so memory does not grow with the length of the chat.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tone.io.records import Message, ParseIssue
from tone.results import ToneResult

POSITIVE = ("support", "need")
NEGATIVE = ("criticism", "contempt")
#: how many unparsed lines are listed (all are counted).
MAX_LISTED_ISSUES = 20
WORST_KEPT = 10
TOP_CUES = 10


@dataclass
class _SenderStats:
    messages: int = 0
    scored: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    none: int = 0
    cues: Counter[str] = field(default_factory=Counter)


class ConversationSummary:
    """Streaming aggregates of a conversation; ``to_dict()`` gives the JSON-ready summary."""

    def __init__(self, labels: Sequence[str]):
        self.labels = tuple(labels)
        self.read = 0
        self.scored = 0
        self.skipped: Counter[str] = Counter()
        self.issues: list[dict[str, Any]] = []
        self.issue_count = 0
        self.senders: dict[str, _SenderStats] = defaultdict(_SenderStats)
        self.weeks: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        self.first: datetime | None = None
        self.last: datetime | None = None
        self._worst: list[tuple[float, int, dict[str, Any]]] = []
        self._first_naive = self._last_naive = datetime.min
        self._week_labels: dict[Any, str] = {}

    def add_issue(self, issue: ParseIssue) -> None:
        self.issue_count += 1
        if len(self.issues) < MAX_LISTED_ISSUES:
            self.issues.append({"line": issue.line, "reason": issue.reason, "raw": issue.raw[:200]})

    def add(self, message: Message, result: ToneResult | None, skipped: str | None) -> None:
        """Count one message; ``result`` is None when it was not scored (``skipped`` says why)."""
        self.read += 1
        if message.timestamp is not None:
            self._track_time(message.timestamp)
        if result is None:
            self.skipped[skipped or message.kind] += 1
        if message.sender is None:  # system notices belong to nobody; they are in the accounting
            return
        sender = message.sender
        stats = self.senders[sender]
        stats.messages += 1
        if result is None:
            return
        self.scored += 1
        stats.scored += 1
        for label in result.labels:
            stats.labels[label] += 1
        stats.none += not result.labels
        if result.cues and result.labels:  # else there is nothing to count: skip building the set
            stats.cues.update(_outermost_cue_words(result))
        if message.timestamp is not None:
            week = self.weeks[self._week_of(message.timestamp)][sender]
            week["scored"] += 1
            for label in result.labels:
                week[label] += 1
        if result.labels:
            self._keep_if_worst(message, result)

    def _week_of(self, timestamp: datetime) -> str:
        # one isocalendar per day, not per message: a chat has far fewer days than messages
        day = timestamp.date()
        label = self._week_labels.get(day)
        if label is None:
            label = self._week_labels[day] = _week_of(timestamp)
        return label

    def _track_time(self, timestamp: datetime) -> None:
        naive = timestamp.replace(tzinfo=None) if timestamp.tzinfo else timestamp
        if self.first is None or naive < self._first_naive:
            self.first, self._first_naive = timestamp, naive
        if self.last is None or naive > self._last_naive:
            self.last, self._last_naive = timestamp, naive

    def _keep_if_worst(self, message: Message, result: ToneResult) -> None:
        if not set(result.labels) & set(NEGATIVE):
            return
        severity = max(result.scores.get(label, 0.0) for label in NEGATIVE)
        if len(self._worst) >= WORST_KEPT and (severity, -self.read) < self._worst[0][:2]:
            return  # heappushpop would drop it again at once: skip building its record
        record = {
            "timestamp": message.timestamp.isoformat() if message.timestamp else None,
            "sender": message.sender,
            "line": message.line,
            **result.to_dict(),
        }
        entry = (severity, -self.read, record)
        if len(self._worst) < WORST_KEPT:
            heapq.heappush(self._worst, entry)
        else:
            heapq.heappushpop(self._worst, entry)

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data (the shape ``report_html.render_html`` draws)."""
        return {
            "period": {
                "first": self.first.isoformat() if self.first else None,
                "last": self.last.isoformat() if self.last else None,
            },
            "accounting": {
                "read": self.read,
                "scored": self.scored,
                "skipped": dict(sorted(self.skipped.items())),
                "unparsed_lines": self.issue_count,
                "unparsed": self.issues,
            },
            "senders": {name: self._sender_dict(stats) for name, stats in self._senders_by_size()},
            "weeks": [self._week_dict(week) for week in sorted(self.weeks)],
            "worst": [record for _, _, record in sorted(self._worst, key=lambda e: (-e[0], -e[1]))],
        }

    def _senders_by_size(self) -> list[tuple[str, _SenderStats]]:
        return sorted(self.senders.items(), key=lambda item: (-item[1].messages, item[0]))

    def _sender_dict(self, stats: _SenderStats) -> dict[str, Any]:
        positive = sum(stats.labels[label] for label in POSITIVE)
        negative = sum(stats.labels[label] for label in NEGATIVE)
        return {
            "messages": stats.messages,
            "scored": stats.scored,
            "labels": {
                label: {"count": stats.labels[label], "rate": _rate(stats.labels[label], stats.scored)}
                for label in self.labels
            },
            "none": stats.none,
            "positive": positive,
            "negative": negative,
            "ratio": round(positive / negative, 2) if negative else None,
            "top_cues": [[word, count] for word, count in stats.cues.most_common(TOP_CUES)],
        }

    def _week_dict(self, week: str) -> dict[str, Any]:
        senders = self.weeks[week]
        return {
            "week": week,
            "start": _week_start(week),
            "senders": {
                name: {
                    "scored": counts["scored"],
                    "rates": {label: _rate(counts[label], counts["scored"]) for label in self.labels},
                }
                for name, counts in sorted(senders.items())
            },
        }


def _outermost_cue_words(result: ToneResult) -> set[str]:
    """Cue words behind the message's labels, once each; "thank" inside "thank you" is not counted."""
    return {cue.text.lower() for label in result.labels for cue in result.cues_for(label, outermost=True)}


def _rate(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def _week_of(timestamp: datetime) -> str:
    """ISO week label, e.g. ``2024-W01``.

    >>> _week_of(datetime(2024, 1, 5))
    '2024-W01'
    """
    year, week, _ = timestamp.isocalendar()
    return f"{year}-W{week:02d}"


def _week_start(label: str) -> str:
    """The Monday a week label starts on.

    >>> _week_start("2024-W01")
    '2024-01-01'
    """
    year, week = label.split("-W")
    monday = datetime.fromisocalendar(int(year), int(week), 1)
    return (monday + timedelta(0)).date().isoformat()

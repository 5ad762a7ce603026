"""Analysis summaries for the HTML report tests: the example from the brief and its edge cases.

Each builder returns a fresh dict, so a test can change it freely.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

EXAMPLE = Path(__file__).parent / "data" / "summary_example.json"
HOSTILE = "Sam <script>alert(1)</script>"

#: names that test right-to-left text, emoji, quotes in attributes and very long names.
NAMES = [
    "Ana",
    HOSTILE,
    "سارة",
    "דנה",
    "Mum 💕",
    'Eve" onmouseover="alert(2)',
    "Bartholomew-Maximilian von Longname-Hyphenated the Third",
    "Jo",
    "Kim",
    "Lee",
    "Max",
    "Noa",
]


def example() -> dict[str, Any]:
    """The summary example from the brief (hostile sender name and message text included)."""
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def sender(
    messages: int, negative: int, positive: int, cues: list[list[Any]] | None = None
) -> dict[str, Any]:
    """A sender's totals with plausible label counts (criticism/contempt, support/need split 2:1)."""
    scored = messages - messages // 20
    counts = {
        "criticism": negative - negative // 3,
        "contempt": negative // 3,
        "support": positive - positive // 3,
        "need": positive // 3,
    }
    return {
        "messages": messages,
        "scored": scored,
        "labels": {
            k: {"count": v, "rate": round(v / scored, 3) if scored else 0.0} for k, v in counts.items()
        },
        "none": scored - negative - positive,
        "positive": positive,
        "negative": negative,
        "ratio": round(positive / negative, 2) if negative else None,
        "top_cues": cues if cues is not None else [["thanks", 9], ["never", 4]],
    }


def many_senders(n: int = 12) -> dict[str, Any]:
    """A group chat: ``n`` senders (RTL and emoji names among them), some absent in some weeks."""
    summary = example()
    summary["senders"] = {
        NAMES[i]: sender(400 - 30 * i, 10 + 3 * i, 60 - 4 * i, [[f"cue {i}", 5], ["🙏", 3]]) for i in range(n)
    }
    summary["weeks"] = [
        {
            "week": f"2024-W{w:02d}",
            "start": date.fromisocalendar(2024, w, 1).isoformat(),
            "senders": {
                NAMES[i]: {
                    "scored": 10 + i,
                    "rates": {
                        "criticism": 0.02 * (i % 4),
                        "contempt": 0.01 * (w % 3),
                        "support": 0.2,
                        "need": 0.1,
                    },
                }
                for i in range(n)
                if (w + i) % 4  # each sender misses some weeks
            },
        }
        for w in (1, 2, 3, 5, 6, 9, 10, 11)
    ]
    return summary


def one_sender() -> dict[str, Any]:
    summary = example()
    summary["senders"] = {"Ana": summary["senders"]["Ana"]}
    for week in summary["weeks"]:
        week["senders"].pop(HOSTILE, None)
    summary["worst"] = [w for w in summary["worst"] if w["sender"] == "Ana"]
    return summary


def no_weeks() -> dict[str, Any]:
    """An export without timestamps: no period and no weeks."""
    summary = example()
    summary["weeks"] = []
    summary.pop("period")
    for item in summary["worst"]:
        item.pop("timestamp")
    return summary


def zero_scored() -> dict[str, Any]:
    """Every message skipped: nothing scored, no label counts, nothing to rank."""
    summary = example()
    summary["accounting"].update(read=5, scored=0, skipped={"media": 5}, unparsed_lines=0, unparsed=[])
    summary["senders"] = {
        "Ana": {
            "messages": 5,
            "scored": 0,
            "labels": {},
            "none": 0,
            "positive": 0,
            "negative": 0,
            "ratio": None,
        }
    }
    summary["weeks"] = []
    summary["worst"] = []
    return summary


def no_senders() -> dict[str, Any]:
    """An empty export."""
    summary = zero_scored()
    summary["accounting"].update(read=0, skipped={})
    summary["senders"] = {}
    return summary


def no_negatives() -> dict[str, Any]:
    """A sender with positive messages and no negative ones: ``ratio`` is null."""
    summary = example()
    summary["senders"]["Ana"].update(negative=0, ratio=None)
    summary["senders"]["Ana"]["labels"]["criticism"] = {"count": 0, "rate": 0.0}
    summary["senders"]["Ana"]["labels"]["contempt"] = {"count": 0, "rate": 0.0}
    return summary


def long_text() -> dict[str, Any]:
    """A very long message with a cue near its end, and RTL and emoji messages."""
    summary = example()
    text = "word " * 2000 + "you never listen"
    start = text.index("never")
    summary["worst"].append(
        {
            "timestamp": "2024-03-02T10:00:00",
            "sender": "Ana",
            "text": text,
            "labels": ["criticism"],
            "scores": {"criticism": 0.7, "contempt": 0.1, "support": 0.0, "need": 0.0},
            "cues": [{"text": "never", "start": start, "end": start + 5, "category": "ABSOLUTE"}],
        }
    )
    summary["worst"].append(
        {
            "timestamp": "2024-03-03T10:00:00",
            "sender": "سارة",
            "text": "أنت دائما تتأخر 😤",
            "labels": ["criticism"],
            "scores": {"criticism": 0.6},
            "cues": [{"text": "دائما", "start": 4, "end": 9, "category": "ABSOLUTE"}],
        }
    )
    return summary


def unparsed_many() -> dict[str, Any]:
    """35 unparsed lines, of which the summary lists them all: only the first 20 are shown."""
    summary = example()
    summary["accounting"]["unparsed_lines"] = 35
    summary["accounting"]["unparsed"] = [
        {"line": 100 + i, "reason": "no message header", "raw": f"stray line {i}"} for i in range(35)
    ]
    return summary


def unbalanced() -> dict[str, Any]:
    """Accounting that doesn't add up: the report must say so, not claim nothing was lost."""
    summary = example()
    summary["accounting"]["read"] = 1210
    return summary


def mangled() -> dict[str, Any]:
    """Fields of the wrong type or missing: the report still renders."""
    summary = copy.deepcopy(example())
    summary["accounting"] = {"read": "lots", "skipped": None}
    summary["senders"]["Ana"]["labels"] = None
    summary["senders"]["Ana"]["ratio"] = "n/a"
    summary["senders"]["Ana"]["top_cues"] = [["ok"], None, ["fine", "x"]]
    summary["weeks"].append({"week": "not a week", "senders": {"Ana": {"scored": "x"}}})
    summary["worst"][0]["cues"].append({"text": "zzz", "start": 500, "end": 900})
    summary["worst"].append("not a message")
    summary["model"] = None
    return summary


EDGE_CASES = {
    "example": example,
    "one sender": one_sender,
    "many senders": many_senders,
    "no weeks": no_weeks,
    "zero scored": zero_scored,
    "no senders": no_senders,
    "no negatives": no_negatives,
    "long text, RTL and emoji": long_text,
    "35 unparsed lines": unparsed_many,
    "accounting that doesn't add up": unbalanced,
    "mangled fields": mangled,
}

"""Result records shared by the API (which makes them) and the reports (which render them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tone.explain import Explanation
from tone.io.labelfile import LabelDecision
from tone.io.records import Message

#: why a message read from a file was not scored: it holds nothing but white space.
EMPTY_MESSAGE = "empty message"


@dataclass(frozen=True, slots=True)
class CueHit:
    """A cue span in the message and the tones its category is evidence for."""

    start: int
    end: int
    text: str
    category: str
    tones: tuple[str, ...]


@dataclass(frozen=True)
class ToneResult:
    """The tones of one message, its per-label probabilities and the cues that fired."""

    text: str
    labels: tuple[str, ...]
    scores: dict[str, float]
    cues: tuple[CueHit, ...] = ()
    explanations: tuple[Explanation, ...] = ()

    def explanation(self, label: str) -> Explanation | None:
        """The evidence for ``label``, when explanations were asked for and the label fired."""
        return next((e for e in self.explanations if e.label == label), None)

    def cues_for(self, label: str, *, outermost: bool = False) -> tuple[CueHit, ...]:
        """Cues whose category is evidence for ``label``.

        With ``outermost``, a cue lying inside a longer one ("never" in "you never") is left
        out, so each phrase is shown or counted once.
        """
        cues = tuple(cue for cue in self.cues if label in cue.tones)
        return _outermost(cues) if outermost else cues

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "labels": list(self.labels),
            "scores": {label: round(p, 4) for label, p in self.scores.items()},
            "cues": [
                {
                    "text": c.text,
                    "start": c.start,
                    "end": c.end,
                    "category": c.category,
                    "tones": list(c.tones),
                }
                for c in self.cues
            ],
            **({"explanations": [e.to_dict() for e in self.explanations]} if self.explanations else {}),
        }


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``original[start:end]`` with ``replacement`` (offsets in the original message)."""

    start: int
    end: int
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True)
class Suggestion:
    """A rewrite of a message and the edits that produce it from the original.

    ``approach`` names how it was written: ``feeling`` (feeling + situation + request),
    ``request`` (just the request) or ``i-statement``.
    """

    text: str
    edits: tuple[Edit, ...]
    approach: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "edits": [e.to_dict() for e in self.edits]}


@dataclass(frozen=True)
class Rephrased:
    """A message, its labels and the suggested rewrites (none when it reads fine)."""

    result: ToneResult
    suggestions: tuple[Suggestion, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.result.text,
            "labels": list(self.result.labels),
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


@dataclass(frozen=True)
class ScoredInput:
    """A message read from a file: scored, or skipped with the reason."""

    source: str
    line: int
    text: str
    result: ToneResult | None
    skipped: str | None = None
    #: rewrites offered for a flagged message, when they were asked for.
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(frozen=True)
class AnalyzedMessage:
    """A message of a chat export with its scores, or the reason it was not scored."""

    message: Message
    result: ToneResult | None
    skipped: str | None = None

    def to_dict(self, labels: tuple[str, ...] | list[str]) -> dict[str, Any]:
        """The ``messages.jsonl`` record: one per message of the export, scored or not."""
        m = self.message
        record: dict[str, Any] = {
            "line": m.line,
            "timestamp": m.timestamp.isoformat() if m.timestamp else None,
            "sender": m.sender,
            "text": m.text,
            "kind": m.kind,
            "labels": list(self.result.labels) if self.result else [],
            "scores": {label: round(self.result.scores[label], 4) for label in labels}
            if self.result
            else None,
        }
        if self.skipped and self.skipped != m.kind:
            record["skipped"] = self.skipped
        if m.edited:
            record["edited"] = True
        if m.reply_to:
            record["reply_to"] = m.reply_to
        if self.result and self.result.cues:
            fired = set(self.result.labels)
            record["cues"] = [c.text for c in self.result.cues if not fired.isdisjoint(c.tones)]
        return record


@dataclass(frozen=True, slots=True)
class LabelProgress:
    """How far labelling has got: decisions in the output file and messages still to see.

    >>> str(LabelProgress(12, 3, 140))
    '12 labelled, 3 skipped, 140 left'
    """

    labelled: int
    skipped: int
    left: int

    def __str__(self) -> str:
        return f"{self.labelled} labelled, {self.skipped} skipped, {self.left} left"


@dataclass(frozen=True, slots=True)
class LabelChoice:
    """A label as the annotator sees it: its key, the model's view of it and whether it is on.

    ``probability`` and ``threshold`` are ``None`` for a label the model does not know yet.
    """

    key: str
    label: str
    selected: bool
    probability: float | None = None
    threshold: float | None = None


@dataclass(frozen=True, slots=True)
class LabelCard:
    """The message being labelled, its label choices and the progress so far."""

    text: str
    source: str
    choices: tuple[LabelChoice, ...]
    progress: LabelProgress


@dataclass(frozen=True, slots=True)
class KeyOutcome:
    """What a key press did: ``action`` is toggle, accept, skip, undo, quit, empty-undo or unknown."""

    key: str
    action: str
    label: str | None = None
    decision: LabelDecision | None = None


@dataclass(frozen=True, slots=True)
class LabelSummary:
    """The closing tally of a labelling session."""

    out: str
    labelled: int
    skipped: int
    undone: int
    progress: LabelProgress


def _outermost(cues: tuple[CueHit, ...]) -> tuple[CueHit, ...]:
    """Cues not strictly inside another cue of the same tuple."""

    def inside(inner: CueHit, outer: CueHit) -> bool:
        return (
            outer.start <= inner.start
            and inner.end <= outer.end
            and outer.end - outer.start > inner.end - inner.start
        )

    return tuple(c for c in cues if not any(inside(c, o) for o in cues))

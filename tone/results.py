"""Result records shared by the API (which makes them) and the reports (which render them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tone.explain import Explanation


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

    def cues_for(self, label: str) -> tuple[CueHit, ...]:
        """Cues whose category is evidence for ``label``."""
        return tuple(cue for cue in self.cues if label in cue.tones)

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


@dataclass(frozen=True)
class ScoredInput:
    """A message read from a file: scored, or skipped with the reason."""

    source: str
    line: int
    text: str
    result: ToneResult | None
    skipped: str | None = None

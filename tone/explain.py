"""Why a message got its labels: the words that carried each one, with character offsets.

For a linear model the log-odds of a label is a sum of per-feature contributions
(coefficient × feature value). Each contribution is traced back to the tokens that produced
the feature — a word n-gram to its tokens, a character n-gram to the words it occurs in, a
cue count to the cue's span — so evidence can be shown as highlighted words. Cue spans whose
category supports the label are kept as evidence units of their own, so "you never" is shown
as one phrase rather than two words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tone.model import ToneModel
from tone.nlp import Annotated

MAX_SPANS = 6
#: spans weaker than this share of the strongest span are not shown.
MIN_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the original text and how much it pushed a label up (log-odds)."""

    start: int
    end: int
    text: str
    weight: float
    cue: str | None = None


@dataclass(frozen=True)
class Explanation:
    """The evidence for one label of one message."""

    label: str
    probability: float
    spans: tuple[Evidence, ...]
    features: tuple[tuple[str, float], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "probability": round(self.probability, 4),
            "spans": [
                {"start": e.start, "end": e.end, "text": e.text, "weight": round(e.weight, 4), "cue": e.cue}
                for e in self.spans
            ],
            "features": [[name, round(value, 4)] for name, value in self.features],
        }


def label_coefficients(model: ToneModel) -> np.ndarray:
    """One row of feature weights per label, for the linear classifiers tone builds."""
    rows = []
    for estimator in model.pipeline.named_steps["classify"].estimators_:
        if hasattr(estimator, "coef_"):
            rows.append(np.ravel(estimator.coef_))
        elif hasattr(estimator, "calibrated_classifiers_"):
            rows.append(
                np.mean([np.ravel(c.estimator.coef_) for c in estimator.calibrated_classifiers_], axis=0)
            )
        elif hasattr(estimator, "feature_log_prob_"):
            log_prob = estimator.feature_log_prob_
            rows.append(log_prob[1] - log_prob[0])
        else:
            rows.append(np.zeros(len(model.feature_names())))
    return np.vstack(rows)


class Explainer:
    """Explains a model's decisions; build once per model, reuse for many messages."""

    def __init__(self, model: ToneModel, cue_tones: Mapping[str, Sequence[str]]):
        self.model = model
        self.cue_tones = cue_tones
        self.coef = label_coefficients(model)
        self.names = model.feature_names()

    def _block(self, k: int) -> list[str]:
        """``[block, gram]`` of feature ``k``, e.g. ``["words", "you never"]``.

        Split on demand: splitting all ~55k names up front took 0.08 s of every first
        explanation (and so of a single ``tone score``), for the few features a message has.
        """
        return str(self.names[k]).split("__", 1)

    def explain(
        self, text: str, doc: Annotated, row: Any, labels: Sequence[str], proba: Sequence[float]
    ) -> tuple[Explanation, ...]:
        """Explanations for ``labels`` of one message (``row``: its 1×n feature matrix).

        Span texts are cut from ``text``, the user's original message: the annotated text is
        normalised (same length, straight quotes), and users should see their own words.
        """
        row = row.tocsr()
        explanations = []
        for label in labels:
            j = self.model.labels.index(label)
            contributions = {
                int(k): float(v) * self.coef[j, int(k)] for k, v in zip(row.indices, row.data, strict=True)
            }
            token_weights = self._token_weights(doc, contributions)
            spans = self._evidence(text, doc, token_weights, label)
            top = sorted(contributions.items(), key=lambda kv: -kv[1])[:8]
            features = tuple((":".join(self._block(k)), c) for k, c in top if c > 0)
            explanations.append(Explanation(label, float(proba[j]), spans, features))
        return tuple(explanations)

    def _token_weights(self, doc: Annotated, contributions: Mapping[int, float]) -> np.ndarray:
        weights = np.zeros(len(doc.tokens))
        lowered = doc.text.lower()
        for k, value in contributions.items():
            block, gram = self._block(k)
            if block == "words":
                positions = _ngram_token_positions(doc.tokens, gram.split(" "))
            elif block == "chars":
                positions = _char_gram_token_positions(lowered, doc.offsets, gram.strip())
            elif block == "cues":
                category = gram.removeprefix("cue=")
                positions = [
                    i
                    for cue in doc.cues
                    if cue.category == category
                    for i in _tokens_in(doc.offsets, cue.start, cue.end)
                ]
            else:
                continue
            if positions:
                weights[positions] += value / len(positions)
        return weights

    def _evidence(self, text: str, doc: Annotated, weights: np.ndarray, label: str) -> tuple[Evidence, ...]:
        used: set[int] = set()
        candidates: list[Evidence] = []
        for cue in doc.cues:
            if label not in self.cue_tones.get(cue.category, ()):
                continue
            tokens = _tokens_in(doc.offsets, cue.start, cue.end)
            weight = float(weights[tokens].sum()) if tokens else 0.0
            if weight > 0:
                candidates.append(
                    Evidence(cue.start, cue.end, text[cue.start : cue.end], weight, cue.category)
                )
                used.update(tokens)
        floor = MIN_SHARE * float(weights.max(initial=0.0))
        for start_token, end_token in _positive_runs(weights, used, floor):
            start, end = doc.offsets[start_token][0], doc.offsets[end_token - 1][1]
            candidates.append(
                Evidence(start, end, text[start:end], float(weights[start_token:end_token].sum()))
            )
        if not candidates:
            return ()
        strongest = max(e.weight for e in candidates)
        kept = [e for e in candidates if e.weight >= MIN_SHARE * strongest]
        return tuple(_drop_overlaps(sorted(kept, key=lambda e: -e.weight))[:MAX_SPANS])


def _ngram_token_positions(tokens: Sequence[str], gram: Sequence[str]) -> list[int]:
    n = len(gram)
    return [
        i + k for i in range(len(tokens) - n + 1) if list(tokens[i : i + n]) == list(gram) for k in range(n)
    ]


def _char_gram_token_positions(lowered: str, offsets: Sequence[tuple[int, int]], core: str) -> list[int]:
    if not core:
        return []
    positions = []
    start = lowered.find(core)
    while start != -1:
        positions.extend(_tokens_in(offsets, start, start + len(core)))
        start = lowered.find(core, start + 1)
    return positions


def _tokens_in(offsets: Sequence[tuple[int, int]], start: int, end: int) -> list[int]:
    return [i for i, (a, b) in enumerate(offsets) if a < end and b > start]


def _positive_runs(weights: np.ndarray, used: set[int], floor: float) -> list[tuple[int, int]]:
    """Maximal runs of adjacent tokens that push the label up clearly and are not in a cue span."""
    runs, start = [], None
    for i, weight in enumerate([*weights, -1.0]):
        inside = weight > max(floor, 0.0) and i not in used
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _drop_overlaps(spans: list[Evidence]) -> list[Evidence]:
    kept: list[Evidence] = []
    for span in spans:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return kept

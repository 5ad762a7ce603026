"""A batch's scores as a few arrays: what a scoring worker sends back, and how results are made.

Workers used to send one pickled :class:`~tone.results.ToneResult` per message: its text
(which the main process already has), a ``dict`` of scores and a tuple of cue records.
Building, pickling and unpickling those took ~13 µs of CPU per message, as much as the
whole word TF-IDF. A :class:`ScoredBatch` holds the same facts in four arrays (the
probabilities, which labels fired as a bitmask, the cue spans and the cue count per
message), so it crosses the pipe as a few buffers; :meth:`ScoredBatch.results` makes the
records where they are read. Serial scoring goes through the same two steps, so serial and
parallel results are equal by construction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

import numpy as np

from tone.explain import Explanation
from tone.io.inputs import InputText
from tone.nlp import Annotated
from tone.results import EMPTY_MESSAGE, CueHit, ScoredInput, ToneResult


@dataclass(frozen=True, slots=True)
class ScoredBatch:
    """The scores of a batch of messages, in message order.

    ``fired[i, j]`` says whether label ``j`` reached its threshold for message ``i``;
    ``cue_spans`` holds ``(start, end, category index)`` for every cue of every message,
    message after message, ``cue_counts`` how many belong to each message.
    """

    proba: np.ndarray
    fired: np.ndarray
    cue_counts: np.ndarray
    cue_spans: np.ndarray
    categories: tuple[str, ...]
    explanations: tuple[tuple[Explanation, ...], ...] | None = None

    @classmethod
    def build(
        cls,
        annotated: Sequence[Annotated],
        proba: np.ndarray,
        hits: np.ndarray,
        explanations: Sequence[tuple[Explanation, ...]] | None = None,
    ) -> ScoredBatch:
        """Pack one batch: ``hits`` is ``proba >= thresholds`` (one row of booleans per message)."""
        index: dict[str, int] = {}
        spans: list[tuple[int, int, int]] = []
        for doc in annotated:
            for cue in doc.cues:
                category = index.get(cue.category)
                if category is None:
                    category = index[cue.category] = len(index)
                spans.append((cue.start, cue.end, category))
        counts = np.fromiter((len(doc.cues) for doc in annotated), dtype=np.int32, count=len(annotated))
        return cls(
            proba,
            hits,
            counts,
            np.array(spans, dtype=np.int32).reshape(-1, 3),
            tuple(index),
            tuple(explanations) if explanations is not None else None,
        )

    def results(
        self, texts: Sequence[str], labels: Sequence[str], tones: Mapping[str, tuple[str, ...]]
    ) -> list[ToneResult]:
        """One :class:`~tone.results.ToneResult` per text (the texts this batch scored, in order)."""
        fired = fired_labels(self.fired, tuple(labels))
        hits = self._hits(texts, tones)
        explanations = self.explanations or ((),) * len(texts)
        return [
            ToneResult(text, chosen, dict(zip(labels, row, strict=True)), cues, why)
            for text, chosen, row, cues, why in zip(
                texts, fired, self.proba.tolist(), hits, explanations, strict=True
            )
        ]

    def _hits(self, texts: Sequence[str], tones: Mapping[str, tuple[str, ...]]) -> list[tuple[CueHit, ...]]:
        """Each message's cues as users see them, cut from the original text."""
        category_tones = [(name, tones.get(name, ())) for name in self.categories]
        spans = iter(self.cue_spans.tolist())
        hits: list[tuple[CueHit, ...]] = []
        for text, count in zip(texts, self.cue_counts.tolist(), strict=True):
            if not count:
                hits.append(())
                continue
            cues = []
            for start, end, category in (next(spans) for _ in range(count)):
                name, tones_ = category_tones[category]
                cues.append(CueHit(start, end, text[start:end], name, tones_))
            hits.append(tuple(cues))
        return hits


@dataclass(frozen=True, slots=True)
class ScoredInputBatch:
    """A batch of messages read from a file and the scores of its non-empty ones.

    What ``tone score --input`` writes, kept as arrays so that JSONL lines and CSV rows can
    be formatted straight from them (:mod:`tone.report_lines`) without a record per message;
    :meth:`scored_inputs` gives the records for everything else.
    """

    items: list[InputText]
    #: the texts of the non-empty items, in order: the rows of ``scored``.
    texts: list[str]
    scored: ScoredBatch | None
    labels: tuple[str, ...]
    tones: Mapping[str, tuple[str, ...]]

    def scored_inputs(self) -> list[ScoredInput]:
        """One record per item: empty messages skipped, the others with their result."""
        results = iter(self.scored.results(self.texts, self.labels, self.tones) if self.scored else ())
        return [
            ScoredInput(item.source, item.line, item.text, next(results))
            if item.text.strip()
            else ScoredInput(item.source, item.line, item.text, None, EMPTY_MESSAGE)
            for item in self.items
        ]


def fired_labels(fired: np.ndarray, labels: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Each row's labels, in label order (a row of booleans → the labels that are true).

    Rows are read as bitmasks, and each distinct set of labels is one shared tuple.

    >>> fired_labels(np.array([[True, False], [True, True], [False, False]]), ("a", "b"))
    [('a',), ('a', 'b'), ()]
    """
    if len(labels) > _MAX_MASKED_LABELS:
        return [tuple(compress(labels, row)) for row in fired.tolist()]
    masks = fired.astype(np.int64) @ (1 << np.arange(len(labels), dtype=np.int64))
    return list(map(_label_sets(labels).__getitem__, masks.tolist()))


#: up to this many labels, every set of them is tabulated (4,096 tuples at most).
_MAX_MASKED_LABELS = 12


@lru_cache(maxsize=8)
def _label_sets(labels: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The labels each bitmask stands for: bit ``j`` is ``labels[j]``."""
    return [
        tuple(label for j, label in enumerate(labels) if mask >> j & 1) for mask in range(1 << len(labels))
    ]

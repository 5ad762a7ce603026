"""A batch's scores packed into arrays give the records built straight from the annotations."""

import pickle

import numpy as np

from tone.analyzer import Analyzer
from tone.results import CueHit, ToneResult
from tone.scored_batch import ScoredBatch, fired_labels

TEXTS = [
    "You never listen to me, you always do this",
    "ok",
    "thanks so much, I'm proud of you ❤️",
    "I need you to call me back please",
    "you're such a clown 🙄 whatever",
    "see you at 6",
]


def _records_from_annotations(analyzer: Analyzer, texts: list[str]) -> list[ToneResult]:
    """The records as scoring built them before arrays: one per message, from its annotation."""
    model = analyzer.model
    annotated = model.annotate(texts)
    proba = model.proba_from_features(model.features(annotated))
    tones = analyzer._cue_tones
    return [
        ToneResult(
            text,
            chosen,
            dict(zip(model.labels, row, strict=True)),
            tuple(
                CueHit(c.start, c.end, text[c.start : c.end], c.category, tones.get(c.category, ()))
                for c in doc.cues
            ),
        )
        for text, doc, row, chosen in zip(texts, annotated, proba.tolist(), model.decide(proba), strict=True)
    ]


def test_arrays_give_the_records_built_from_annotations(tiny_model):
    analyzer = Analyzer(tiny_model, n_jobs=1)
    expected = _records_from_annotations(analyzer, TEXTS)
    assert any(r.cues for r in expected) and any(r.labels for r in expected), "nothing to compare"
    assert analyzer._results(TEXTS, analyzer._scored(TEXTS, explain=False)) == expected


def test_a_pickled_batch_gives_the_same_records(tiny_model):
    analyzer = Analyzer(tiny_model, n_jobs=1)
    scored, _ = analyzer._score_arrays(TEXTS)
    copy = pickle.loads(pickle.dumps(scored))
    assert analyzer._results(TEXTS, copy) == analyzer._results(TEXTS, scored)


def test_explanations_travel_with_the_batch(tiny_model):
    analyzer = Analyzer(tiny_model, n_jobs=1)
    results = analyzer._results(TEXTS, analyzer._scored(TEXTS, explain=True))
    assert [bool(r.explanations) for r in results] == [bool(r.labels) for r in results]


def test_empty_batch_packs_to_empty_arrays():
    scored = ScoredBatch.build([], np.zeros((0, 2)), np.zeros((0, 2), dtype=bool))
    assert scored.results([], ("a", "b"), {}) == []


def test_fired_labels_with_many_labels_keeps_label_order():
    labels = tuple(f"l{j}" for j in range(20))
    fired = np.zeros((2, 20), dtype=bool)
    fired[0, [3, 17]] = True
    assert fired_labels(fired, labels) == [("l3", "l17"), ()]

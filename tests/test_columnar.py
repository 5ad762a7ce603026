"""The columnar route gives the per-message path's feature matrix and cues, byte for byte."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from tests.test_chunks import ADVERSARIAL
from tone.nlp import annotate_with_docs, get_nlp
from tone.scored_batch import ScoredBatch

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def model():
    from tone.model import load_model

    return load_model()


def _fresh_columnar(model):
    from tone.columnar import ColumnarFeatures

    union = model.pipeline.named_steps["features"]
    return ColumnarFeatures.for_pipeline(model.pipeline, model._feature_routes(union))


def _assert_same_as_reference(model, columnar, texts: list[str]) -> None:
    rules = model.pipeline.named_steps["annotate"].rules_
    reference = list(annotate_with_docs(texts, rules))
    expected_X = model.pipeline.named_steps["features"].transform(reference)
    empty = np.zeros((len(texts), 0))
    expected = ScoredBatch.build(reference, empty, empty)
    found = columnar.transform(texts)
    for part in ("indptr", "indices", "data"):
        a, b = getattr(expected_X, part), getattr(found.X, part)
        assert (a.dtype, a.tobytes()) == (b.dtype, b.tobytes()), part
    assert found.X.shape == expected_X.shape
    for part in ("cue_counts", "cue_spans"):
        a, b = getattr(expected, part), getattr(found, part)
        assert (a.dtype, a.shape, a.tobytes()) == (b.dtype, b.shape, b.tobytes()), part
    assert found.categories == expected.categories


def test_the_shipped_model_has_a_columnar_route(model):
    assert model.columnar() is not None


def test_adversarial_text_gives_the_reference_features_and_cues(model):
    # multiple spaces, tabs, line breaks, emoji, URLs, contractions, empty and whitespace-only
    # text, special cases cut by spaces, a 5,000-character message
    texts = [*ADVERSARIAL, "( :)x", "you never :)", "", "  ", "you  never\tever", "x" * 5000]
    _assert_same_as_reference(model, _fresh_columnar(model), texts)


def test_the_test_data_gives_the_reference_features_and_cues_batch_after_batch(model):
    texts = [
        json.loads(line)["text"]
        for path in sorted(DATA.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    columnar = _fresh_columnar(model)
    for first in range(0, len(texts), 200):  # later batches read units learnt by earlier ones
        _assert_same_as_reference(model, columnar, texts[first : first + 200])


def test_special_cases_cut_by_a_space_give_the_reference(model):
    rng = random.Random(5)
    cases = [rule for rule in get_nlp().tokenizer.rules if len(rule) >= 2]
    texts = []
    for _ in range(500):
        parts = []
        for _ in range(rng.randint(1, 4)):
            rule = rng.choice(cases)
            cut = rng.randint(1, len(rule) - 1)
            parts += [rule[:cut], rng.choice([" ", "", "  ", "\n"]), rule[cut:], rng.choice([" ", "", "x "])]
        texts.append("you never " + "".join(parts))
    columnar = _fresh_columnar(model)
    _assert_same_as_reference(model, columnar, texts)
    assert any(text.count(" ") for text in columnar.table.index), "no message was tokenized whole"


def test_tables_emptied_between_batches_give_the_same_features(model):
    columnar = _fresh_columnar(model)
    columnar.table.MAX_UNITS = 60
    columnar.table.MAX_FORMS = 80
    emptied = []
    clear = columnar.table.clear
    columnar.table.clear = lambda: (emptied.append(len(columnar.table.index)), clear())[1]
    for round_ in range(3):
        texts = [
            f"{t} round{round_}"
            for t in [*ADVERSARIAL[:12], "you never listen", "( :)x", "u r always late :("]
        ]
        _assert_same_as_reference(model, columnar, texts)
        assert len(columnar.table.index) <= 60 + len(texts) + sum(len(t.split()) for t in texts)
    assert sum(n > 0 for n in emptied) >= 2, "the table was never emptied between batches"


def test_scores_through_the_columnar_route_equal_scores_from_annotations(model):
    from tone.analyzer import Analyzer

    analyzer = Analyzer(model, n_jobs=1)
    texts = [*ADVERSARIAL, "You never listen to me", "thanks so much, you're the best"]
    texts = [text for text in texts if text.strip()]
    expected = analyzer._score_arrays(texts)[0]
    found = analyzer._scored(texts, explain=False)
    assert found.proba.tobytes() == expected.proba.tobytes()
    assert found.fired.tobytes() == expected.fired.tobytes()
    assert found.results(texts, analyzer.labels, {}) == expected.results(texts, analyzer.labels, {})

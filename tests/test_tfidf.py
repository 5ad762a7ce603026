"""The scoring route for features gives scikit-learn's matrices to the bit, and the same scores."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from tests.test_chunks import ADVERSARIAL
from tone.features import WordNgrams
from tone.nlp import annotate
from tone.tfidf import WordTfidf, count_rows, l2_normalize_rows_in_order

DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    texts = [
        json.loads(line)["text"]
        for path in sorted(DATA.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line
    ]
    return texts + [t for t in ADVERSARIAL if t.strip()]


def _assert_identical(a, b) -> None:
    assert type(a) is type(b) and a.shape == b.shape
    for part in ("indptr", "indices", "data"):
        x, y = getattr(a, part), getattr(b, part)
        assert x.dtype == y.dtype, part
        assert x.tobytes() == y.tobytes(), part


@pytest.fixture(scope="module")
def shipped():
    from tone.model import load_model

    return load_model()


@pytest.mark.parametrize("which", ["tiny", "shipped"])
def test_scoring_features_and_probabilities_equal_the_fitted_pipeline(which, tiny_model, shipped):
    model = tiny_model if which == "tiny" else shipped
    annotated = model.annotate(_texts())
    union = model.pipeline.named_steps["features"]
    reference, fast = union.transform(annotated), model.features(annotated)
    _assert_identical(reference, fast)
    p_reference, p_fast = model.proba_from_features(reference), model.proba_from_features(fast)
    assert p_reference.tobytes() == p_fast.tobytes()


@pytest.mark.parametrize("keep_punct", [True, False])
@pytest.mark.parametrize("max_n", [1, 2, 3])
def test_word_tfidf_equals_tfidf_vectorizer(keep_punct, max_n, tiny_examples):
    train = list(annotate([e.text for e in tiny_examples], []))
    vectorizer = TfidfVectorizer(analyzer=WordNgrams(max_n, keep_punct), min_df=1, sublinear_tf=True)
    vectorizer.fit(train)
    docs = list(annotate(_texts(), []))
    assert WordTfidf.supports(vectorizer)
    _assert_identical(vectorizer.transform(docs), WordTfidf(vectorizer).transform(docs))


def test_settings_word_tfidf_does_not_reproduce_go_to_scikit_learn(tiny_examples):
    train = list(annotate([e.text for e in tiny_examples[:20]], []))
    for settings in ({"binary": True}, {"sublinear_tf": False}, {"norm": "l1"}):
        vectorizer = TfidfVectorizer(analyzer=WordNgrams(2), **{"sublinear_tf": True, **settings}).fit(train)
        assert not WordTfidf.supports(vectorizer)


def test_rows_are_counted_with_sorted_indices():
    indptr, indices, counts = count_rows(np.array([1, 1, 0, 1]), np.array([4, 2, 3, 4]), 3, 5)
    assert indptr.tolist() == [0, 1, 3, 3]
    assert indices.tolist() == [3, 2, 4]
    assert counts.tolist() == [1, 1, 2]


def test_row_norms_sum_squares_left_to_right_like_scikit_learn():
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    rng = np.random.default_rng(3)
    lengths = rng.integers(0, 300, size=200)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    data = rng.random(indptr[-1]) * 10
    indices = np.concatenate([np.sort(rng.choice(1000, n, replace=False)) for n in lengths])
    expected = normalize(sp.csr_matrix((data.copy(), indices, indptr), shape=(200, 1000)))
    l2_normalize_rows_in_order(data, indptr)
    assert data.tobytes() == expected.data.tobytes()


@pytest.mark.parametrize("n_rows, n_columns", [(7, 5), (50, 300_000), (3, 2**31)])
def test_count_rows_equals_counting_with_scipy(n_rows, n_columns):
    import scipy.sparse as sp

    rng = np.random.default_rng(n_rows)
    rows = np.sort(rng.integers(0, n_rows, 2000))
    rows[rows == 1] = 2  # an empty row in the middle
    columns = rng.integers(0, min(n_columns, 40), 2000) * (n_columns // 40 or 1)
    indptr, indices, counts = count_rows(rows, columns, n_rows, n_columns)
    expected = sp.coo_matrix(
        (np.ones(rows.size, dtype=np.int64), (rows, columns)), shape=(n_rows, n_columns)
    ).tocsr()
    expected.sum_duplicates()
    expected.sort_indices()
    assert indptr.tolist() == expected.indptr.tolist()
    assert indices.tolist() == expected.indices.tolist()
    assert counts.tolist() == expected.data.tolist()
    assert (indptr.dtype, indices.dtype, counts.dtype) == (np.int64, np.int64, np.int64)

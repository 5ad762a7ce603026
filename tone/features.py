"""scikit-learn transformers that turn messages into features.

The pipeline's first step, :class:`CueAnnotator`, runs spaCy once per message and hands
:class:`~tone.nlp.Annotated` records to every later step; training and scoring share this
one path, so the features a model was fitted on are exactly the features it scores with.

Every transformer follows the scikit-learn estimator contract (parameters stored as given
in ``__init__``, learned state ending in ``_``, ``get_feature_names_out`` for explanations)
and is a plain module-level class so fitted pipelines pickle without lambdas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from tone.feature_weights import CharTfidfWeights, CueCountWeights
from tone.nlp import BATCH_SIZE, Annotated, annotate, compile_rules, load_cue_patterns
from tone.tfidf import IdCache

_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "ya"})
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})


class CueAnnotator(TransformerMixin, BaseEstimator):
    """Raw texts → :class:`Annotated` (tokens and cue spans).

    ``fit`` copies the cue patterns into the model (``patterns_``) and compiles them
    (``rules_``), so a saved model keeps matching exactly the cues it was trained with even if
    the shipped lexicons change later, and loading it does not pay for compiling them again.
    """

    def __init__(self, patterns: Sequence[dict[str, Any]] | None = None, batch_size: int = BATCH_SIZE):
        self.patterns = patterns
        self.batch_size = batch_size

    def fit(self, X: Iterable[str], y: Any = None) -> CueAnnotator:
        self.patterns_ = list(self.patterns) if self.patterns is not None else load_cue_patterns()
        self.rules_ = compile_rules(self.patterns_)
        return self

    def transform(self, X: Iterable[str]) -> list[Annotated]:
        check_is_fitted(self, "rules_")
        return list(annotate(X, self.rules_, batch_size=self.batch_size))


_PLAIN_PUNCT = frozenset(".,;:-–—'\"()[]/…*_")


def _is_plain_punct(token: str) -> bool:
    """Full stops, commas and the like: how a writer punctuates, not what they say.

    ``?`` and ``!`` are kept: asking and exclaiming carry tone.
    """
    return all(c in _PLAIN_PUNCT for c in token)


class WordNgrams:
    """Analyzer for ``TfidfVectorizer``: word n-grams over the annotated tokens.

    >>> from tone.nlp import Annotated
    >>> WordNgrams(2)(Annotated("you never", ("you", "never"), ()))
    ['you', 'never', 'you never']
    """

    def __init__(self, max_n: int = 2, keep_punct: bool = True):
        self.max_n = max_n
        self.keep_punct = keep_punct

    def __call__(self, doc: Annotated) -> list[str]:
        tokens = doc.tokens if self.keep_punct else tuple(t for t in doc.tokens if not _is_plain_punct(t))
        grams = list(tokens)
        for n in range(2, self.max_n + 1):
            grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return grams


class CharNgrams(CharTfidfWeights, TransformerMixin, BaseEstimator):
    """TF-IDF over character n-grams within words, like ``TfidfVectorizer(analyzer="char_wb")``.

    Same features and weights as scikit-learn's (smooth idf, sublinear tf, l2 norm), but
    each distinct word's n-gram ids are computed once and cached: chat words repeat a lot,
    and scikit-learn's per-n-gram Python loop was the slowest step of scoring.
    """

    def __init__(
        self,
        ngram_range: tuple[int, int] = (2, 5),
        min_df: int = 2,
        max_features: int | None = 150_000,
        sublinear_tf: bool = True,
    ):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf

    def fit(self, X: Sequence[Annotated], y: Any = None) -> CharNgrams:
        document_frequency: dict[str, int] = {}
        for doc in X:
            for gram in {g for word in doc.text.lower().split() for g in self._grams(word)}:
                document_frequency[gram] = document_frequency.get(gram, 0) + 1
        kept = [(g, df) for g, df in document_frequency.items() if df >= self.min_df]
        if self.max_features is not None and len(kept) > self.max_features:
            kept = sorted(kept, key=lambda item: (-item[1], item[0]))[: self.max_features]
        kept.sort()
        self.vocabulary_ = {gram: i for i, (gram, _) in enumerate(kept)}
        n = len(X)
        self.idf_ = np.array([math.log((1 + n) / (1 + df)) + 1.0 for _, df in kept], dtype=np.float64)
        return self

    def transform(self, X: Sequence[Annotated]) -> sp.csr_matrix:
        # The whole batch at once: each distinct word's n-gram ids are computed once and kept
        # (:class:`~tone.tfidf.IdCache`), counted with one sort, then tf-idf elementwise. Only
        # the row norms stay per row, with np.dot as when the model was fitted: bit-for-bit
        # the same weights.
        check_is_fitted(self, "vocabulary_")
        cache = self.__dict__.get("_cache")
        if not isinstance(cache, IdCache):
            cache = self.__dict__["_cache"] = IdCache(self.word_ids)
        splits = [doc.text.lower().split() for doc in X]
        word_sizes, columns = cache.lookup(list(chain.from_iterable(splits)))
        words_per_doc = np.fromiter(map(len, splits), dtype=np.int64, count=len(splits))
        rows = np.repeat(np.repeat(np.arange(len(X)), words_per_doc), word_sizes)
        return self.weigh(rows, columns, len(X))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "vocabulary_")
        names = np.empty(len(self.vocabulary_), dtype=object)
        for gram, i in self.vocabulary_.items():
            names[i] = gram
        return names

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_cache", None)  # a cache, not a learned parameter: never pickled
        return state


class CueCounts(CueCountWeights, TransformerMixin, BaseEstimator):
    """Counts of each cue category in a message, log-scaled: ``cue=YOU_ABSOLUTE``."""

    def fit(self, X: Sequence[Annotated], y: Any = None) -> CueCounts:
        self.categories_ = sorted({cue.category for doc in X for cue in doc.cues})
        return self

    def transform(self, X: Sequence[Annotated]) -> sp.csr_matrix:
        check_is_fitted(self, "categories_")
        return self.count_categories([[cue.category for cue in doc.cues] for doc in X])

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "categories_")
        return np.asarray([f"cue={name}" for name in self.categories_], dtype=object)


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))


def _letter_counts(text: str) -> tuple[int, int]:
    """How many letters ``text`` has, and how many of them are upper case.

    ASCII text (most messages) is counted by deleting bytes, without a Python loop per
    character; for ASCII, ``str.isalpha``/``isupper`` are exactly A-Z and a-z.

    >>> _letter_counts("OK then, SEE YOU"), _letter_counts("ÉTÉ là")
    ((12, 8), (5, 3))
    """
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw) - len(raw.translate(None, _ASCII_LETTERS)), len(raw) - len(
            raw.translate(None, _ASCII_UPPER)
        )
    letters = [c for c in text if c.isalpha()]
    return len(letters), sum(c.isupper() for c in letters)


class SurfaceFeatures(TransformerMixin, BaseEstimator):
    """A few shape features that words miss: who the message is about, shouting, asking.

    Message length is deliberately not one of them: in any written corpus the messages with
    no tone skew short (logistics, "ok"), and a length feature taught the model that long
    opinions are contempt, which fired on 30 % of neutral comments from outside the project.
    """

    names = (
        "you_share",
        "i_share",
        "starts_with_you",
        "question",
        "exclamations",
        "caps_share",
    )

    def fit(self, X: Sequence[Annotated], y: Any = None) -> SurfaceFeatures:
        self.n_features_out_ = len(self.names)
        return self

    def transform(self, X: Sequence[Annotated]) -> sp.csr_matrix:
        check_is_fitted(self, "n_features_out_")
        return sp.csr_matrix(
            np.array([self._row(doc) for doc in X], dtype=np.float64).reshape(-1, len(self.names))
        )

    @staticmethod
    def _row(doc: Annotated) -> list[float]:
        tokens = doc.tokens
        n = max(len(tokens), 1)
        letters, upper = _letter_counts(doc.text)
        caps = upper / letters if letters >= 4 else 0.0
        return [
            sum(t in _SECOND_PERSON for t in tokens) / n,
            sum(t in _FIRST_PERSON for t in tokens) / n,
            float(bool(tokens) and tokens[0] in _SECOND_PERSON),
            float("?" in doc.text),
            min(doc.text.count("!"), 3) / 3,
            caps if caps > 0.6 else 0.0,
        ]

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray([f"shape={name}" for name in self.names], dtype=object)

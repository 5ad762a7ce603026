"""The weighing half of the character n-gram and cue-count blocks, free of scikit-learn.

:class:`~tone.features.CharNgrams` and :class:`~tone.features.CueCounts` are scikit-learn
transformers (importing scikit-learn costs ~0.55 s of a fresh process). Scoring only needs
how their fitted state turns n-gram ids and cue categories into weights, so that part lives
here, as mixins the transformers inherit: the score file of a model
(:mod:`tone.score_file`) rebuilds them from plain arrays, and both paths run the same code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from tone.tfidf import count_rows


class CharTfidfWeights:
    """Character n-gram ids of words and their TF-IDF rows, from ``vocabulary_`` and ``idf_``.

    Needs ``ngram_range``, ``sublinear_tf``, ``vocabulary_`` and ``idf_`` on the instance.
    """

    ngram_range: tuple[int, int]
    sublinear_tf: bool
    vocabulary_: dict[str, int]
    idf_: np.ndarray

    @classmethod
    def of_arrays(
        cls, ngram_range: tuple[int, int], sublinear_tf: bool, vocabulary: dict[str, int], idf: np.ndarray
    ) -> CharTfidfWeights:
        """A fitted instance from its state alone (what a score file holds)."""
        weights = cls()
        weights.ngram_range, weights.sublinear_tf = tuple(ngram_range), sublinear_tf  # type: ignore[assignment]
        weights.vocabulary_, weights.idf_ = vocabulary, idf
        return weights

    def _grams(self, word: str) -> list[str]:
        """The n-grams of one word, padded with spaces exactly as ``char_wb`` does."""
        padded = f" {word} "
        return list(map(padded.__getitem__, _gram_slices(len(padded), *self.ngram_range)))

    def word_ids(self, word: str) -> list[int]:
        """The vocabulary ids of one lower-cased word's n-grams, in :meth:`_grams` order."""
        return [i for i in map(self.vocabulary_.get, self._grams(word)) if i is not None]

    def weigh(self, rows: np.ndarray, columns: np.ndarray, n_rows: int) -> sp.csr_matrix:
        """The TF-IDF rows of ``n_rows`` messages from the ``(row, id)`` of every n-gram found.

        Shared by ``CharNgrams.transform`` and the columnar batches of :mod:`tone.columnar`,
        so both weigh the same counts with the same operations.
        """
        shape = (n_rows, len(self.vocabulary_))
        indptr, indices, counts = count_rows(rows, columns, *shape)
        if not counts.size:
            return sp.csr_matrix(shape, dtype=np.float64)
        data = counts.astype(np.float64)
        data = 1.0 + np.log(data) if self.sublinear_tf else data
        data *= self.idf_[indices]
        for start, end in zip(indptr[:-1].tolist(), indptr[1:].tolist(), strict=True):
            if end > start:
                row = data[start:end]
                row /= np.sqrt(np.dot(row, row))
        index_type = np.int32 if max(len(data), shape[1]) <= np.iinfo(np.int32).max else np.int64
        return sp.csr_matrix((data, indices.astype(index_type), indptr.astype(index_type)), shape=shape)


class CueCountWeights:
    """Log-scaled counts of each cue category of ``categories_`` in a message."""

    categories_: list[str]

    @classmethod
    def of_categories(cls, categories: Sequence[str]) -> CueCountWeights:
        """A fitted instance from its categories alone (what a score file holds)."""
        weights = cls()
        weights.categories_ = list(categories)
        return weights

    def count_categories(self, categories: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """The count rows from each message's cue categories, in the order of its cues.

        Shared with the columnar batches of :mod:`tone.columnar`. Within a row, columns stay
        in the order their categories first appear (scipy keeps it), as the matrices were built.
        """
        index = {name: i for i, name in enumerate(self.categories_)}
        rows, cols, values = [], [], []
        for row, names in enumerate(categories):
            if not names:  # most messages: nothing to count
                continue
            counts: dict[int, int] = {}
            for name in names:
                col = index.get(name)
                if col is not None:
                    counts[col] = counts.get(col, 0) + 1
            for col, count in counts.items():
                rows.append(row)
                cols.append(col)
                values.append(1.0 + math.log(count))
        shape = (len(categories), len(self.categories_))
        return sp.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)


def _gram_slices(size: int, low: int, high: int) -> list[slice]:
    """Where the ``low``..``high``-grams of a padded word of ``size`` characters are, in order.

    Shared by every word of that length (cached up to 64 characters): a new word's n-grams
    are then one ``map`` over the slices, half the time of slicing in nested loops, which a
    fresh worker pays for each of its ~30k new words.

    >>> _gram_slices(4, 2, 5)  # " ab " → " a", "ab", "b ", " ab", "ab ", " ab "
    [slice(0, 2, None), slice(1, 3, None), slice(2, 4, None), slice(0, 3, None), slice(1, 4, None), slice(0, 4, None)]
    """
    if size <= 64:
        return _cached_gram_slices(size, low, high)
    return _make_gram_slices(size, low, high)


def _make_gram_slices(size: int, low: int, high: int) -> list[slice]:
    slices: list[slice] = []
    for n in range(low, high + 1):
        slices.extend(slice(i, i + n) for i in range(max(size - n + 1, 1)))
        if size <= n:  # a short word counts once, as scikit-learn does
            break
    return slices


_cached_gram_slices = lru_cache(maxsize=256)(_make_gram_slices)

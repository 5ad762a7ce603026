"""TF-IDF rows built in bulk with numpy, equal to the bit to what the fitted transformers make.

Scoring spent ~25 µs per message in two loops over n-grams: scikit-learn's
``TfidfVectorizer.transform`` (a ``dict`` per message to count features, then a sparse matrix
to sort) and the character n-gram counting of :class:`~tone.features.CharNgrams`. Here the
feature ids of a whole batch are counted with one sort, and the weights are computed with
the same floating-point operations in the same order, so every feature value, and so every
probability, is identical (``tests/test_tfidf.py``, ``scripts/check_identical.py``).

:class:`WordTfidf` is a route for *scoring* with a fitted ``TfidfVectorizer`` whose analyzer is
:class:`~tone.features.WordNgrams`; fitting, and so the saved model, stays scikit-learn's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

import numpy as np
import scipy.sparse as sp


def count_rows(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int) -> tuple[np.ndarray, ...]:
    """Count repeated ``(row, column)`` pairs: ``(indptr, indices, counts)`` of a canonical CSR matrix.

    Indices come out sorted within each row, as scipy's ``sum_duplicates`` and
    ``sort_indices`` leave them.

    >>> [a.tolist() for a in count_rows(np.array([0, 0, 0, 2, 2]), np.array([5, 1, 5, 2, 2]), 3, 6)]
    [[0, 2, 2, 3], [1, 5, 2], [1, 2, 2]]
    """
    # 32-bit keys while they fit (a batch's do): sorting them takes half the time
    key_type: type[np.signedinteger[Any]] = (
        np.int32 if n_rows * n_columns <= np.iinfo(np.int32).max else np.int64
    )
    keys: np.ndarray = rows.astype(key_type)  # in place from here: these arrays are the batch's largest
    keys *= n_columns
    keys += columns
    keys.sort()
    if keys.size:
        first = np.empty(keys.size, dtype=bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        unique = keys[starts]
        counts = np.diff(np.append(starts, keys.size))
    else:
        unique = np.zeros(0, dtype=key_type)
        counts = np.zeros(0, dtype=np.int64)
    # rows are sorted, so each row's keys start where the row's first possible key would go
    row_starts = np.arange(n_rows + 1, dtype=key_type) * n_columns
    indptr = np.searchsorted(unique, row_starts).astype(np.int64)
    indices = unique.astype(np.int64)
    indices -= np.repeat(row_starts[:-1], np.diff(indptr))
    return indptr, indices, counts


class IdCache:
    """A bounded cache from strings (words) to arrays of feature ids, read for many at once.

    Ids live in one flat array; a batch of words becomes one gather instead of one small array
    per word to concatenate.

    >>> cache = IdCache(lambda word: [len(word), 0] if word != "x" else [])
    >>> [a.tolist() for a in cache.lookup(["ab", "x", "abc", "ab"])]
    [[2, 0, 2, 2], [2, 0, 3, 0, 2, 0]]
    """

    def __init__(self, compute: Callable[[str], Sequence[int]], max_words: int = 200_000):
        self.compute = compute
        self.max_words = max_words
        self._clear()

    def _clear(self) -> None:
        self.index: dict[str, int] = {}
        self._starts: list[int] = []
        self._sizes: list[int] = []
        self._flat = np.zeros(1024, dtype=np.int32)  # feature ids: vocabularies are far below 2**31
        self._used = 0
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None

    def lookup(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(sizes, ids)``: how many ids each word has, and all their ids, word after word."""
        found = list(map(self.index.get, words))
        if None in found:
            if len(self.index) + len(words) > self.max_words:
                self._clear()  # bounds memory on huge, varied inputs; refilled as needed
            found = [self._add(word) if i is None else i for word, i in zip(words, found, strict=True)]
        if self._arrays is None:
            self._arrays = (np.array(self._starts, dtype=np.int64), np.array(self._sizes, dtype=np.int64))
        starts, sizes = self._arrays
        which = np.array(found, dtype=np.int64)
        word_sizes = sizes[which]
        # position of every id: its word's start plus its rank within the word
        ends = np.cumsum(word_sizes)
        ranks = np.arange(ends[-1] if ends.size else 0) - np.repeat(ends - word_sizes, word_sizes)
        return word_sizes, self._flat[np.repeat(starts[which], word_sizes) + ranks]

    def _add(self, word: str) -> int:
        known = self.index.get(word)  # a word met twice in one batch
        if known is not None:
            return known
        ids = self.compute(word)
        while self._used + len(ids) > self._flat.size:
            self._flat = np.concatenate([self._flat, np.zeros(self._flat.size // 2, dtype=np.int32)])
        self._flat[self._used : self._used + len(ids)] = ids
        self._starts.append(self._used)
        self._sizes.append(len(ids))
        self._used += len(ids)
        self._arrays = None
        number = self.index[word] = len(self._starts) - 1
        return number


def l2_normalize_rows_in_order(data: np.ndarray, indptr: np.ndarray) -> None:
    """Divide each CSR row by its l2 norm in place, summing squares left to right.

    That is the order of scikit-learn's ``inplace_csr_row_normalize_l2`` (``normalize``), so the
    norms are the same to the bit; numpy's own sums are pairwise and can differ in the last
    bit. The loop runs over positions within rows (the longest row's length), each step over
    all the rows that long.

    >>> data = np.array([3.0, 4.0, 1.0])
    >>> l2_normalize_rows_in_order(data, np.array([0, 2, 2, 3])); data.tolist()
    [0.6, 0.8, 1.0]
    """
    lengths = np.diff(indptr)
    if not data.size:
        return
    order = np.argsort(-lengths, kind="stable")
    starts = indptr[:-1][order]
    # rows still going at position k: the first still_going[k] rows of ``order``
    still_going = len(lengths) - np.cumsum(np.bincount(lengths))
    squares = data * data
    sums = np.zeros(len(lengths))
    for k, rows in enumerate(still_going[:-1].tolist()):
        sums[:rows] += squares[starts[:rows] + k]
    norms = np.empty(len(lengths))
    norms[order] = np.sqrt(sums)
    norms[norms == 0.0] = 1.0  # empty rows are left alone, as scikit-learn does
    data /= np.repeat(norms, lengths)


class WordTfidf:
    """``TfidfVectorizer.transform`` for a fitted vectorizer whose analyzer makes word n-grams.

    Same counting (every n-gram the analyzer yields that is in ``vocabulary_``), the same
    ``1 + log(tf)``, ``idf_`` and l2 norm, the same CSR layout and index types. Use
    :meth:`supports` first: other settings (binary counts, no idf, l1 norm…) go to
    scikit-learn.
    """

    def __init__(self, vectorizer: Any):
        from tone.features import WordNgrams

        self.vectorizer = vectorizer
        self.analyze: Callable[[Any], list[str]] = vectorizer.analyzer
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = vectorizer.idf_
        analyzer = vectorizer.analyzer
        plain = type(analyzer) is WordNgrams and analyzer.keep_punct and analyzer.max_n in (1, 2)
        self.grams = TokenGrams(self.vocabulary, analyzer.max_n) if plain else None

    @classmethod
    def of_arrays(cls, vocabulary: dict[str, int], idf: np.ndarray, max_n: int) -> WordTfidf:
        """The route from a fitted vectorizer's state alone (a score file): no scikit-learn.

        Only :meth:`matrix` and :attr:`grams` are usable; there is no analyzer to call.
        """
        words = cls.__new__(cls)
        words.vectorizer = None
        words.vocabulary, words.idf = vocabulary, idf
        words.grams = TokenGrams(vocabulary, max_n)
        return words

    @staticmethod
    def supports(vectorizer: Any) -> bool:
        """Whether ``vectorizer`` is fitted with the settings this route reproduces."""
        return (
            callable(getattr(vectorizer, "analyzer", None))
            and hasattr(vectorizer, "vocabulary_")
            and hasattr(vectorizer, "idf_")
            and vectorizer.input == "content"
            and not vectorizer.binary
            and vectorizer.sublinear_tf
            and vectorizer.norm == "l2"
            and vectorizer.dtype in (np.float64, "float64")
        )

    def transform(self, docs: Sequence[Any]) -> Any:
        rows, columns = self.grams.columns(docs) if self.grams is not None else self._analyzed_columns(docs)
        return self.matrix(rows, columns, len(docs))

    def matrix(self, rows: np.ndarray, columns: np.ndarray, n_docs: int) -> Any:
        """The TF-IDF rows of ``n_docs`` documents from the ``(row, column)`` of every n-gram found.

        Shared by :meth:`transform` and the columnar batches of :mod:`tone.columnar`: the
        weights are computed in one place whatever found the n-grams.
        """
        n_columns = len(self.vocabulary)
        indptr, indices, counts = count_rows(rows, columns, n_docs, n_columns)
        data = counts.astype(np.float64)
        np.log(data, data)
        data += 1.0
        data *= self.idf[indices]
        l2_normalize_rows_in_order(data, indptr)
        # scikit-learn builds the counts with 32-bit indices (while they fit)
        index_type = np.int32 if indptr[-1] <= np.iinfo(np.int32).max else np.int64
        return sp.csr_matrix(
            (data, indices.astype(index_type), indptr.astype(index_type)), shape=(n_docs, n_columns)
        )

    def _analyzed_columns(self, docs: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
        """Rows and vocabulary columns of every n-gram the analyzer yields (any analyzer)."""
        get = self.vocabulary.get
        analyze = self.analyze
        columns: list[int] = []
        lengths = []
        for doc in docs:
            found = [i for i in map(get, analyze(doc)) if i is not None]
            columns += found
            lengths.append(len(found))
        return np.repeat(np.arange(len(docs)), lengths), np.array(columns, dtype=np.int64)


class TokenGrams:
    """The vocabulary columns of a batch's tokens and token pairs, looked up with numpy.

    What :class:`~tone.features.WordNgrams` (punctuation kept, n ≤ 2) yields, ``"a"`` and
    ``"a b"``, without making the strings: each distinct token form gets an id once, and each
    distinct pair of ids is looked up in the vocabulary once (as ``"a b"``, so a form that
    holds a space still meets the same column), then kept in a sorted array.
    """

    MAX_FORMS = 500_000  # bounds memory on huge, varied inputs; refilled as needed
    MAX_PAIRS = 4_000_000

    def __init__(self, vocabulary: dict[str, int], max_n: int, max_forms: int | None = MAX_FORMS):
        """``max_forms``: how many forms it numbers before starting again; ``None`` when its
        owner empties it (:meth:`clear`) at times of its own choosing, as the columnar table
        does between batches so that the form ids it holds never go stale."""
        self.vocabulary = vocabulary
        self.max_n = max_n
        self.max_forms = max_forms
        self.clear()

    def clear(self) -> None:
        """Forget every form id (and the pairs looked up for them)."""
        self.form_ids: dict[str, int] = {}
        self._forms: list[str] = []
        self._form_columns: list[int] = []
        self._form_column_buffer = np.zeros(1024, dtype=np.int64)
        self._form_column_array = self._form_column_buffer[:0]
        self._pair_codes = np.zeros(0, dtype=np.int64)
        self._pair_columns = np.zeros(0, dtype=np.int32)

    def columns(self, docs: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
        """Rows and vocabulary columns of every token and neighbouring pair found in it."""
        tokens = list(chain.from_iterable(doc.tokens for doc in docs))
        ids = self.ids(tokens)
        rows = np.repeat(np.arange(len(docs)), [len(doc.tokens) for doc in docs])
        return self.columns_of_ids(ids, rows)

    def columns_of_ids(self, ids: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`columns` of tokens already turned into form ids (:meth:`ids`), ``rows[k]`` token k's row."""
        all_rows, all_columns = [rows], [self._form_column_array[ids]]
        if self.max_n == 2 and ids.size > 1:
            same = rows[1:] == rows[:-1]
            all_rows.append(rows[1:][same])
            all_columns.append(self._pairs((ids[:-1][same] << 32) | ids[1:][same]))
        joined_rows, joined_columns = np.concatenate(all_rows), np.concatenate(all_columns)
        found = joined_columns >= 0
        return joined_rows[found], joined_columns[found]

    def ids(self, tokens: list[str]) -> np.ndarray:
        """Each token form's id, new forms numbered as they come (the ids start again when full)."""
        ids = list(map(self.form_ids.get, tokens))
        if None in ids:
            if self.max_forms is not None and len(self.form_ids) + len(tokens) > self.max_forms:
                self.clear()
            known = len(self._forms)
            ids = [self._new_form(token) if i is None else i for token, i in zip(tokens, ids, strict=True)]
            self._extend_form_columns(self._form_columns[known:])
        return np.array(ids, dtype=np.int64)

    def _extend_form_columns(self, columns: list[int]) -> None:
        """Append new forms' columns to the array, doubling its buffer as it fills.

        Rebuilding the whole array from the list for every batch with a new form cost ~1 ms
        per batch once a few hundred thousand forms were known.
        """
        used = self._form_column_array.size
        end = used + len(columns)
        if end > self._form_column_buffer.size:
            grown = np.zeros(max(end, 2 * self._form_column_buffer.size), dtype=np.int64)
            grown[:used] = self._form_column_array
            self._form_column_buffer = grown
        self._form_column_buffer[used:end] = columns
        self._form_column_array = self._form_column_buffer[:end]

    def _new_form(self, form: str) -> int:
        known = self.form_ids.get(form)  # met twice in one batch
        if known is None:
            known = self.form_ids[form] = len(self._forms)
            self._forms.append(form)
            self._form_columns.append(self.vocabulary.get(form, -1))
        return known

    def _pairs(self, codes: np.ndarray) -> np.ndarray:
        """The column of each pair code (``left id << 32 | right id``), or -1."""
        # looked up in sorted order: each search starts near the last, in memory already read
        # (2x faster than the batch's codes in text order against ~150k known pairs)
        order = np.argsort(codes)
        ordered = codes[order]
        position = np.searchsorted(self._pair_codes, ordered)
        known = position < self._pair_codes.size
        known[known] = self._pair_codes[position[known]] == ordered[known]
        if not known.all():
            if self._pair_codes.size > self.MAX_PAIRS:
                self._pair_codes = np.zeros(0, dtype=np.int64)
                self._pair_columns = np.zeros(0, dtype=np.int32)
            new = np.unique(ordered[~known])
            forms, get = self._forms, self.vocabulary.get
            columns = [get(f"{forms[code >> 32]} {forms[code & 0xFFFFFFFF]}", -1) for code in new.tolist()]
            at = np.searchsorted(self._pair_codes, new)  # both sorted: insert, no re-sort
            self._pair_codes = np.insert(self._pair_codes, at, new)
            self._pair_columns = np.insert(self._pair_columns, at, np.array(columns, dtype=np.int32))
            position = np.searchsorted(self._pair_codes, ordered)
        found = np.empty(codes.size, dtype=self._pair_columns.dtype)
        found[order] = self._pair_columns[position]
        return found

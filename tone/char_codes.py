"""Character n-gram ids of many ASCII words at once, with numpy instead of a dictionary lookup per n-gram.

A fresh scoring worker meets ~30k new words, and :meth:`CharNgrams.word_ids
<tone.features.CharNgrams.word_ids>` cuts each into ~25 n-grams and looks each up in the
150k-entry vocabulary: ~9 µs per word, a fifth of what learning a word costs. An ASCII
n-gram of up to 8 characters fits in an integer (7 bits a character, and its length), so the
vocabulary's ASCII n-grams become one sorted array of codes, and the n-grams of a whole list
of words are coded and looked up with a few numpy operations. Words that are not ASCII
(after lower-casing), or too short to hold a ``low``-gram once padded, go to ``word_ids`` as
before. Same ids, in the same order
(``tests/test_char_codes.py``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tone.chunk_columns import gather_ranges

_BITS = 7  # an ASCII character
_LENGTH_SHIFT = 8 * _BITS  # the n-gram's length sits above its (at most 8) characters


class AsciiGramIds:
    """``word_ids`` for many lower-cased words: vectorised for ASCII ones, ``word_ids`` for the rest.

    ``vocabulary`` maps n-grams to ids; ``low``..``high`` are the n-gram lengths, cut from each
    word padded with a space on each side, as :class:`~tone.features.CharNgrams` cuts them.
    """

    def __init__(self, vocabulary: dict[str, int], low: int, high: int, word_ids: Callable[[str], list[int]]):
        self.low, self.high = low, high
        self.word_ids = word_ids
        codes, ids = [], []
        for n in range(low, high + 1):
            # the vocabulary's ASCII n-grams of one length, coded together (~150k of them)
            grams = [(gram, i) for gram, i in vocabulary.items() if len(gram) == n and gram.isascii()]
            raw = np.frombuffer("".join(gram for gram, _ in grams).encode("ascii"), dtype=np.uint8)
            chars = raw.astype(np.int64).reshape(len(grams), n)
            codes.append(code_columns([chars[:, k] for k in range(n)]))
            ids.append(np.fromiter((i for _, i in grams), dtype=np.int64, count=len(grams)))
        order = np.argsort(np.concatenate(codes))
        self._codes = np.concatenate(codes)[order]
        self._ids = np.concatenate(ids)[order]

    @classmethod
    def supports(cls, low: int, high: int) -> bool:
        """Whether n-grams of these lengths fit the codes."""
        return 1 <= low <= high <= 8

    def ids(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(ids, counts)``: every word's n-gram ids, word after word, and how many each has."""
        low = self.low
        ascii_ = [word.isascii() and len(word) + 2 >= low for word in words]
        counts = np.zeros(len(words), dtype=np.int64)
        found: list[np.ndarray] = []
        plain = [word for word, is_ascii in zip(words, ascii_, strict=True) if is_ascii]
        ids, plain_counts = self._ascii_ids(plain)
        if len(plain) == len(words):
            return ids, plain_counts
        # words that are not ASCII keep their place: ids are laid out word after word
        plain_counts_list = plain_counts.tolist()
        plain_starts = np.concatenate(([0], np.cumsum(plain_counts)))
        k = 0
        for position, (word, is_ascii) in enumerate(zip(words, ascii_, strict=True)):
            if is_ascii:
                found.append(ids[plain_starts[k] : plain_starts[k + 1]])
                counts[position] = plain_counts_list[k]
                k += 1
            else:
                own = self.word_ids(word)
                found.append(np.array(own, dtype=np.int64))
                counts[position] = len(own)
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64), counts

    def _ascii_ids(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        if not words:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        padded = " " + "  ".join(words) + " "
        text = np.frombuffer(padded.encode("ascii"), dtype=np.uint8).astype(np.int64)
        sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
        firsts = np.cumsum(sizes) - sizes  # where each padded word starts in ``text``
        words_of, codes = [], []
        for n in range(self.low, self.high + 1):
            # n-grams of length n: sizes - n + 1 of them (none once n passes the padded size)
            per_word = np.maximum(sizes - n + 1, 0)
            starts = gather_ranges(firsts, per_word)
            codes.append(code_columns([text[starts + k] for k in range(n)], starts.size))
            words_of.append(np.repeat(np.arange(len(words)), per_word))
        word_of = np.concatenate(words_of)
        order = np.argsort(word_of, kind="stable")  # word by word, lengths then positions within
        code = np.concatenate(codes)[order]
        word_of = word_of[order]
        at = np.searchsorted(self._codes, code)
        at[at == self._codes.size] = 0
        known = self._codes[at] == code
        return self._ids[at[known]], np.bincount(word_of[known], minlength=len(words))


def code_columns(columns: list[np.ndarray], size: int | None = None) -> np.ndarray:
    """N-grams given as columns of character codes (column ``k`` holds each n-gram's ``k``-th
    character) as integers: characters 7 bits each, first lowest, the length above. The
    vocabulary and the words of a batch are coded by this one function, so their codes meet.

    >>> int(code_columns([np.array([ord("a")]), np.array([ord("b")])])[0]) == 2 << 56 | ord("b") << 7 | ord("a")
    True
    """
    size = len(columns[0]) if size is None else size
    code = np.full(size, len(columns) << _LENGTH_SHIFT, dtype=np.int64)
    for k, column in enumerate(columns):
        code |= column << (_BITS * k)
    return code


def ids_one_by_one(
    word_ids: Callable[[str], list[int]],
) -> Callable[[list[str]], tuple[np.ndarray, np.ndarray]]:
    """:meth:`AsciiGramIds.ids` made of ``word_ids`` called on each word (any n-gram lengths)."""

    def ids(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        each = [word_ids(word) for word in words]
        flat = np.fromiter((i for own in each for i in own), dtype=np.int64)
        return flat, np.fromiter(map(len, each), dtype=np.int64, count=len(each))

    return ids

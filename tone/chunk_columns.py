"""Memoised chunks as flat arrays, so a batch's tokens are gathered with numpy, not assembled in Python.

:class:`~tone.chunks.ChunkMemo` keeps each chunk's tokens as tuples and builds a ``Tokens``
record per message from them: ~15 µs of Python per message, a third of a worker's time.
Scoring only needs the batch's tokens as arrays (form ids for the word n-grams, cue-rule
symbols for the cues, character n-gram ids), so here each distinct chunk is a *unit*
numbered once, whose tokens and character n-gram ids sit in flat arrays; a batch becomes
the unit number of each of its chunks (one dictionary lookup per chunk) and every other
array is gathered from those.

A message whose chunks could hide a special case of the tokenizer (see :mod:`tone.chunks`)
is one unit of its own, tokenized whole by spaCy, as :func:`~tone.nlp.annotate` does; its
key is its whole text, which holds whitespace, so it never meets a chunk's key.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise

import numpy as np

from tone.chunks import ChunkMemo, TokenizedChunk, _starts
from tone.tfidf import TokenGrams


class _Column:
    """A growable int32 array: values appended in runs, read as one array (doubling as it fills)."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._array = np.zeros(1024, dtype=np.int32)
        self.used = 0

    def extend(self, values: Sequence[int]) -> None:
        end = self.used + len(values)
        if end > self._array.size:
            grown = np.zeros(max(end, 2 * self._array.size), dtype=np.int32)
            grown[: self.used] = self._array[: self.used]
            self._array = grown
        self._array[self.used : end] = values
        self.used = end

    @property
    def array(self) -> np.ndarray:
        return self._array[: self.used]


def gather_ranges(first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The positions ``first[i], …, first[i] + count[i] - 1`` of every range, range after range.

    >>> gather_ranges(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist()
    [5, 6, 9, 10, 11]
    """
    ends = np.cumsum(count)
    total = int(ends[-1]) if ends.size else 0
    return np.arange(total, dtype=np.int64) - np.repeat(ends - count - first, count)


@dataclass(frozen=True, slots=True)
class BatchUnits:
    """Where a batch's messages stand in a :class:`ChunkColumns` table.

    ``units`` holds the unit number of every chunk of every message, message after message
    (one unit for a message tokenized whole), ``per_message`` how many each message has.
    """

    texts: list[str]
    splits: list[list[str]]
    units: np.ndarray
    per_message: np.ndarray
    #: the messages tokenized whole (one unit starting at character 0)
    whole: frozenset[int]

    def unit_bases(self, messages: Sequence[int]) -> np.ndarray:
        """Where each unit starts in its message, in characters, filled in for ``messages`` only."""
        bases = np.zeros(self.units.size, dtype=np.int64)
        firsts = np.cumsum(self.per_message) - self.per_message
        for m in messages:
            if m not in self.whole:
                first = int(firsts[m])
                bases[first : first + int(self.per_message[m])] = _starts(self.texts[m], self.splits[m])
        return bases


class ChunkColumns:
    """Each distinct chunk's tokens (form ids, cue symbols, offsets) and character n-gram ids, in flat arrays.

    ``memo`` tokenizes new chunks (many to a spaCy ``Doc``) and tells which could hide a special
    case; ``tokenize_whole`` tokenizes a message whole; ``grams`` numbers token forms for the
    word n-grams; ``char_ids`` gives a lower-cased word's character n-gram ids. The table is
    emptied, with ``grams``' form ids, before a batch that could take it past its bounds.
    """

    MAX_UNITS = 200_000  # as ChunkMemo.MAX_CHUNKS: bounds memory on huge, varied inputs
    MAX_FORMS = TokenGrams.MAX_FORMS

    def __init__(
        self,
        memo: ChunkMemo,
        tokenize_whole: Callable[[str], TokenizedChunk],
        grams: TokenGrams,
        char_ids: Callable[[str], list[int]],
    ):
        self.memo = memo
        self.tokenize_whole = tokenize_whole
        self.grams = grams
        # the table empties grams itself, between batches, so that form ids never go stale
        grams.MAX_FORMS = sys.maxsize
        self.char_ids = char_ids
        self.index: dict[str, int] = {}
        self._unit_columns = [_Column() for _ in range(4)]  # token first, count; char first, count
        self._token_columns = [_Column() for _ in range(4)]  # form id, symbol, start, end
        self._chars = _Column()
        self._heads: list[int] = []
        self._tails: list[int] = []
        self.starting_cuts: set[str] = set()
        self._arrays: tuple[np.ndarray, ...] | None = None

    def clear(self) -> None:
        """Forget every unit (and the form ids they hold)."""
        self.index.clear()
        for column in (*self._unit_columns, *self._token_columns, self._chars):
            column.clear()
        self._heads.clear()
        self._tails.clear()
        self.starting_cuts.clear()
        self.grams._clear()
        self._arrays = None

    def arrays(self) -> tuple[np.ndarray, ...]:
        """Per unit: token first, token count, char first, char count; per token: form id,
        symbol, start, end; the character n-gram ids."""
        if self._arrays is None:
            self._arrays = tuple(c.array for c in (*self._unit_columns, *self._token_columns, self._chars))
        return self._arrays

    def units(self, texts: list[str]) -> BatchUnits:
        """The unit of every chunk of ``texts`` (normalised), learning new ones first."""
        splits = [text.split() for text in texts] if self.memo.usable else [[text] for text in texts]
        words = list(chain.from_iterable(splits))
        if len(self.index) + len(words) + len(texts) > self.MAX_UNITS or (
            len(self.grams.form_ids) + sum(map(len, texts)) > self.MAX_FORMS
        ):
            self.clear()  # a token holds a character at least: the batch adds fewer forms
        if not self.memo.usable:
            ids = np.array(self._wholes(texts), dtype=np.int64)
            return BatchUnits(texts, splits, ids, np.ones(len(texts), np.int64), frozenset(range(len(texts))))
        found = list(map(self.index.get, words))
        if None in found:
            self._learn([word for word, i in zip(words, found, strict=True) if i is None])
            found = list(map(self.index.get, words))
        lengths = np.fromiter(map(len, splits), dtype=np.int64, count=len(splits))
        units = np.array(found, dtype=np.int64)
        whole = self._crossing(splits, found)
        if whole:
            units, lengths = self._tokenized_whole(texts, whole, units, lengths)
        return BatchUnits(texts, splits, units, lengths, frozenset(whole))

    def _crossing(self, splits: list[list[str]], found: list[int | None]) -> list[int]:
        """The messages with a chunk that ends a special case's first part next to one that starts the rest."""
        crossing = []
        starting = self.starting_cuts
        heads, tails = self._heads, self._tails
        first = 0
        for m, words in enumerate(splits):
            if not starting.isdisjoint(words):
                ids = found[first : first + len(words)]
                if any(tails[a] & heads[b] for a, b in pairwise(ids)):  # type: ignore[index]
                    crossing.append(m)
            first += len(words)
        return crossing

    def _tokenized_whole(
        self, texts: list[str], whole: list[int], units: np.ndarray, lengths: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``units`` with each message of ``whole`` one unit of its own instead of its chunks."""
        firsts = np.cumsum(lengths) - lengths
        keep = np.ones(units.size, dtype=bool)
        for m in whole:
            keep[firsts[m] : firsts[m] + lengths[m]] = False
        removed = np.cumsum(lengths[whole]) - lengths[whole]  # chunks dropped before each one
        ids = self._wholes([texts[m] for m in whole])
        units = np.insert(units[keep], firsts[whole] - removed, ids)
        lengths = lengths.copy()
        lengths[whole] = 1
        return units, lengths

    def _learn(self, words: list[str]) -> None:
        new = list(dict.fromkeys(words))
        bits = [self.memo.cut_bits(word) for word in new]
        self._add(new, self.memo.tokenize_chunks(new), [self.char_ids(word.lower()) for word in new], bits)
        self.starting_cuts.update(word for word, (heads, _) in zip(new, bits, strict=True) if heads)

    def _wholes(self, texts: list[str]) -> list[int]:
        """The unit of each text tokenized whole, learning new ones first."""
        new = [text for text in dict.fromkeys(texts) if text not in self.index]
        if new:
            chars = [list(chain.from_iterable(map(self.char_ids, text.lower().split()))) for text in new]
            self._add(new, [self.tokenize_whole(text) for text in new], chars, [(0, 0)] * len(new))
        return [self.index[text] for text in texts]

    def _add(
        self,
        keys: list[str],
        tokenized: list[TokenizedChunk],
        char_ids: list[list[int]],
        bits: list[tuple[int, int]],
    ) -> None:
        """Number new units, appending their tokens and n-gram ids (form ids made in one call)."""
        token_first, token_count, char_first, char_count = self._unit_columns
        forms_column, symbols_column, starts_column, ends_column = self._token_columns
        counts = [len(forms) for forms, _, _, _ in tokenized]
        token_first.extend([forms_column.used + k for k in _exclusive_sums(counts)])
        token_count.extend(counts)
        sizes = list(map(len, char_ids))
        char_first.extend([self._chars.used + k for k in _exclusive_sums(sizes)])
        char_count.extend(sizes)
        forms_column.extend(self.grams.ids([form for forms, _, _, _ in tokenized for form in forms]).tolist())
        symbols_column.extend([symbol for _, symbols, _, _ in tokenized for symbol in symbols])
        starts_column.extend([start for _, _, starts, _ in tokenized for start in starts])
        ends_column.extend([end for _, _, _, ends in tokenized for end in ends])
        self._chars.extend(list(chain.from_iterable(char_ids)))
        first = len(self._heads)
        self.index.update(zip(keys, range(first, first + len(keys)), strict=True))
        self._heads.extend(heads for heads, _ in bits)
        self._tails.extend(tails for _, tails in bits)
        self._arrays = None


def _exclusive_sums(values: list[int]) -> list[int]:
    """Where each of ``values`` starts when they are laid end to end.

    >>> _exclusive_sums([2, 0, 3])
    [0, 2, 2]
    """
    return [0, *accumulate(values)][:-1] if values else []

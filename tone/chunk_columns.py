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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain
from typing import Any, NamedTuple

import numpy as np

from tone.chunks import ChunkMemo, FlatTokens, _starts
from tone.tfidf import TokenGrams


class _Column:
    """A growable int32 array: values appended in runs, read as one array (doubling as it fills)."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._array = np.zeros(1024, dtype=np.int32)
        self.used = 0

    def extend(self, values: Sequence[int] | np.ndarray) -> None:
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


class TableArrays(NamedTuple):
    """A :class:`ChunkColumns` table as arrays: per unit, then per token, then n-gram ids."""

    token_first: np.ndarray
    token_count: np.ndarray
    char_first: np.ndarray
    char_count: np.ndarray
    #: the unit's length in characters
    length: np.ndarray
    #: 1: the unit starts with what follows a special case's cut; 2: it ends with what precedes one
    cut_ends: np.ndarray
    form: np.ndarray
    symbol: np.ndarray
    start: np.ndarray
    end: np.ndarray
    #: every unit's character n-gram ids, unit after unit
    chars: np.ndarray


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

    def unit_bases(self, lengths: np.ndarray, messages: Sequence[int]) -> np.ndarray:
        """Where each unit starts in its message, in characters (right for ``messages`` at least).

        ``lengths`` are the units' lengths. Chunks one space apart (most messages) are laid out
        with numpy; the others among ``messages`` are found in their text.
        """
        firsts = np.cumsum(self.per_message) - self.per_message
        steps = lengths + 1
        starts = np.cumsum(steps) - steps
        message_of_unit = np.repeat(np.arange(self.per_message.size), self.per_message)
        bases = starts - starts[firsts[message_of_unit]]
        widths = np.bincount(message_of_unit, weights=steps, minlength=self.per_message.size) - 1
        for m in messages:
            if m not in self.whole and widths[m] != len(self.texts[m]):  # other whitespace between
                first = int(firsts[m])
                bases[first : first + int(self.per_message[m])] = _starts(self.texts[m], self.splits[m])
        return bases


class ChunkColumns:
    """Each distinct chunk's tokens (form ids, cue symbols, offsets) and character n-gram ids, in flat arrays.

    ``memo`` tells which chunks could hide a special case; ``tokenize_chunks`` tokenizes new
    chunks (many to a spaCy ``Doc``) and ``tokenize_whole`` messages whole; ``grams`` numbers
    token forms for the word n-grams; ``char_ids`` gives lower-cased words' character n-gram
    ids (all of them, word after word, and how many each has). The table is emptied, with ``grams``' form ids, before a batch that could take it past
    its bounds.
    """

    MAX_UNITS = 200_000  # as ChunkMemo.MAX_CHUNKS: bounds memory on huge, varied inputs
    MAX_FORMS = TokenGrams.MAX_FORMS

    def __init__(
        self,
        memo: ChunkMemo,
        tokenize_chunks: Callable[[list[str]], FlatTokens],
        tokenize_whole: Callable[[list[str]], FlatTokens],
        grams: TokenGrams,
        char_ids: Callable[[list[str]], tuple[np.ndarray, np.ndarray]],
    ):
        self.memo = memo
        self.tokenize_chunks = tokenize_chunks
        self.tokenize_whole = tokenize_whole
        self.grams = grams  # made with max_forms=None: the table empties it, between batches
        self.char_ids = char_ids
        self.index: dict[str, int] = {}
        # the fields of TableArrays, each a growing column (read as arrays by :meth:`arrays`)
        self._columns: Any = TableArrays(*(_Column() for _ in TableArrays._fields))  # type: ignore[arg-type]
        self._heads: list[int] = []
        self._tails: list[int] = []
        self._arrays: TableArrays | None = None

    def clear(self) -> None:
        """Forget every unit (and the form ids they hold)."""
        self.index.clear()
        for column in self._columns:
            column.clear()
        self._heads.clear()
        self._tails.clear()
        self.grams.clear()
        self._arrays = None

    def arrays(self) -> TableArrays:
        """The table as it stands, as arrays (views: valid until the next batch is learnt)."""
        if self._arrays is None:
            self._arrays = TableArrays(*(column.array for column in self._columns))
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
        whole = self._crossing(units, lengths)
        if whole:
            units, lengths = self._tokenized_whole(texts, whole, units, lengths)
        return BatchUnits(texts, splits, units, lengths, frozenset(whole))

    def _crossing(self, units: np.ndarray, lengths: np.ndarray) -> list[int]:
        """The messages with a chunk that ends a special case's first part next to one that starts the rest.

        Pairs of neighbours that could are found with numpy (few chunks end a first part); the
        cut bits of those are compared in Python (they are wider than 64 bits).
        """
        if units.size < 2:
            return []
        ends = self.arrays().cut_ends[units]
        messages = np.repeat(np.arange(lengths.size), lengths)
        maybe = np.flatnonzero(
            (ends[:-1] & 2).astype(bool) & (ends[1:] & 1).astype(bool) & (messages[1:] == messages[:-1])
        )
        heads, tails = self._heads, self._tails
        pairs = units.tolist() if maybe.size else []
        return sorted({int(messages[k]) for k in maybe.tolist() if tails[pairs[k]] & heads[pairs[k + 1]]})

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
        self._add(new, self.tokenize_chunks(new), self.char_ids([word.lower() for word in new]), bits)

    def _wholes(self, texts: list[str]) -> list[int]:
        """The unit of each text tokenized whole, learning new ones first."""
        new = [text for text in dict.fromkeys(texts) if text not in self.index]
        if new:
            splits = [text.lower().split() for text in new]
            ids, per_word = self.char_ids(list(chain.from_iterable(splits)))
            text_of_word = np.repeat(np.arange(len(new)), [len(words) for words in splits])
            per_text = np.bincount(text_of_word, weights=per_word, minlength=len(new)).astype(np.int64)
            self._add(new, self.tokenize_whole(new), (ids, per_text), [(0, 0)] * len(new))
        return [self.index[text] for text in texts]

    def _add(
        self,
        keys: list[str],
        tokens: FlatTokens,
        char_ids: tuple[np.ndarray, np.ndarray],
        bits: list[tuple[int, int]],
    ) -> None:
        """Number new units, appending their tokens and n-gram ids (form ids made in one call)."""
        columns = self._columns
        counts = tokens.counts.tolist()
        columns.token_first.extend([columns.form.used + k for k in _exclusive_sums(counts)])
        columns.token_count.extend(counts)
        char_flat, char_sizes = char_ids
        sizes = char_sizes.tolist()
        columns.char_first.extend([columns.chars.used + k for k in _exclusive_sums(sizes)])
        columns.char_count.extend(sizes)
        columns.length.extend(list(map(len, keys)))
        columns.cut_ends.extend([bool(heads) | bool(tails) << 1 for heads, tails in bits])
        columns.form.extend(self.grams.ids(tokens.forms))
        columns.symbol.extend(tokens.symbols)
        columns.start.extend(tokens.starts)
        columns.end.extend(tokens.ends)
        columns.chars.extend(char_flat)
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

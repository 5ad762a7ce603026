"""Chunks as flat arrays: each message's units, and the tokens gathered from them."""

from __future__ import annotations

import numpy as np

from tone.chunk_columns import ChunkColumns, gather_ranges
from tone.chunks import ChunkMemo
from tone.tfidf import TokenGrams


def _table(cuts=(), usable=True) -> ChunkColumns:
    def tokenize(chunks: list[str]):
        return [((c.lower(),), (len(c),), (0,), (len(c),)) for c in chunks]

    def whole(text: str):
        words = text.split()
        starts = [text.index(w) for w in words]  # tests use distinct words
        return (
            tuple(w.lower() for w in words),
            tuple(map(len, words)),
            tuple(starts),
            tuple(s + len(w) for s, w in zip(starts, words, strict=True)),
        )

    memo = ChunkMemo(tokenize, list(cuts) if usable else None)
    return ChunkColumns(memo, whole, TokenGrams({"a": 0, "b": 1, "a b": 2}, 2), lambda word: [len(word)])


def _tokens(table: ChunkColumns, texts: list[str]) -> list[list[str]]:
    batch = table.units(texts)
    arrays = table.arrays()
    forms = table.grams._forms
    out = []
    first = 0
    for count in batch.per_message.tolist():
        units = batch.units[first : first + count]
        positions = gather_ranges(arrays.token_first[units], arrays.token_count[units])
        out.append([forms[i] for i in arrays.form[positions].tolist()])
        first += count
    return out


def test_gather_ranges_lays_ranges_end_to_end():
    assert gather_ranges(np.array([3, 7, 0]), np.array([2, 0, 1])).tolist() == [3, 4, 0]
    assert gather_ranges(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).tolist() == []


def test_messages_are_made_of_their_chunks_units():
    table = _table()
    texts = ["A  b\tA", "", "   ", "b\na 😀", "x" * 5000]
    assert _tokens(table, texts) == [["a", "b", "a"], [], [], ["b", "a", "😀"], ["x" * 5000]]
    assert len(table.index) == 5  # A, b, a, 😀 and the long word, each once


def test_a_chunk_pair_that_could_hide_a_special_case_makes_the_message_one_unit():
    table = _table(cuts=[("(", ":")])
    batch = table.units(["you ( :x", "( x :", "(:"])
    assert batch.whole == frozenset({0})
    assert batch.per_message.tolist() == [1, 3, 1]
    assert "you ( :x" in table.index


def test_without_chunks_every_message_is_one_unit():
    table = _table(usable=False)
    batch = table.units(["a b", "c"])
    assert batch.whole == frozenset({0, 1}) and batch.per_message.tolist() == [1, 1]


def test_the_table_is_bounded_and_refills():
    table = _table()
    table.MAX_UNITS = 6
    for texts in (["a b c"], ["d e f"], ["g h", "a"]):
        assert _tokens(table, texts) == [text.split() for text in texts]
        assert len(table.index) <= 6


def test_unit_bases_say_where_each_chunk_starts():
    table = _table()
    batch = table.units(["  ab c", "d e", "f\t g"])
    lengths = table.arrays().length[batch.units]
    assert batch.unit_bases(lengths, [0, 1, 2]).tolist() == [2, 5, 0, 2, 0, 3]

"""Chunks as flat arrays: each message's units, and the tokens gathered from them."""

from __future__ import annotations

import numpy as np

from tone.char_codes import ids_one_by_one
from tone.chunk_columns import ChunkColumns, gather_ranges
from tone.chunks import ChunkMemo, FlatTokens
from tone.tfidf import TokenGrams


def _flat(texts: list[str], keep_whole: bool) -> FlatTokens:
    """Tokens for tests: each chunk one token, or each word of a whole message one token."""
    forms, starts, ends, counts = [], [], [], []
    for text in texts:
        words = [text] if not keep_whole else text.split()
        at = [text.index(word) for word in words]  # tests use distinct words
        forms += [word.lower() for word in words]
        starts += at
        ends += [a + len(word) for a, word in zip(at, words, strict=True)]
        counts.append(len(words))
    return FlatTokens(forms, list(map(len, forms)), np.array(starts), np.array(ends), np.array(counts))


def _table(cuts=(), usable=True) -> ChunkColumns:
    memo = ChunkMemo(lambda chunks: [], list(cuts) if usable else None)
    return ChunkColumns(
        memo,
        lambda chunks: _flat(chunks, False),
        lambda texts: _flat(texts, True),
        TokenGrams({"a": 0, "b": 1, "a b": 2}, 2),
        ids_one_by_one(lambda word: [len(word)]),
    )


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


def test_chunks_tokenized_flat_equal_chunks_tokenized_one_by_one():
    from tests.test_chunks import ADVERSARIAL
    from tone.nlp import _lexicon, _tokenize_chunks, get_rules, load_cue_patterns, tokenize_chunks_flat

    rules = get_rules(load_cue_patterns())
    chunks = list(dict.fromkeys(word for text in ADVERSARIAL for word in text.split()))
    chunks += ["(:", "you're", ":)x", "''", "5p.m.", "x" * 3000] + [f"w{i}" for i in range(1200)]
    flat = tokenize_chunks_flat(chunks, rules)
    each = _tokenize_chunks(chunks, _lexicon(rules))
    assert flat.counts.tolist() == [len(forms) for forms, _, _, _ in each]
    assert flat.forms == [form for forms, _, _, _ in each for form in forms]
    assert flat.symbols == [symbol for _, symbols, _, _ in each for symbol in symbols]
    assert flat.starts.tolist() == [start for _, _, starts, _ in each for start in starts]
    assert flat.ends.tolist() == [end for _, _, _, ends in each for end in ends]
    assert tokenize_chunks_flat([], rules).counts.tolist() == []

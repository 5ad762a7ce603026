"""Character n-gram ids coded with numpy equal CharNgrams.word_ids, word by word, in order."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.test_chunks import ADVERSARIAL
from tone.char_codes import AsciiGramIds, code_columns, ids_one_by_one
from tone.features import CharNgrams

DATA = Path(__file__).parent / "data"


def _words() -> list[str]:
    texts = list(ADVERSARIAL)
    for path in sorted(DATA.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    words = [word for text in texts for word in text.lower().split()]
    return [*words, "a", "ab", "x" * 5000, "\u212a", "café", "o'", "'", "k", "ab" * 40]


@pytest.mark.parametrize("low, high", [(2, 5), (1, 3), (3, 8)])
def test_ids_equal_word_ids_on_every_word(low, high):
    words = _words()
    chars = CharNgrams(ngram_range=(low, high), min_df=1, max_features=None).fit(
        [type("Doc", (), {"text": text})() for text in [" ".join(words[:3000]), "ÉTÉ über naïve"]]
    )
    coded = AsciiGramIds(chars.vocabulary_, low, high, chars.word_ids)
    ids, counts = coded.ids(words)
    expected = [chars.word_ids(word) for word in words]
    assert counts.tolist() == list(map(len, expected))
    assert ids.tolist() == [i for own in expected for i in own]
    one_by_one = ids_one_by_one(chars.word_ids)(words)
    assert one_by_one[0].tolist() == ids.tolist() and one_by_one[1].tolist() == counts.tolist()


def test_no_words_give_no_ids():
    coded = AsciiGramIds({"ab": 0}, 2, 5, lambda word: [])
    assert [a.tolist() for a in coded.ids([])] == [[], []]
    assert np.array_equal(coded.ids(["ab"])[0], [0])


def test_codes_tell_lengths_and_characters_apart():
    grams = [" a", "a ", " a ", "  a", "a", "aa", "\x00a"]
    codes = {int(code_columns([np.array([ord(c)]) for c in gram])[0]) for gram in grams}
    assert len(codes) == len(grams)

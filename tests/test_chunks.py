"""Annotation from memoised chunks equals annotation with a spaCy Doc per message, exactly."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tone.chunks import ChunkMemo
from tone.nlp import (
    annotate,
    annotate_with_docs,
    get_nlp,
    get_rules,
    load_cue_patterns,
    special_case_cuts,
)

DATA = Path(__file__).parent / "data"

ADVERSARIAL = [
    "",
    " ",
    "   \t \n ",
    "you  never   listen",
    "\tu r sooooo late\t",
    "line one\nline two\n\nline four\r\nfive",
    "trailing space ",
    " leading space",
    "😀😀 ok 👨‍👩‍👧 🇫🇷 👍🏽",
    "see https://example.com/a?b=1&c=2, or www.example.org. ok",
    "mail me@example.com (or you@x.co.uk)!",
    "don't can't won't I'm you're they'd've y'all gonna wanna",
    "u r so annoying lol, ur always late",
    "sooooo goooood!!!!! whyyyy???",
    "well-known re-do --- co-op - x",
    "\"quoted\" 'single' “curly” ‘curly’ «guillemets»",
    "Ünïcödé ΣΑΣ ΌΣΟΣ İstanbul ﬁne a\u0307 ß",
    "non\u00a0breaking\u202fspaces\u2009and\u200bzero\u200ewidth",
    "em—dash en–dash … ellipsis",
    "5p.m. 10a.m. e.g. i.e. U.S. Mt. Dr. Jan.",
    ":) :( :-) ;) :P :D <3 </3 xD (: ):",
    "( :)x",
    "How'd've:( ( '",
    "Mt.nothin' 's(:",
    "'nuff somethin\u2028. ' ''it'll'veTheyd",
    "time: probably, he 's",
    "o. O o.O o . O",
    "(╯°□°）╯︵┻━┻ and (╯°□°） ╯︵┻━┻",
    "a\u3000b\u2028c\u2029d\x0be\x0cf\x1cg\x85h",
    "x" * 5000,
    " ".join(["you never help, you always forget :("] * 150),
]


@pytest.fixture(scope="module")
def rules():
    return get_rules(load_cue_patterns())


def _texts_of(path: Path) -> list[str]:
    if path.suffix == ".jsonl":
        return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return path.read_text(encoding="utf-8").splitlines()


def _assert_same(texts: list[str], rules) -> None:
    reference = list(annotate_with_docs(texts, rules))
    fast = list(annotate(texts, rules))
    for text, a, b in zip(texts, reference, fast, strict=True):
        assert (a.text, a.tokens, a.cues) == (b.text, b.tokens, b.cues), text
        assert tuple(a.offsets) == tuple(b.offsets), text


def test_chunks_give_the_doc_tokens_cues_and_offsets_on_the_test_data(rules):
    texts = [text for path in sorted(DATA.glob("*.jsonl")) for text in _texts_of(path)]
    assert len(texts) > 400
    _assert_same(texts, rules)


def test_chunks_give_the_doc_tokens_cues_and_offsets_on_adversarial_text(rules):
    _assert_same(ADVERSARIAL, rules)


def test_special_cases_cut_by_a_space_give_the_doc_tokens(rules):
    # spaCy's special cases ("(:", "''", ":((") cut at random places, around other chunks:
    # where a cut match could hide another match, the message is tokenized whole.
    rng = random.Random(13)
    cases = [rule for rule in get_nlp().tokenizer.rules if len(rule) >= 2]
    texts = []
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 4)):
            rule = rng.choice(cases)
            cut = rng.randint(1, len(rule) - 1)
            parts += [rule[:cut], rng.choice([" ", "", "  ", "\n"]), rule[cut:], rng.choice([" ", "", "x "])]
        texts.append("".join(parts))
    _assert_same(texts, rules)


def test_a_special_case_cut_across_chunks_sends_the_message_to_spacy(rules):
    from tone.nlp import _chunk_memo

    memo = _chunk_memo(rules)
    assert ("(", ":") in special_case_cuts()
    assert memo.tokens("( :)x") is None
    assert memo.tokens("you never :)") is not None


def test_chunks_tokenized_together_equal_chunks_tokenized_alone(rules):
    from tone.nlp import _lexicon, _tokenize_chunks

    chunks = ["(:", "you're", ":)x", "''", "http://a.b/c?d=1", "5p.m.", "😀😀", "x" * 300, "don't", ":(("]
    together = _tokenize_chunks(chunks, _lexicon(rules))
    assert together == [_tokenize_chunks([chunk], _lexicon(rules))[0] for chunk in chunks]
    assert together[1][0] == ("you", "are")


def test_the_chunk_cache_is_bounded():
    memo = ChunkMemo(lambda chunks: [((c,), (0,), (0,), (len(c),)) for c in chunks], [])
    memo.MAX_CHUNKS = 3
    for word in ["a", "b", "c", "d", "e"]:
        memo.chunk(word)
    assert len(memo.chunks) <= 3


def test_a_batch_assembled_at_once_equals_each_message_alone(rules):
    from tone.nlp import _chunk_memo

    texts = [*ADVERSARIAL, "( :)x", "you never :)", "", "  ", "you  never\tever"]
    batch = _chunk_memo(rules).assemble(texts)
    assert None in batch, "no message went to spaCy whole"
    assert batch == [_chunk_memo(rules).tokens(text) for text in texts]


def test_a_batch_larger_than_the_chunk_cache_still_assembles():
    memo = ChunkMemo(lambda chunks: [((c,), (0,), (0,), (len(c),)) for c in chunks], [])
    memo.MAX_CHUNKS = 2
    assert [t.forms for t in memo.assemble(["a b", "c d e"])] == [("a", "b"), ("c", "d", "e")]

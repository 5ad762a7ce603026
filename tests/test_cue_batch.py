"""Cue rules stepped over a whole batch find exactly what they find message by message."""

import json
from pathlib import Path

from tone import cue_rules
from tone.cue_rules import CueRules
from tone.nlp import get_rules, load_cue_patterns

from .test_cue_rules import PATTERNS, _tokens

DATA = Path(__file__).parent / "data"
TEXTS = [
    "WHY ? ! you really just ruined it , u never listen",
    "",
    "you",
    "you never you always you really really really just messed up",
    "what a clown what a clown",
    "why ? ?",
]


def _symbols(rules, texts):
    return [[rules.symbol(*token) for token in _tokens(text)] for text in texts]


def test_batch_matches_equal_one_message_at_a_time():
    rules = CueRules.compile(PATTERNS, str.split)
    sequences = _symbols(rules, TEXTS)
    expected = [rules.find_symbols(s) for s in sequences]
    assert any(expected) and [] in expected, "nothing to compare"
    assert rules.find_many(sequences) == expected
    assert rules.find_many(list(reversed(sequences))) == list(reversed(expected))


def test_batch_matches_survive_the_step_cache_being_emptied(monkeypatch):
    monkeypatch.setattr(cue_rules, "MAX_CACHED_STEPS", 2)
    rules = CueRules.compile(PATTERNS, str.split)
    sequences = _symbols(rules, TEXTS)
    expected = [rules.find_symbols(s) for s in sequences]
    for _ in range(3):  # each call finds the cache over its bound and empties it first
        assert rules.find_many(sequences) == expected


def test_shipped_rules_match_the_same_cues_in_batches_on_the_test_messages():
    from tone.nlp import _lexicon, get_nlp, normalise

    rules = get_rules(load_cue_patterns())
    lexicon = _lexicon(rules)
    texts = [
        json.loads(line)["text"]
        for name in ("golden.jsonl", "cue_cases.jsonl", "tiny.jsonl")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    sequences = [[entry[1] for entry in lexicon.words(get_nlp().tokenizer(normalise(t)))[0]] for t in texts]
    expected = [rules.find_symbols(s) for s in sequences]
    assert sum(map(len, expected)) > 50, "too few cues to compare"
    assert rules.find_many(sequences) == expected

"""The compiled cue automaton: frozen for saving, matched through a lazily built DFA."""

import pickle

from tone import cue_rules
from tone.cue_rules import CueRules

PATTERNS = [
    {
        "label": "YOU_ABSOLUTE",
        "pattern": [{"LOWER": {"IN": ["you", "u"]}}, {"LOWER": {"IN": ["never", "always"]}}],
    },
    {
        "label": "BLAME",
        "pattern": [
            {"LOWER": "you"},
            {"LOWER": {"IN": ["really", "just"]}, "OP": "*"},
            {"LOWER": {"IN": ["ruined", "messed"]}},
        ],
    },
    {"label": "SHOUT", "pattern": [{"ORTH": "WHY"}, {"IS_PUNCT": True, "OP": "+"}]},
    {"label": "INSULT", "pattern": "what a clown"},
]


def _tokens(text):
    return [(word.lower(), word, not word.isalnum()) for word in text.split()]


def _rules():
    return CueRules.compile(PATTERNS, str.split)


def test_repeats_optional_tokens_and_exact_case_match_as_written():
    found = _rules().find(_tokens("WHY ? ! you really just ruined it , u never listen"))
    assert found == [(0, 2, "SHOUT"), (0, 3, "SHOUT"), (3, 7, "BLAME"), (9, 11, "YOU_ABSOLUTE")]


def test_lower_case_why_is_not_the_shouted_one():
    assert _rules().find(_tokens("why ? ?")) == []


def test_a_pickled_rule_set_matches_exactly_what_the_compiled_one_does():
    rules = _rules()
    text = _tokens("you messed up , what a clown , you always do this")
    restored = pickle.loads(pickle.dumps(rules))
    assert (
        restored.find(text)
        == rules.find(text)
        == [(0, 2, "BLAME"), (4, 7, "INSULT"), (8, 10, "YOU_ABSOLUTE")]
    )
    assert len(restored) == len(rules)


def test_emptying_the_step_cache_changes_no_match(monkeypatch):
    rules = _rules()
    text = _tokens("you just messed up and you never call")
    expected = rules.find(text)
    monkeypatch.setattr(cue_rules, "MAX_CACHED_STEPS", 0)  # cleared before every message
    assert [rules.find(text) for _ in range(3)] == [expected] * 3

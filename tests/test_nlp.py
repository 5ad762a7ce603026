"""Cue rules: patterns load with validation, spans carry exact offsets into the original text."""

import json
from pathlib import Path

import pytest

from tone.errors import ModelError
from tone.nlp import annotate, load_cue_categories, load_cue_patterns

CASES = Path(__file__).parent / "data" / "cue_cases.jsonl"
PATTERNS = [
    {"label": "YOU_ABSOLUTE", "pattern": "you never"},
    {"label": "INSULT", "pattern": [{"LOWER": {"IN": ["idiot", "clown"]}}]},
]


def test_cue_offsets_point_into_the_original_text_even_with_curly_quotes():
    text = "Honestly\u202fyou never call, you’re a clown"
    (doc,) = annotate([text], PATTERNS)
    found = {(text[c.start : c.end], c.category) for c in doc.cues}
    assert found == {("you never", "YOU_ABSOLUTE"), ("clown", "INSULT")}


def test_texting_spellings_become_the_words_they_stand_for():
    (doc,) = annotate(["u r sooooo late"], PATTERNS)
    assert doc.tokens[:3] == ("you", "are", "soo")


def test_pattern_file_with_bad_json_names_file_and_line(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"label": "A", "pattern": "x"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ModelError, match=r"bad.jsonl:2: invalid JSON"):
        load_cue_patterns(tmp_path)


def test_pattern_without_label_is_refused(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"pattern": "x"}\n', encoding="utf-8")
    with pytest.raises(ModelError, match="needs 'label' and 'pattern'"):
        load_cue_patterns(tmp_path)


def test_every_shipped_category_says_which_tones_it_supports():
    categories = load_cue_categories()
    used = {p["label"] for p in load_cue_patterns()}
    assert used <= set(categories)
    allowed = {"criticism", "contempt", "support", "need", "none"}
    assert all(set(tones) <= allowed and tones for tones in categories.values())


def _cases():
    if not CASES.exists():
        return []
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(
    "case", _cases(), ids=lambda c: f"{c['category']}-{'pos' if c['expect'] else 'neg'}-{c['text'][:30]}"
)
def test_shipped_cue_rules_match_their_examples(case):
    (doc,) = annotate([case["text"]], load_cue_patterns())
    categories = {cue.category for cue in doc.cues}
    assert (case["category"] in categories) is case["expect"], sorted(categories)

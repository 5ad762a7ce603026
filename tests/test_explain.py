"""Explanations: spans with exact character offsets into the original message, per fired label."""

import itertools

from tone.api import Analyzer
from tone.report import brackets, render_result


def test_explanations_cover_only_fired_labels_and_point_into_the_text(tiny_model):
    result = Analyzer(tiny_model).score("Honestly you never call back when you say you will.", explain=True)
    assert {e.label for e in result.explanations} == set(result.labels)
    for explanation in result.explanations:
        assert explanation.spans
        for span in explanation.spans:
            assert result.text[span.start : span.end] == span.text
            assert span.weight > 0


def test_offsets_survive_curly_quotes_and_emoji(tiny_model):
    text = "🙄🙄 you’re pathetic, you never call back"
    result = Analyzer(tiny_model).score(text, explain=True)
    for explanation in result.explanations:
        for span in explanation.spans:
            assert text[span.start : span.end] == span.text


def test_spans_are_strongest_first_and_do_not_overlap(tiny_model):
    result = Analyzer(tiny_model).score(
        "You never help, you're so selfish, what's wrong with you", explain=True
    )
    for explanation in result.explanations:
        weights = [s.weight for s in explanation.spans]
        assert weights == sorted(weights, reverse=True)
        ranges = sorted((s.start, s.end) for s in explanation.spans)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges))


def test_no_explanations_unless_asked(tiny_model):
    assert Analyzer(tiny_model).score("You never call back").explanations == ()


def test_terminal_rendering_marks_the_evidence(tiny_model):
    result = Analyzer(tiny_model).score("You never call back when you say you will.", explain=True)
    rendered = render_result(result, brackets)
    assert "[" in rendered.splitlines()[0]


def test_json_explanations_are_data(tiny_model):
    record = Analyzer(tiny_model).score("You never call back when you say you will.", explain=True).to_dict()
    for explanation in record["explanations"]:
        assert {"label", "probability", "spans", "features"} <= set(explanation)

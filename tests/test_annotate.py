"""Labelling sessions: uncertainty order, decisions on disk at once, undo, resume, new labels."""

import json

import numpy as np
import pytest

from tests.conftest import write
from tone.annotate import (
    LabelSession,
    assign_keys,
    load_messages,
    open_session,
    rank_by_uncertainty,
    uncertainty,
)
from tone.errors import InputError
from tone.io.inputs import InputText
from tone.io.labelfile import LabelFile

MESSAGES = [
    "You never call back when you say you will.",
    "thanks, that helped a lot",
    "I need a hug tonight",
    "whatever",
    "Oh great, another brilliant idea",
]


@pytest.fixture
def messages_file(tmp_path):
    return write(tmp_path / "messages.txt", "\n".join(MESSAGES) + "\n")


@pytest.fixture
def start(tiny_model, messages_file, tmp_path):
    def open_(**options):
        return open_session(messages_file, tmp_path / "labels.jsonl", model=tiny_model, **options)

    return open_


def records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


class FixedScores:
    """Stands in for an Analyzer: known probabilities, so the expected order is exact."""

    class model:
        thresholds = np.array([0.5, 0.2])

    labels = ("criticism", "need")

    def __init__(self, proba):
        self.proba = proba

    def score_many(self, texts):
        from tone.results import ToneResult

        for text in texts:
            p = self.proba[text]
            yield ToneResult(text, (), dict(zip(self.labels, p, strict=True)))


def test_uncertainty_is_the_smallest_log_odds_gap_to_any_label_threshold():
    gaps = uncertainty(np.array([[0.5, 0.9], [0.6, 0.2]]), np.array([0.4, 0.2]))
    assert gaps[0] == pytest.approx(np.log(0.5 / 0.5) - np.log(0.4 / 0.6))
    assert gaps[1] == pytest.approx(0.0)


def test_most_uncertain_message_comes_first_and_ties_keep_file_order():
    proba = {
        "sure": (0.99, 0.01),
        "on the need threshold": (0.99, 0.2),
        "near criticism": (0.55, 0.01),
        "also near criticism": (0.55, 0.01),
    }
    messages = [InputText(text, line, "m.txt") for line, text in enumerate(proba, start=1)]
    ranked = rank_by_uncertainty(messages, FixedScores(proba))  # type: ignore[arg-type]
    assert [c.text for c in ranked] == [
        "on the need threshold",
        "near criticism",
        "also near criticism",
        "sure",
    ]
    assert ranked[0].source == "m.txt:2"


def test_session_shows_the_real_models_most_uncertain_message_first(tiny_model, start):
    session = start()
    scores = tiny_model.predict_proba(MESSAGES)
    most_uncertain = MESSAGES[int(np.argmin(uncertainty(scores, tiny_model.thresholds)))]
    assert session.card().text == most_uncertain


def test_messages_are_deduplicated_ignoring_case_and_spacing_and_empty_lines_dropped(tmp_path):
    path = write(tmp_path / "m.txt", "You never help\n\nyou  never HELP\nthanks\n")
    assert [(m.text, m.line) for m in load_messages(path)] == [("You never help", 1), ("thanks", 4)]


def test_each_message_starts_from_the_models_guess(start):
    session = start()
    card = session.card()
    assert {c.label for c in card.choices if c.selected} == set(session.current.guess)
    assert all(c.threshold is not None for c in card.choices)


def test_accept_writes_the_record_to_disk_before_the_next_message(start, tmp_path):
    session = start()
    first = session.current
    session.toggle("need")
    expected = tuple(sorted(set(first.guess) ^ {"need"}, key=session.labels.index))
    session.accept()
    assert records(tmp_path / "labels.jsonl") == [
        {"text": first.text, "labels": list(expected), "source": first.source}
    ]
    assert session.current.text != first.text


def test_skip_is_recorded_so_the_message_is_not_shown_again(start, tmp_path):
    session = start()
    skipped = session.skip()
    assert records(tmp_path / "labels.jsonl") == [
        {"text": skipped.text, "source": skipped.source, "skipped": True}
    ]
    resumed = start()
    while not resumed.finished:
        assert resumed.accept().text != skipped.text


def test_undo_cuts_the_last_record_and_goes_back_with_its_labels(start, tmp_path):
    session = start()
    kept = session.accept()
    session.toggle("support")
    undone = session.accept()
    assert session.undo() == undone
    assert records(tmp_path / "labels.jsonl") == [json.loads(json.dumps(kept.to_dict()))]
    assert session.current.text == undone.text
    assert session.selected == undone.labels
    assert session.progress().labelled == 1


def test_undo_with_nothing_written_does_nothing(start):
    session = start()
    shown = session.current
    assert session.undo() is None
    assert session.current == shown


def test_resume_skips_what_was_labelled_or_skipped(start):
    first = start()
    done = {first.accept().text, first.skip().text}
    resumed = start()
    assert resumed.progress().labelled == 1 and resumed.progress().skipped == 1
    assert resumed.progress().left == len(MESSAGES) - 2
    seen = []
    while not resumed.finished:
        seen.append(resumed.accept().text)
    assert sorted(seen) == sorted(set(MESSAGES) - done)


def test_undo_after_resume_brings_back_the_previous_runs_last_message(start):
    last = start().accept()
    resumed = start()
    assert resumed.undo() == last
    assert resumed.current.text == last.text
    assert resumed.current.scores  # scored again, so its card shows probabilities


def test_new_labels_follow_the_models_and_labels_in_the_file_are_kept(start):
    session = start(labels=("defensiveness",))
    assert session.labels == ("criticism", "contempt", "support", "need", "defensiveness")
    new = next(c for c in session.card().choices if c.label == "defensiveness")
    assert (new.key, new.probability, new.selected) == ("5", None, False)
    session.toggle("defensiveness")
    session.accept()
    assert "defensiveness" in start().labels


def test_limit_ends_the_session_after_that_many_decisions(start):
    session = start(limit=2)
    session.accept()
    session.skip()
    assert session.finished and session.progress().left == len(MESSAGES) - 2


def test_keys_run_from_digits_to_letters_no_action_uses():
    keys = assign_keys([f"label{i}" for i in range(14)])
    assert "".join(keys) == "123456789bcdef"
    assert not {"a", "s", "u", "q"} & set(keys)


def test_press_maps_keys_to_actions(start):
    session = start()
    assert session.press("3").label == "support"
    assert session.press("x").action == "unknown"
    assert session.press("\r").action == "accept"
    assert session.press("S").action == "skip"
    assert session.press("u").action == "undo"
    assert session.press("q").action == "quit" and session.finished


def test_out_file_that_is_not_jsonl_is_refused_with_its_line(tiny_model, messages_file, tmp_path):
    out = write(tmp_path / "labels.jsonl", '{"text": "ok", "labels": []}\nnot json\n')
    with pytest.raises(InputError, match=r"labels.jsonl:2: not a JSON record"):
        open_session(messages_file, out, model=tiny_model)


def test_labelling_a_file_into_itself_is_refused(tiny_model, messages_file):
    with pytest.raises(InputError, match="--out must be another file"):
        open_session(messages_file, messages_file, model=tiny_model)


def test_session_without_candidates_is_finished(tiny_model, tmp_path):
    session = LabelSession(
        [], LabelFile(tmp_path / "l.jsonl"), labels=tiny_model.labels, thresholds={}, limit=None
    )
    assert session.finished and session.card() is None

"""Honest splits and thresholds tuned without touching the held-out data."""

from tone.io.datasets import Example
from tone.train import split_examples, train


def _ex(text, labels=(), writer="a"):
    return Example(text, tuple(labels), writer)


def test_writer_split_keeps_whole_writers_out():
    examples = [_ex(f"message number {i} about {w}", writer=w) for w in "abc" for i in range(5)]
    split = split_examples(examples, test_writers=["c"])
    assert {e.writer for e in split.test} == {"c"}
    assert "c" not in {e.writer for e in split.train}


def test_near_duplicates_never_straddle_a_writer_split():
    examples = [
        _ex("you never ever call me back", writer="a"),
        _ex("you never ever call me back!!", writer="b"),
        _ex("see you at five", writer="b"),
    ]
    split = split_examples(examples, test_writers=["b"])
    assert [e.text for e in split.test] == ["see you at five"]
    assert split.dropped_near_duplicates == 1


def test_random_split_keeps_near_duplicates_together(tiny_examples):
    extra = [_ex("You never call back when you say you will!!", ["criticism"], "t9")]
    split = split_examples([*tiny_examples, *extra], test_fraction=0.25)
    sides = {e.text.lower().rstrip("!.") for e in split.test}
    twins = {"you never call back when you say you will"}
    assert twins <= sides or not twins & sides


def test_train_reports_held_out_metrics_and_fills_the_card(tiny_examples):
    result = train(tiny_examples, ["criticism", "contempt", "support", "need"], test_writers=["t3"])
    card = result.model.card
    assert card.training["n_test"] == len(result.split.test) > 0
    assert set(result.metrics["labels"]) == {"criticism", "contempt", "support", "need"}
    assert card.metrics["held_out"] == result.metrics
    assert all(0.0 < t < 1.0 for t in card.thresholds.values())


def test_training_is_deterministic(tiny_examples):
    labels = ["criticism", "contempt", "support", "need"]
    a = train(tiny_examples, labels, test_writers=["t3"]).model
    b = train(tiny_examples, labels, test_writers=["t3"]).model
    texts = ["you never help", "thanks a lot", "can you call me"]
    assert (a.predict_proba(texts) == b.predict_proba(texts)).all()
    assert a.card.thresholds == b.card.thresholds

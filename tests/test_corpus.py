"""The shipped corpus meets its own quality bar: schema, balance, voices, duplicates, split."""

import json
from pathlib import Path

import pytest

from tone.datacheck import check_corpus
from tone.io.datasets import read_examples

DATA = Path(__file__).resolve().parents[1] / "data"
SPLIT = json.loads((DATA / "splits.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report():
    return check_corpus([DATA / "corpus"], test_writers=SPLIT["test_writers"])


def test_every_label_has_a_thousand_examples_and_a_third_carry_no_tone(report):
    assert min(report.labels.values()) >= 1000, report.labels
    assert report.none / report.n >= 0.35


def test_many_voices_and_every_message_knows_its_writer(report):
    examples = read_examples([DATA / "corpus"])
    assert all(e.writer for e in examples)
    assert len(report.writers) >= 8
    assert max(report.writers.values()) / report.n < 0.15  # no single voice dominates


def test_no_writer_repeats_a_message(report):
    assert report.same_writer_duplicates == 0


def test_the_frozen_test_writers_exist_and_are_a_real_share(report):
    held_out = sum(report.writers[w] for w in SPLIT["test_writers"])
    assert set(SPLIT["test_writers"]) <= set(report.writers)
    assert 0.1 <= held_out / report.n <= 0.3


def test_near_duplicate_rate_stays_low(report):
    assert report.near_duplicate_rate < 0.1

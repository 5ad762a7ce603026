"""The shipped model: rebuilt from data/, in step with the cue rules, right on the golden cases.

These tests are about the artefact in models/default, so they fail when data/ or the cue
lexicons change without `make model`.
"""

import json
from pathlib import Path

import pytest

from tone.model import REPO_MODELS, load_model
from tone.nlp import fingerprint, load_cue_patterns
from tone.train import hash_sources

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "data" / "golden.jsonl"
SHIPPED = REPO_MODELS / "default"


@pytest.fixture(scope="module")
def shipped():
    return load_model(SHIPPED)


def test_card_matches_the_current_training_data(shipped):
    assert shipped.card.data_sha256 == hash_sources([ROOT / "data" / "corpus"]), (
        "data/ changed: run `make model`"
    )


def test_model_matches_the_current_cue_rules(shipped):
    patterns = shipped.pipeline.named_steps["annotate"].patterns_
    assert fingerprint(patterns) == fingerprint(load_cue_patterns()), "cue rules changed: run `make model`"


def test_card_reports_held_out_cross_writer_metrics(shipped):
    held_out = shipped.card.metrics["held_out"]
    assert set(held_out["labels"]) == {"criticism", "contempt", "support", "need"}
    assert "writers held out" in shipped.card.training["split"]


def _golden():
    cases = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["xfail"])) if c.get("xfail") else c
        for c in cases
    ]


@pytest.mark.parametrize("case", _golden(), ids=lambda c: c["text"][:40])
def test_golden_case(shipped, case):
    (labels,) = shipped.decide(shipped.predict_proba([case["text"]]))
    assert sorted(labels) == case["labels"]

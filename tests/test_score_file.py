"""The score file: derived from the pipeline, scores as the pipeline does, ignored when not its model's."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.test_chunks import ADVERSARIAL
from tone.analyzer import Analyzer
from tone.model import CARD_FILE, MODEL_FILE, default_model_dir, load_model
from tone.score_file import FORMAT, SCORE_CARD, SCORE_FILE, load_score_parts, score_state

DATA = Path(__file__).parent / "data"
#: the tiny model lives outside tone's models folder, which the loader rightly says
pytestmark = pytest.mark.filterwarnings("ignore::tone.model.UntrustedModelWarning")


def _texts() -> list[str]:
    golden = [json.loads(line)["text"] for line in (DATA / "golden.jsonl").read_text().splitlines() if line]
    return [*golden, *ADVERSARIAL, "", "   ", "You never listen to me"]


def _assert_same_scores(from_file: Analyzer, from_pipeline: Analyzer, texts: list[str]) -> None:
    found, expected = from_file._scored(texts, False), from_pipeline._scored(texts, False)
    assert found.proba.tobytes() == expected.proba.tobytes()
    assert np.array_equal(found.fired, expected.fired)
    assert np.array_equal(found.cue_counts, expected.cue_counts)
    assert np.array_equal(found.cue_spans, expected.cue_spans)
    assert found.categories == expected.categories


def test_saving_a_model_writes_a_score_file_for_that_model(tiny_model_dir):
    about = json.loads((tiny_model_dir / SCORE_CARD).read_text())
    card = json.loads((tiny_model_dir / CARD_FILE).read_text())
    assert about["format"] == FORMAT
    assert about["model_sha256"] == card["model_sha256"]


def test_score_file_scores_as_the_pipeline_does(tiny_model, tiny_model_dir):
    from_file = Analyzer(tiny_model_dir, n_jobs=1)
    assert from_file._parts is not None
    assert "model" not in from_file.__dict__  # the pipeline is not unpickled to score
    texts = _texts()
    for first in range(0, len(texts), 7):  # batch after batch, as the table fills
        _assert_same_scores(from_file, Analyzer(tiny_model, n_jobs=1), texts[first : first + 7])


def test_shipped_score_file_is_derived_from_the_shipped_pipeline():
    directory = default_model_dir()
    state = score_state(load_model(directory))
    assert state is not None
    assert (directory / SCORE_FILE).read_bytes() == pickle.dumps({"format": FORMAT, **state}, protocol=5)
    assert load_score_parts(directory, load_model(directory).card) is not None


def test_shipped_score_file_scores_as_the_pipeline_does():
    from_file = Analyzer(n_jobs=1)
    assert from_file._parts is not None
    _assert_same_scores(from_file, Analyzer(load_model(), n_jobs=1), _texts())


@pytest.mark.parametrize("change", ["other model", "tampered", "missing", "other format"])
def test_a_score_file_that_is_not_its_models_is_ignored(tmp_path, tiny_model_dir, change):
    for name in (MODEL_FILE, CARD_FILE, SCORE_FILE, SCORE_CARD):
        shutil.copy(tiny_model_dir / name, tmp_path / name)
    about = json.loads((tmp_path / SCORE_CARD).read_text())
    if change == "other model":
        about["model_sha256"] = "0" * 64
    elif change == "other format":
        about["format"] = FORMAT + 1
    elif change == "tampered":
        with (tmp_path / SCORE_FILE).open("ab") as handle:
            handle.write(b"tampered")
    else:
        (tmp_path / SCORE_FILE).unlink()
    (tmp_path / SCORE_CARD).write_text(json.dumps(about))
    analyzer = Analyzer(tmp_path, n_jobs=1)
    assert analyzer._parts is None
    assert (
        analyzer.score("You never listen to me").labels
        == Analyzer(tiny_model_dir, n_jobs=1).score("You never listen to me").labels
    )

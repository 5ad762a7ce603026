"""Persistence and safe loading: overfit, save, reload, compare; refuse what cannot be verified."""

import json

import numpy as np
import pytest

from tone.errors import ModelError
from tone.model import CARD_FILE, MODEL_FILE, ToneVersionWarning, load_model

TEXTS = ["You never call back", "thank you so much!!", "could you text me later?", "ok", "you're pathetic"]


def test_save_then_load_gives_identical_probabilities(tiny_model, tiny_model_dir):
    reloaded = load_model(tiny_model_dir)
    np.testing.assert_array_equal(tiny_model.predict_proba(TEXTS), reloaded.predict_proba(TEXTS))
    assert reloaded.card.thresholds == tiny_model.card.thresholds


def test_batched_scoring_equals_one_by_one(tiny_model):
    batched = tiny_model.predict_proba(TEXTS)
    single = np.vstack([tiny_model.predict_proba([t]) for t in TEXTS])
    np.testing.assert_allclose(batched, single, rtol=0, atol=1e-12)


def test_card_records_versions_thresholds_and_model_hash(tiny_model_dir):
    card = json.loads((tiny_model_dir / CARD_FILE).read_text())
    assert set(card["versions"]) >= {"tone", "spacy", "scikit-learn"}
    assert set(card["thresholds"]) == {"criticism", "contempt", "support", "need"}
    assert len(card["model_sha256"]) == 64


def test_directory_without_card_is_refused(tmp_path, tiny_model_dir):
    (tmp_path / MODEL_FILE).write_bytes((tiny_model_dir / MODEL_FILE).read_bytes())
    with pytest.raises(ModelError, match=r"has no card\.json; tone only loads models it can verify"):
        load_model(tmp_path)


def test_model_file_changed_after_training_is_refused(tmp_path, tiny_model_dir):
    for name in (MODEL_FILE, CARD_FILE):
        (tmp_path / name).write_bytes((tiny_model_dir / name).read_bytes())
    with (tmp_path / MODEL_FILE).open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ModelError, match="does not match the sha256 in its card"):
        load_model(tmp_path)


def test_other_library_versions_warn_once_with_the_rebuild_command(tmp_path, tiny_model_dir):
    for name in (MODEL_FILE, CARD_FILE):
        (tmp_path / name).write_bytes((tiny_model_dir / name).read_bytes())
    card = json.loads((tmp_path / CARD_FILE).read_text())
    card["versions"]["scikit-learn"] = "0.0.1"
    (tmp_path / CARD_FILE).write_text(json.dumps(card))
    with pytest.warns(ToneVersionWarning, match=r"scikit-learn 0.0.1 → .*make model"):
        load_model(tmp_path)


def test_unloadable_model_file_gives_one_line_error(tmp_path, tiny_model_dir):
    from tone.model import sha256_file

    (tmp_path / MODEL_FILE).write_bytes(b"not a pickle at all")
    card = json.loads((tiny_model_dir / CARD_FILE).read_text())
    card["model_sha256"] = sha256_file(tmp_path / MODEL_FILE)
    (tmp_path / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(ModelError, match=r"cannot load .*rebuild it with `make model`"):
        load_model(tmp_path)


def test_missing_directory_says_how_to_get_a_model(tmp_path):
    with pytest.raises(ModelError, match="model directory not found"):
        load_model(tmp_path / "nope")


def test_loading_a_model_from_outside_tone_says_once_that_models_run_code(tmp_path, tiny_model_dir):
    import warnings

    from tone.model import UntrustedModelWarning

    for name in (MODEL_FILE, CARD_FILE):
        (tmp_path / name).write_bytes((tiny_model_dir / name).read_bytes())
    with pytest.warns(UntrustedModelWarning, match="can execute code when loaded"):
        load_model(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UntrustedModelWarning)
        load_model(tmp_path)  # the second load stays quiet


def test_the_shipped_model_loads_without_a_trust_warning():
    import warnings

    from tone.model import UntrustedModelWarning, default_model_dir

    with warnings.catch_warnings():
        warnings.simplefilter("error", UntrustedModelWarning)
        load_model(default_model_dir())


def test_fused_logistic_gives_scikit_learns_probabilities_to_the_bit():
    from tone.model import FusedLogistic, load_model

    model = load_model()
    texts = ["You never listen", "thanks so much!!", "can you call me? I need help", "ok", ""] * 40
    X = model.features(model.annotate(texts))
    classifier = model.pipeline.named_steps["classify"]
    fused = FusedLogistic.of(classifier)
    assert fused is not None
    assert fused.predict_proba(X).tobytes() == classifier.predict_proba(X).tobytes()
    assert model.proba_from_features(X).tobytes() == model.proba_from_features(X, fused=False).tobytes()


def test_other_classifiers_are_not_fused():
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.naive_bayes import ComplementNB

    from tone.model import FusedLogistic

    assert FusedLogistic.of(ComplementNB()) is None
    assert FusedLogistic.of(OneVsRestClassifier(ComplementNB())) is None

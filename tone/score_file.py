"""A model's score-time state as plain arrays, saved beside it: scoring without scikit-learn.

``model.joblib`` is a pickled scikit-learn pipeline: unpickling it imports scikit-learn,
~0.55 s of the ~1.4 s a fresh ``tone score --input`` spent before its first batch. The
columnar route (:mod:`tone.columnar`) reads only the fitted state of four blocks — the cue
rules, the word vocabulary and idf, the character n-gram vocabulary and idf, the cue
categories — and the classifier's weights (:class:`~tone.model.FusedLogistic`). Those are
saved as ``score.pkl`` (dicts, numpy arrays and a :class:`~tone.cue_rules.CueRules`: no
scikit-learn class) with ``score.json`` naming the ``model.joblib`` they were derived from
and their own sha256. :meth:`ToneModel.save <tone.model.ToneModel.save>` writes them, so
``make model`` and ``tone train`` do; a file that does not match its model is ignored and
the pipeline is loaded as before.

The weights are the pipeline's own arrays, weighed by the same code
(:mod:`tone.feature_weights`, :meth:`WordTfidf.matrix <tone.tfidf.WordTfidf.matrix>`), and
the fused classifier is only saved once it agrees with ``predict_proba`` to the bit:
``tests/test_score_file.py`` compares the two routes on the test data.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from tone.model import FusedLogistic, ModelCard, ToneModel, apply_calibration

SCORE_FILE = "score.pkl"
SCORE_CARD = "score.json"
#: bumped whenever the saved state changes shape; other formats are ignored
FORMAT = 1


class ScoreParts:
    """The columnar route and classifier of a model, rebuilt from its score file."""

    def __init__(self, card: ModelCard, state: dict[str, Any]):
        self.thresholds = np.array([card.thresholds[label] for label in card.labels])
        self.calibration = [card.calibration[label] for label in card.labels] if card.calibration else None
        self.fused = FusedLogistic(state["weights"], state["intercepts"])
        self._state: dict[str, Any] | None = state
        self._columnar: Any = None

    def columnar(self) -> Any:
        """The :class:`~tone.columnar.ColumnarFeatures` of the saved state, made on first use."""
        if self._columnar is None and self._state is not None:
            from tone.columnar import ColumnarFeatures
            from tone.feature_weights import CharTfidfWeights, CueCountWeights
            from tone.tfidf import WordTfidf

            state, self._state = self._state, None
            self._columnar = ColumnarFeatures(
                state["rules"],
                WordTfidf.of_arrays(state["word_vocabulary"], state["word_idf"], state["word_max_n"]),
                CharTfidfWeights.of_arrays(
                    state["char_range"], state["char_sublinear"], state["char_vocabulary"], state["char_idf"]
                ),
                CueCountWeights.of_categories(state["categories"]),
                state["order"],
            )
        return self._columnar

    def proba(self, X: Any) -> np.ndarray:
        """What :meth:`ToneModel.proba_from_features <tone.model.ToneModel.proba_from_features>` gives."""
        proba = self.fused.predict_proba(X)
        return apply_calibration(proba, self.calibration) if self.calibration else proba


def score_state(model: ToneModel) -> dict[str, Any] | None:
    """The state :class:`ScoreParts` needs, taken from a fitted model; ``None`` if it has no columnar route."""
    columnar = model.columnar()
    fused = model._fused_logistic(model.pipeline.named_steps["classify"])
    if columnar is None or fused is None:
        return None
    words, chars = columnar.words, columnar.chars
    return {
        "rules": columnar.rules,
        "word_vocabulary": words.vocabulary,
        "word_idf": np.asarray(words.idf),
        "word_max_n": words.grams.max_n,
        "char_range": tuple(chars.ngram_range),
        "char_sublinear": bool(chars.sublinear_tf),
        "char_vocabulary": chars.vocabulary_,
        "char_idf": np.asarray(chars.idf_),
        "categories": list(columnar.cues.categories_),
        "order": list(columnar.order),
        "weights": fused.weights,
        "intercepts": fused.intercepts,
    }


def write_score_file(model: ToneModel, directory: str | Path) -> Path | None:
    """Save ``model``'s score state in ``directory`` (after its card); ``None`` if it has none."""
    directory = Path(directory)
    for name in (SCORE_CARD, SCORE_FILE):  # never leave a stale pair behind
        (directory / name).unlink(missing_ok=True)
    state = score_state(model)
    if state is None:
        return None
    path = directory / SCORE_FILE
    data = pickle.dumps({"format": FORMAT, **state}, protocol=5)
    path.write_bytes(data)
    card = {
        "format": FORMAT,
        "model_sha256": model.card.model_sha256,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    (directory / SCORE_CARD).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return path


def _about(directory: Path, card: ModelCard) -> dict[str, Any] | None:
    """``score.json`` when it names this format and the model ``card`` describes, else ``None``."""
    try:
        about = json.loads((directory / SCORE_CARD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(about, dict)
        or about.get("format") != FORMAT
        or not card.model_sha256
        or about.get("model_sha256") != card.model_sha256
        or not (directory / SCORE_FILE).exists()
    ):
        return None
    return about


def score_card(directory: str | Path, card: ModelCard) -> dict[str, Any] | None:
    """``score.json`` when ``directory`` holds a score file made for the model ``card``
    describes (cheap: no hashing), else ``None``; :func:`load_score_parts` takes it."""
    return _about(Path(directory), card)


def load_score_parts(
    directory: str | Path, card: ModelCard, about: dict[str, Any] | None = None
) -> ScoreParts | None:
    """The score parts saved for the model ``card`` describes, or ``None`` when absent or not
    its own. ``about``: its :func:`score_card`, when the caller has read it already."""
    directory = Path(directory)
    about = about if about is not None else _about(directory, card)
    if about is None:
        return None
    data = (directory / SCORE_FILE).read_bytes()  # read once: hashed, then unpickled
    if hashlib.sha256(data).hexdigest() != about.get("sha256"):
        return None
    state = pickle.loads(data)
    if state.pop("format", None) != FORMAT:
        return None
    return ScoreParts(card, state)

"""The tone model: one scikit-learn pipeline plus its card, saved and loaded safely.

A model directory holds ``model.joblib`` (the fitted pipeline) and ``card.json`` (labels,
per-label thresholds, metrics, data hash, library versions, the sha256 of the model file).
Thresholds are data in the card, never constants in code.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tone.errors import ModelError
from tone.nlp import Annotated

MODEL_FILE = "model.joblib"
CARD_FILE = "card.json"
#: the four tones of the shipped model, in the order scores are reported.
DEFAULT_LABELS = ("criticism", "contempt", "support", "need")
REPO_MODELS = Path(__file__).resolve().parents[1] / "models"
DEFAULT_MODEL_NAME = "default"


@dataclass(frozen=True)
class PipelineConfig:
    """The choices that define a model's pipeline; stored in its card."""

    classifier: str = "logreg"
    word_ngrams: int = 2
    char_ngrams: tuple[int, int] | None = (2, 5)
    cues: bool = True
    surface: bool = False
    C: float = 64.0
    min_df: int = 2
    keep_punct: bool = True

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PipelineConfig:
        data = dict(data)
        if data.get("char_ngrams") is not None:
            data["char_ngrams"] = tuple(data["char_ngrams"])
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def build_pipeline(config: PipelineConfig | None = None, patterns: Sequence[dict] | None = None) -> Any:
    """Build the unfitted scikit-learn pipeline: annotate → features → one-vs-rest classifier."""
    config = config or PipelineConfig()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    from tone.features import CharNgrams, CueAnnotator, CueCounts, SurfaceFeatures, WordNgrams

    parts: list[tuple[str, Any]] = [
        (
            "words",
            TfidfVectorizer(
                analyzer=WordNgrams(config.word_ngrams, config.keep_punct),
                min_df=config.min_df,
                sublinear_tf=True,
            ),
        ),
    ]
    if config.char_ngrams:
        parts.append(("chars", CharNgrams(ngram_range=config.char_ngrams, min_df=config.min_df)))
    if config.cues:
        parts.append(("cues", CueCounts()))
    if config.surface:
        parts.append(("shape", SurfaceFeatures()))
    return Pipeline(
        [
            ("annotate", CueAnnotator(patterns=patterns)),
            ("features", FeatureUnion(parts)),
            ("classify", OneVsRestClassifier(_classifier(config))),
        ]
    )


def _classifier(config: PipelineConfig) -> Any:
    """The per-label binary classifier named in ``config``."""
    if config.classifier == "logreg":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=config.C, class_weight="balanced", max_iter=5000, solver="liblinear")
    if config.classifier == "svm":
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        svm = LinearSVC(C=config.C / 8, class_weight="balanced", max_iter=20_000)
        return CalibratedClassifierCV(svm, method="sigmoid", cv=3)
    if config.classifier == "cnb":
        from sklearn.naive_bayes import ComplementNB

        return ComplementNB(alpha=0.3)
    raise ModelError(f"unknown classifier {config.classifier!r}; choose logreg, svm or cnb")


@dataclass
class ModelCard:
    """What a model is, how it was made and how well it did; saved as ``card.json``."""

    labels: list[str]
    thresholds: dict[str, float]
    #: per-label Platt scaling ``[a, b]``: p = sigmoid(a * logit(p_raw) + b); empty = none.
    calibration: dict[str, list[float]] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    data_sha256: str = ""
    model_sha256: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    created: str = ""
    name: str = ""
    description: str = ""
    training: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelCard:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def fit_calibration(y: np.ndarray, proba: np.ndarray) -> list[list[float]]:
    """Platt scaling per label, fitted on out-of-fold probabilities.

    Balanced-class logistic regression on TF-IDF is over-confident (0.99 where 0.8 would be
    honest); one slope and intercept per label on the logit, fitted on predictions for
    messages the model did not train on, bring the probabilities back in line.
    """
    from sklearn.linear_model import LogisticRegression

    params = []
    for j in range(y.shape[1]):
        scaler = LogisticRegression(C=1e4, solver="lbfgs")
        scaler.fit(_logit(proba[:, j]).reshape(-1, 1), y[:, j])
        params.append([round(float(scaler.coef_[0, 0]), 6), round(float(scaler.intercept_[0]), 6)])
    return params


def apply_calibration(proba: np.ndarray, params: Sequence[Sequence[float]]) -> np.ndarray:
    """Apply per-label Platt scaling to raw probabilities."""
    a = np.array([p[0] for p in params])
    b = np.array([p[1] for p in params])
    return 1.0 / (1.0 + np.exp(-(a * _logit(proba) + b)))


def library_versions() -> dict[str, str]:
    """Versions whose change can alter a pickled model's behaviour."""
    import joblib
    import sklearn
    import spacy

    from tone import __version__

    return {
        "tone": __version__,
        "spacy": spacy.__version__,
        "scikit-learn": sklearn.__version__,
        "joblib": joblib.__version__,
        "python": ".".join(map(str, sys.version_info[:3])),
    }


class ToneModel:
    """A fitted pipeline with its labels and thresholds."""

    def __init__(self, pipeline: Any, card: ModelCard):
        self.pipeline = pipeline
        self.card = card

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.card.labels)

    @property
    def thresholds(self) -> np.ndarray:
        return np.array([self.card.thresholds[label] for label in self.card.labels])

    def annotate(self, texts: Iterable[str]) -> list[Annotated]:
        """Run spaCy and the cue rules (the pipeline's first step)."""
        return self.pipeline.named_steps["annotate"].transform(texts)

    def features(self, annotated: Sequence[Annotated]) -> Any:
        """The feature matrix for annotated messages (the pipeline's second step).

        Equal to the bit to ``FeatureUnion.transform``, with the word TF-IDF built by
        :class:`~tone.tfidf.WordTfidf` instead of scikit-learn's per-n-gram loop.
        """
        union = self.pipeline.named_steps["features"]
        routes = self._feature_routes(union)
        if routes is None:
            return union.transform(annotated)
        import scipy.sparse as sp

        return sp.hstack([route(annotated) for route in routes]).tocsr()

    def _feature_routes(self, union: Any) -> list[Callable[[Sequence[Annotated]], Any]] | None:
        """How to compute each block of the union, or ``None`` if only scikit-learn knows how."""
        if getattr(self, "_routes_of", None) is not union:
            self._routes_of, self._routes = union, _feature_routes(union)
        return self._routes

    def columnar(self) -> Any:
        """The batch-at-once route to features and cues (:mod:`tone.columnar`), or ``None``.

        ``None`` when the pipeline has blocks that route does not know; made once per pipeline.
        """
        union = self.pipeline.named_steps["features"]
        if getattr(self, "_columnar_of", None) is not union:
            from tone.columnar import ColumnarFeatures

            routes = self._feature_routes(union)
            self._columnar_of, self._columnar = union, ColumnarFeatures.for_pipeline(self.pipeline, routes)
        return self._columnar

    def proba_from_features(self, X: Any, *, fused: bool = True) -> np.ndarray:
        """Per-label probabilities, shape ``(n, len(labels))``, calibrated when the card says how.

        With ``fused`` (the default), a one-vs-rest logistic regression is applied as one
        product with all its labels' weights (:class:`FusedLogistic`), the same numbers as
        its ``predict_proba``; ``fused=False`` always asks scikit-learn.
        """
        classifier = self.pipeline.named_steps["classify"]
        fast = self._fused_logistic(classifier) if fused else None
        proba = fast.predict_proba(X) if fast is not None else classifier.predict_proba(X)
        proba = np.asarray(proba, dtype=np.float64).reshape(X.shape[0], len(self.card.labels))
        if self.card.calibration:
            proba = apply_calibration(proba, [self.card.calibration[label] for label in self.card.labels])
        return proba

    def _fused_logistic(self, classifier: Any) -> FusedLogistic | None:
        if getattr(self, "_fused_of", None) is not classifier:
            self._fused_of, self._fused = classifier, FusedLogistic.of(classifier)
        return self._fused

    def predict_proba(self, texts: Iterable[str]) -> np.ndarray:
        return self.proba_from_features(self.features(self.annotate(texts)))

    def decide(self, proba: np.ndarray) -> list[tuple[str, ...]]:
        """Labels whose probability reaches that label's threshold."""
        hits = (proba >= self.thresholds).tolist()
        labels = self.card.labels
        return [tuple(label for label, hit in zip(labels, row, strict=True) if hit) for row in hits]

    def feature_names(self) -> np.ndarray:
        return self.pipeline.named_steps["features"].get_feature_names_out()

    def save(self, directory: str | Path) -> Path:
        """Write ``model.joblib``, ``card.json`` (with the model file's sha256) and the score file.

        The score file (:mod:`tone.score_file`) holds what scoring reads, without scikit-learn.
        """
        import joblib

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        model_path = directory / MODEL_FILE
        # joblib's unpickler is pure Python (so it can intercept numpy arrays) and took ~0.3 s
        # on our dict-heavy pipeline; pickled to bytes first, the C unpickler loads it in 0.04 s.
        joblib.dump(pickle.dumps(self.pipeline, protocol=5), model_path, compress=3)
        self.card.model_sha256 = sha256_file(model_path)
        (directory / CARD_FILE).write_text(self.card.to_json(), encoding="utf-8")
        from tone.score_file import write_score_file

        write_score_file(self, directory)
        return directory


class FusedLogistic:
    """``OneVsRestClassifier(LogisticRegression)``'s multilabel ``predict_proba`` as one sparse product.

    scikit-learn computes each label's decision as its own product ``X @ coef_.T`` (scipy's
    ``csr_matvec``: per row, ``0 + a1*w1 + a2*w2 …`` in index order), then ``expit``. Here the
    labels' weights are the columns of one matrix, and scipy's ``csr_matvecs`` makes the same
    sums in the same order for every column at once: one pass over ``X`` instead of four,
    ~1.5 µs per message. :meth:`of` checks the two agree to the bit on a random matrix before
    it is used (a build that compiled the two loops differently keeps scikit-learn's).
    """

    def __init__(self, weights: np.ndarray, intercepts: np.ndarray):
        self.weights = weights
        self.intercepts = intercepts

    @classmethod
    def of(cls, classifier: Any) -> FusedLogistic | None:
        """The fused form of ``classifier``, or ``None`` when it is another kind or does not agree."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        estimators = getattr(classifier, "estimators_", None)
        if (
            type(classifier) is not OneVsRestClassifier
            or not getattr(classifier, "multilabel_", False)
            or not estimators
            or len(estimators) < 2
            or not all(type(e) is LogisticRegression and len(e.classes_) == 2 for e in estimators)
            or not all(e.coef_.shape == (1, estimators[0].coef_.shape[1]) for e in estimators)
        ):
            return None
        fused = cls(
            np.ascontiguousarray(np.hstack([e.coef_.T for e in estimators]), dtype=np.float64),
            np.array([e.intercept_[0] for e in estimators], dtype=np.float64),
        )
        return fused if fused._agrees_with(classifier) else None

    def predict_proba(self, X: Any) -> np.ndarray:
        from scipy.special import expit

        decision = X @ self.weights
        decision += self.intercepts
        return expit(decision, out=decision)

    def _agrees_with(self, classifier: Any) -> bool:
        import scipy.sparse as sp

        rng = np.random.default_rng(0)
        X = sp.random(
            64, self.weights.shape[0], density=min(1.0, 300 / self.weights.shape[0]), format="csr", rng=rng
        )
        X.data = np.log1p(X.data * 10.0)
        return bool(self.predict_proba(X).tobytes() == np.asarray(classifier.predict_proba(X)).tobytes())


def _feature_routes(union: Any) -> list[Callable[[Sequence[Annotated]], Any]] | None:
    """Each transformer's ``transform``, words through :class:`~tone.tfidf.WordTfidf`.

    ``None`` (use ``union.transform``) when the union weighs, drops or passes through blocks,
    runs in parallel or outputs other containers than scipy matrices.
    """
    from sklearn import get_config

    from tone.tfidf import WordTfidf

    plain = (
        not union.transformer_weights
        and union.n_jobs in (None, 1)
        and get_config().get("transform_output", "default") == "default"
        and not getattr(union, "_sklearn_output_config", None)
        and all(hasattr(t, "transform") for _, t in union.transformer_list)
    )
    if not plain:
        return None
    return [
        WordTfidf(t).transform if WordTfidf.supports(t) else t.transform for _, t in union.transformer_list
    ]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_model_dir() -> Path:
    """Where the model comes from when none is named: ``$TONE_MODEL`` or the shipped one."""
    env = os.environ.get("TONE_MODEL")
    if env:
        return Path(env)
    candidates = [
        REPO_MODELS / DEFAULT_MODEL_NAME,
        Path(sys.prefix) / "share" / "tone" / "models" / DEFAULT_MODEL_NAME,
    ]
    for candidate in candidates:
        if (candidate / CARD_FILE).exists():
            return candidate
    return candidates[0]


def read_card(directory: str | Path) -> ModelCard:
    """Read a model's card, refusing a directory that has none."""
    directory = Path(directory)
    card_path = directory / CARD_FILE
    if not directory.is_dir():
        raise ModelError(
            f"model directory not found: {directory} (train one with `tone train` or run `make model`)"
        )
    if not card_path.exists():
        raise ModelError(
            f"{directory} has no {CARD_FILE}; tone only loads models it can verify (retrain with `tone train`)"
        )
    try:
        return ModelCard.from_dict(json.loads(card_path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, TypeError) as exc:
        raise ModelError(f"{card_path} is not a valid model card ({exc})") from None


def load_model(directory: str | Path | None = None) -> ToneModel:
    """Load and verify a model directory (default: the shipped model).

    Refuses a directory without a card or whose model file does not match the card's sha256;
    warns (``ToneVersionWarning``) when the libraries differ from the ones it was trained with.
    """
    directory = Path(directory) if directory is not None else default_model_dir()
    card = check_model(directory, stacklevel=4)
    return ToneModel(unpickle_pipeline(directory), card)


def check_model(directory: Path, *, stacklevel: int = 3) -> ModelCard:
    """All :func:`load_model` checks and warnings, without unpickling: the model's card.

    Scoring from the score file (:mod:`tone.score_file`) checks the model this way and
    unpickles the pipeline only if something needs it (:func:`unpickle_pipeline`).
    """
    card = read_card(directory)
    model_path = directory / MODEL_FILE
    if not model_path.exists():
        raise ModelError(f"{directory} has a card but no {MODEL_FILE}")
    if card.model_sha256 and sha256_file(model_path) != card.model_sha256:
        raise ModelError(f"{model_path} does not match the sha256 in its card; it was changed after training")
    # warnings name the line that asked for the model (``stacklevel`` frames up from them)
    _warn_on_version_drift(card, directory, stacklevel)
    _warn_if_foreign(directory, stacklevel)
    return card


def unpickle_pipeline(directory: Path) -> Any:
    """The fitted pipeline of a model directory :func:`check_model` has checked."""
    return _unpickle(directory / MODEL_FILE)


class ToneVersionWarning(UserWarning):
    """The model was trained with other library versions than the ones installed."""


class UntrustedModelWarning(UserWarning):
    """A model from outside tone's own models folder is being loaded (pickles run code)."""


_WARNED_FOREIGN: set[Path] = set()


def _warn_if_foreign(directory: Path, stacklevel: int) -> None:
    """Say once per model and process that model files execute code when loaded."""
    resolved = directory.resolve()
    own = [REPO_MODELS.resolve(), (Path(sys.prefix) / "share" / "tone" / "models").resolve()]
    if any(resolved.is_relative_to(root) for root in own) or resolved in _WARNED_FOREIGN:
        return
    _WARNED_FOREIGN.add(resolved)
    warnings.warn(
        f"loading {directory}: model files can execute code when loaded; use only models from a source you trust",
        UntrustedModelWarning,
        stacklevel=stacklevel,
    )


def _warn_on_version_drift(card: ModelCard, directory: Path, stacklevel: int) -> None:
    # the installed versions from their metadata: importing scikit-learn to read its
    # __version__ would cost the score file's route the ~0.55 s it saves
    from importlib import metadata

    current = {lib: metadata.version(lib) for lib in ("scikit-learn", "spacy")}
    drift = [
        f"{lib} {card.versions[lib]} → {current[lib]}"
        for lib in ("scikit-learn", "spacy")
        if card.versions.get(lib) and card.versions[lib] != current[lib]
    ]
    if drift:
        warnings.warn(
            f"model {directory} was trained with other library versions ({', '.join(drift)}); "
            "if scores look wrong, rebuild it with `make model`",
            ToneVersionWarning,
            stacklevel=stacklevel,
        )


def _unpickle(model_path: Path) -> Any:
    import joblib

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sklearn's own version warning; ours is clearer
            loaded = joblib.load(model_path)
            # models saved before the pipeline was stored as pickled bytes still load
            return pickle.loads(loaded) if isinstance(loaded, bytes) else loaded
    except Exception as exc:
        raise ModelError(
            f"cannot load {model_path} with the installed libraries ({type(exc).__name__}: {exc}); "
            "rebuild it with `make model` or `tone train`"
        ) from None

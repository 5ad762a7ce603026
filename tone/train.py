"""Training: split honestly, tune thresholds on data the model did not see, fit, measure.

The split keeps whole writers out when the data says who wrote what (a cross-writer test is
the best in-house proxy for real people), and never lets near-duplicates straddle it.
Thresholds come from out-of-fold probabilities on the training part only; the held-out part
is touched once, to report metrics.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from tone.duplicates import duplicate_groups
from tone.errors import DataError, ModelError
from tone.evaluate import best_thresholds, indicator, label_metrics, probability_quality
from tone.io.datasets import Example, read_examples, text_key
from tone.model import (
    DEFAULT_LABELS,
    ModelCard,
    PipelineConfig,
    ToneModel,
    apply_calibration,
    build_pipeline,
    default_model_dir,
    fit_calibration,
    library_versions,
    load_model,
)
from tone.nlp import Annotated

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Split:
    """Train and held-out examples, and how the split was made."""

    train: list[Example]
    test: list[Example]
    method: str
    dropped_near_duplicates: int = 0


@dataclass
class TrainResult:
    model: ToneModel
    metrics: dict[str, Any]
    split: Split
    cv_metrics: dict[str, Any] = field(default_factory=dict)


def split_examples(
    examples: Sequence[Example],
    *,
    test_writers: Sequence[str] | None = None,
    test_fraction: float = 0.2,
    seed: int = 13,
) -> Split:
    """Hold out named writers, or a stratified random share grouped by near-duplicates.

    With ``test_writers``, test messages that nearly duplicate a training message are
    dropped from the test side (and counted), because the model has effectively seen them.
    """
    examples = list(examples)
    groups = duplicate_groups([e.text for e in examples])
    if test_writers:
        wanted = set(test_writers)
        train = [e for e in examples if e.writer not in wanted]
        train_groups = {g for e, g in zip(examples, groups, strict=True) if e.writer not in wanted}
        test_all = [(e, g) for e, g in zip(examples, groups, strict=True) if e.writer in wanted]
        test = [e for e, g in test_all if g not in train_groups]
        return Split(train, test, f"writers held out: {', '.join(sorted(wanted))}", len(test_all) - len(test))
    return _stratified_group_split(examples, groups, test_fraction, seed)


def _stratified_group_split(examples: list[Example], groups: list[int], fraction: float, seed: int) -> Split:
    from sklearn.model_selection import StratifiedGroupKFold

    strata = [_stratum(e.labels) for e in examples]
    folds = max(2, round(1 / fraction))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    train_idx, test_idx = next(splitter.split(np.zeros(len(examples)), strata, groups))
    return Split(
        [examples[i] for i in sorted(train_idx)],
        [examples[i] for i in sorted(test_idx)],
        f"stratified {100 / folds:.0f}% held out, near-duplicates kept together",
    )


def _stratum(labels: tuple[str, ...]) -> str:
    return "+".join(labels) if labels else "none"


def fit_model(
    examples: Sequence[Example],
    labels: Sequence[str],
    *,
    config: PipelineConfig | None = None,
    cv_folds: int = 4,
    patterns: Sequence[dict] | None = None,
    progress: Progress | None = None,
    seed: int = 13,
    calibrate: bool = True,
) -> tuple[ToneModel, dict[str, Any]]:
    """Fit a model on ``examples`` with thresholds tuned on out-of-fold probabilities.

    Folds group by writer when writers are known (so thresholds are tuned cross-writer),
    else by near-duplicate group. Returns the model and the out-of-fold metrics.
    """
    say = progress or (lambda message: None)
    config = config or PipelineConfig()
    texts = [e.text for e in examples]
    y = indicator([e.labels for e in examples], labels)
    pipeline = build_pipeline(config, patterns)
    say(f"annotating {len(texts)} messages")
    annotated = pipeline.named_steps["annotate"].fit(texts).transform(texts)
    groups = _fold_groups(examples)
    say(f"tuning thresholds on {cv_folds}-fold out-of-fold predictions")
    raw = out_of_fold_proba(pipeline, annotated, y, groups, cv_folds, seed, say)
    calibration = fit_calibration(y, raw) if calibrate else []
    oof = apply_calibration(raw, calibration) if calibrate else raw
    thresholds = best_thresholds(y, oof)
    cv_metrics = label_metrics(y, oof >= np.array(thresholds), oof, labels, thresholds)
    cv_metrics["uncalibrated"] = probability_quality(y, raw, labels)
    say("fitting the final model")
    pipeline[1:].fit(annotated, y)
    card = ModelCard(
        labels=list(labels),
        thresholds={label: t for label, t in zip(labels, thresholds, strict=True)},
        calibration={label: c for label, c in zip(labels, calibration, strict=False)},
        config=_jsonable(asdict(config)),
        versions=library_versions(),
        created=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )
    return ToneModel(pipeline, card), cv_metrics


def _fold_groups(examples: Sequence[Example]) -> list[Any]:
    writers = {e.writer for e in examples}
    if None not in writers and len(writers) >= 3:
        return [e.writer for e in examples]
    return duplicate_groups([e.text for e in examples])


def out_of_fold_proba(
    pipeline: Any,
    annotated: list[Annotated],
    y: np.ndarray,
    groups: Sequence[Any],
    folds: int,
    seed: int,
    say: Progress,
) -> np.ndarray:
    """Probabilities for every example from a model that did not train on it."""
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold

    n_groups = len(set(groups))
    folds = max(2, min(folds, n_groups))
    oof = np.zeros(y.shape, dtype=np.float64)
    splitter = GroupKFold(n_splits=folds)
    for k, (train_idx, test_idx) in enumerate(splitter.split(annotated, y, groups), start=1):
        say(f"fold {k}/{folds}")
        head = clone(pipeline[1:])
        _check_trainable(y[train_idx])
        head.fit([annotated[i] for i in train_idx], y[train_idx])
        oof[test_idx] = np.asarray(head.predict_proba([annotated[i] for i in test_idx]))
    return oof


def _check_trainable(y: np.ndarray) -> None:
    from tone.errors import DataError

    for j in range(y.shape[1]):
        if y[:, j].all() or not y[:, j].any():
            raise DataError(
                "a label is on every example or on none in a training fold; add more varied examples"
            )


def train(
    examples: Sequence[Example],
    labels: Sequence[str],
    *,
    test_writers: Sequence[str] | None = None,
    test_fraction: float = 0.2,
    config: PipelineConfig | None = None,
    data_sha256: str = "",
    progress: Progress | None = None,
    seed: int = 13,
) -> TrainResult:
    """Split, fit with tuned thresholds, and measure on the held-out part."""
    split = split_examples(examples, test_writers=test_writers, test_fraction=test_fraction, seed=seed)
    model, cv_metrics = fit_model(split.train, labels, config=config, progress=progress, seed=seed)
    metrics = evaluate_examples(model, split.test)
    model.card.metrics = {"held_out": metrics, "cross_validation": cv_metrics}
    model.card.data_sha256 = data_sha256
    model.card.training = {
        "n_train": len(split.train),
        "n_test": len(split.test),
        "split": split.method,
        "test_near_duplicates_dropped": split.dropped_near_duplicates,
        "seed": seed,
    }
    return TrainResult(model, metrics, split, cv_metrics)


def evaluate_examples(model: ToneModel, examples: Sequence[Example]) -> dict[str, Any]:
    """Metrics of ``model`` on labelled ``examples`` (labels outside the model are ignored)."""
    proba = model.predict_proba([e.text for e in examples])
    y_true = indicator([e.labels for e in examples], model.labels)
    y_pred = proba >= model.thresholds
    return label_metrics(y_true, y_pred, proba, model.labels, list(model.thresholds))


def hash_sources(paths: Sequence[str | Path]) -> str:
    """sha256 over the bytes of every data file (directories expanded, sorted)."""
    digest = hashlib.sha256()
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


#: tone's own labelled corpus, present in a source checkout (it is not part of the wheel).
SHIPPED_CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def with_shipped_corpus(examples: list[Example]) -> list[Example]:
    """The user's examples plus tone's corpus, dropping corpus texts the user labelled too."""
    if not SHIPPED_CORPUS.is_dir():
        raise DataError(
            f"tone's corpus is not installed with this copy of tone (expected {SHIPPED_CORPUS}); "
            "use --base none or train from a source checkout"
        )
    mine = {text_key(e.text) for e in examples}
    shipped = [e for e in read_examples([SHIPPED_CORPUS]) if text_key(e.text) not in mine]
    return [*examples, *shipped]


def shipped_model_metrics(result: TrainResult, out: str | Path) -> dict[str, Any]:
    """Metrics of the shipped model on the same held-out messages, when the labels overlap."""
    shipped_dir = default_model_dir()
    if not result.split.test or Path(out).resolve() == shipped_dir.resolve():
        return {}
    try:
        shipped = load_model(shipped_dir)
    except ModelError:
        return {}
    if not set(shipped.labels) & set(result.model.labels):
        return {}
    return evaluate_examples(shipped, result.split.test)


def ordered_labels(found: Sequence[str]) -> list[str]:
    """The shipped labels first in their usual order, then any new ones alphabetically."""
    known = [label for label in DEFAULT_LABELS if label in found]
    return known + sorted(label for label in found if label not in DEFAULT_LABELS)


def check_label_counts(examples: Sequence[Example], labels: Sequence[str], minimum: int) -> None:
    if not labels:
        raise DataError("no labels in the data: every example has labels [] (nothing to learn)")
    problems = []
    for label in labels:
        count = sum(label in e.labels for e in examples)
        if count < minimum:
            first = next(e for e in examples if label in e.labels)
            others = [other for other in labels if other != label]
            close = difflib.get_close_matches(label, [*others, *DEFAULT_LABELS], n=1, cutoff=0.75)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                f"{first.source}:{first.line}: label {label!r} has only {count} example(s){hint}; "
                f"at least {minimum} are needed to train and measure it"
            )
    if problems:
        raise DataError(
            problems[0] if len(problems) == 1 else f"{len(problems)} labels have too few examples",
            problems=problems,
        )

"""The Python API: one function or method per user task, returning data.

- score and rephrase messages: :class:`Analyzer` (:mod:`tone.analyzer`);
- analyse a chat export: :func:`analyze_export` (:mod:`tone.export_analysis`);
- train and evaluate models: :func:`train_model`, :func:`evaluate_model`; list them: :func:`list_models`.

>>> from tone.api import Analyzer
>>> analyzer = Analyzer()                                     # doctest: +SKIP
>>> analyzer.score("You never listen to me").labels           # doctest: +SKIP
('criticism',)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tone.analyzer import PARALLEL_MIN, SCORE_BATCH, Analyzer
from tone.errors import DataError
from tone.export_analysis import ExportAnalysis, ExportOptions, analyze_export
from tone.io.datasets import label_set, read_examples
from tone.model import PipelineConfig, ToneModel

__all__ = [
    "PARALLEL_MIN",
    "SCORE_BATCH",
    "Analyzer",
    "EvaluationReport",
    "ExportAnalysis",
    "ExportOptions",
    "TrainReport",
    "analyze_export",
    "evaluate_model",
    "list_models",
    "train_model",
]


@dataclass
class TrainReport:
    """What ``train_model`` did: the saved model's path and the measurements."""

    out: Path
    metrics: dict[str, Any]
    cv_metrics: dict[str, Any]
    n_train: int
    n_test: int
    split: str
    labels: tuple[str, ...]
    dropped_near_duplicates: int = 0
    comparison: dict[str, Any] = field(default_factory=dict)


def train_model(
    sources: Sequence[str | Path],
    out: str | Path,
    *,
    test_writers: Sequence[str] | None = None,
    test_fraction: float = 0.2,
    config: PipelineConfig | None = None,
    text_field: str = "text",
    labels_field: str = "labels",
    encoding: str = "utf-8",
    min_examples: int = 8,
    progress: Any = None,
    seed: int = 13,
    name: str = "",
    compare_with_shipped: bool = True,
    base: str = "none",
) -> TrainReport:
    """Train on labelled files and save the model with its card to ``out``.

    The label set comes from the data. A label with fewer than ``min_examples`` positives
    is refused: a model cannot learn it and its metrics would mean nothing. ``base="default"``
    adds tone's own corpus to the user's data (messages the user labelled win over
    identical texts in it); ``"none"`` trains on the user's data alone.
    """
    from tone.train import (
        SHIPPED_CORPUS,
        check_label_counts,
        hash_sources,
        ordered_labels,
        shipped_model_metrics,
        train,
        with_shipped_corpus,
    )

    examples = read_examples(sources, text_field=text_field, labels_field=labels_field, encoding=encoding)
    if base not in ("none", "default"):
        raise DataError(f"unknown --base {base!r}; use 'default' (add tone's corpus) or 'none'")
    if base == "default":
        examples = with_shipped_corpus(examples)
        sources = [*sources, SHIPPED_CORPUS]
    labels = ordered_labels(label_set(examples))
    check_label_counts(examples, labels, min_examples)
    result = train(
        examples,
        labels,
        test_writers=test_writers,
        test_fraction=test_fraction,
        config=config or PipelineConfig(),
        data_sha256=hash_sources(sources),
        progress=progress,
        seed=seed,
    )
    result.model.card.name = name or Path(out).name
    result.model.save(out)
    comparison = shipped_model_metrics(result, out) if compare_with_shipped else {}
    return TrainReport(
        Path(out),
        result.metrics,
        result.cv_metrics,
        len(result.split.train),
        len(result.split.test),
        result.split.method,
        tuple(labels),
        result.split.dropped_near_duplicates,
        comparison,
    )


@dataclass
class EvaluationReport:
    """What ``evaluate_model`` measured: per-label metrics, and the mistakes when asked for."""

    metrics: dict[str, Any]
    model: str
    data: list[str]
    mistakes: list[Any] = field(default_factory=list)

    def to_dict(self, errors: int | None = None) -> dict[str, Any]:
        """Model, data and metrics in one flat dict; with ``errors=N``, the first N mistakes too."""
        payload: dict[str, Any] = {"model": self.model, "data": self.data, **self.metrics}
        if errors is not None:
            payload["errors"] = [vars(m) for m in self.mistakes[:errors]]
        return payload


def evaluate_model(
    sources: Sequence[str | Path],
    *,
    model: ToneModel | str | Path | None = None,
    with_errors: bool = False,
) -> EvaluationReport:
    """Per-label metrics of a model on labelled files; optionally the mistakes it made."""
    from tone.evaluate import Mistake, indicator, label_metrics

    analyzer = Analyzer(model)
    examples = read_examples(sources)
    results = list(analyzer.score_many(e.text for e in examples))
    import numpy as np

    labels = analyzer.labels
    proba = np.array([[r.scores[label] for label in labels] for r in results]).reshape(
        len(results), len(labels)
    )
    y_true = indicator([e.labels for e in examples], labels)
    y_pred = indicator([r.labels for r in results], labels)
    metrics = label_metrics(y_true, y_pred, proba, labels, list(analyzer.model.thresholds))
    mistakes = []
    if with_errors:
        for e, r in zip(examples, results, strict=True):
            expected = tuple(label for label in e.labels if label in labels)
            if set(expected) != set(r.labels):
                cues = tuple(f"{c.text} ({c.category})" for c in r.cues)
                mistakes.append(Mistake(e.text, expected, r.labels, r.scores, cues, e.source, e.line))
    name = analyzer.model.card.name or "model"
    return EvaluationReport(metrics, name, [str(s) for s in sources], mistakes)


def list_models(directories: Sequence[str | Path] = ()) -> list[tuple[Path, dict[str, Any]]]:
    """Model directories (those with a ``card.json``) and their cards, shipped ones first."""
    import json
    import os

    from tone.model import CARD_FILE, REPO_MODELS

    roots = [REPO_MODELS]
    if os.environ.get("TONE_MODEL"):
        roots.append(Path(os.environ["TONE_MODEL"]))
    roots += [Path(d) for d in directories]
    found: dict[Path, dict[str, Any]] = {}
    for root in roots:
        candidates = (
            [root] if (root / CARD_FILE).exists() else sorted(p for p in root.glob("*") if p.is_dir())
        )
        for directory in candidates:
            card_path = directory / CARD_FILE
            if card_path.exists() and directory.resolve() not in found:
                try:
                    found[directory.resolve()] = json.loads(card_path.read_text(encoding="utf-8"))
                except json.JSONDecodeError:
                    found[directory.resolve()] = {"error": "card.json is not valid JSON"}
    return list(found.items())

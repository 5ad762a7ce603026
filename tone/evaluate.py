"""Measuring a model honestly: per-label precision, recall, F1, PR-AUC and false alarms.

The report is one flat dict with stable keys (like spaCy's scorer), so two model versions
can be compared with a plain JSON diff.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def indicator(label_sets: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray:
    """Rows of label names → a boolean matrix with one column per label."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(label_sets), len(labels)), dtype=bool)
    for row, chosen in enumerate(label_sets):
        for label in chosen:
            if label in index:
                matrix[row, index[label]] = True
    return matrix


def label_metrics(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    proba: np.ndarray | None,
    labels: Sequence[str],
    thresholds: Sequence[float] | None = None,
) -> dict[str, Any]:
    """Per-label and averaged metrics as one flat, JSON-ready dict.

    Keys: ``labels.<label>.{p,r,f,support,pr_auc,threshold}``, ``macro_{p,r,f}``,
    ``micro_{p,r,f}``, ``false_alarm_rate`` (share of messages with no true label that
    got any label), ``exact_match`` and ``n``.
    """
    from sklearn.metrics import average_precision_score

    per_label: dict[str, dict[str, float]] = {}
    for j, label in enumerate(labels):
        tp = int(np.sum(y_true[:, j] & y_pred[:, j]))
        fp = int(np.sum(~y_true[:, j] & y_pred[:, j]))
        fn = int(np.sum(y_true[:, j] & ~y_pred[:, j]))
        p, r, f = _prf(tp, fp, fn)
        entry: dict[str, float] = {"p": p, "r": r, "f": f, "support": int(y_true[:, j].sum())}
        if proba is not None and 0 < y_true[:, j].sum() < len(y_true):
            entry["pr_auc"] = round(float(average_precision_score(y_true[:, j], proba[:, j])), 4)
            entry["brier"] = brier(y_true[:, j], proba[:, j])
            entry["ece"] = expected_calibration_error(y_true[:, j], proba[:, j])
        if thresholds is not None:
            entry["threshold"] = round(float(thresholds[j]), 4)
        per_label[label] = entry
    tp = int(np.sum(y_true & y_pred))
    fp = int(np.sum(~y_true & y_pred))
    fn = int(np.sum(y_true & ~y_pred))
    micro = _prf(tp, fp, fn)
    none_rows = ~y_true.any(axis=1)
    false_alarms = float(y_pred[none_rows].any(axis=1).mean()) if none_rows.any() else 0.0
    return {
        "labels": per_label,
        "macro_p": _mean(e["p"] for e in per_label.values()),
        "macro_r": _mean(e["r"] for e in per_label.values()),
        "macro_f": _mean(e["f"] for e in per_label.values()),
        "micro_p": micro[0],
        "micro_r": micro[1],
        "micro_f": micro[2],
        "false_alarm_rate": round(false_alarms, 4),
        "none_support": int(none_rows.sum()),
        "exact_match": round(float((y_true == y_pred).all(axis=1).mean()), 4) if len(y_true) else 0.0,
        "n": len(y_true),
    }


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def _mean(values: Any) -> float:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else 0.0


def brier(y: np.ndarray, p: np.ndarray) -> float:
    """Mean squared error of probabilities against 0/1 outcomes (lower is better)."""
    return round(float(np.mean((p - y.astype(float)) ** 2)), 4)


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """How far stated probabilities are from observed frequencies, averaged over 10 bins.

    >>> expected_calibration_error(np.array([True, False]), np.array([1.0, 0.0]))
    0.0
    """
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += float(mask.mean()) * abs(float(y[mask].mean()) - float(p[mask].mean()))
    return round(total, 4)


def probability_quality(
    y_true: np.ndarray, proba: np.ndarray, labels: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Brier score and ECE per label (to compare probabilities before/after calibration)."""
    return {
        label: {
            "brier": brier(y_true[:, j], proba[:, j]),
            "ece": expected_calibration_error(y_true[:, j], proba[:, j]),
        }
        for j, label in enumerate(labels)
    }


def best_thresholds(
    y_true: np.ndarray, proba: np.ndarray, grid: Sequence[float] | None = None
) -> list[float]:
    """Per label, the probability cut-off that maximises F1 on ``(y_true, proba)``.

    Ties go to the higher threshold: fewer false alarms for the same F1.
    """
    grid = grid if grid is not None else [round(x, 2) for x in np.arange(0.10, 0.91, 0.02)]
    chosen = []
    for j in range(y_true.shape[1]):
        best, best_f = 0.5, -1.0
        for t in grid:
            pred = proba[:, j] >= t
            tp = int(np.sum(y_true[:, j] & pred))
            f = _prf(tp, int(np.sum(~y_true[:, j] & pred)), int(np.sum(y_true[:, j] & ~pred)))[2]
            if f >= best_f:
                best, best_f = t, f
        chosen.append(float(best))
    return chosen


@dataclass(frozen=True)
class Mistake:
    """A held-out message the model got wrong, for error analysis."""

    text: str
    expected: tuple[str, ...]
    predicted: tuple[str, ...]
    scores: dict[str, float]
    cues: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""
    line: int = 0

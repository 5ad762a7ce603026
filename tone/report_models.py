"""Rendering what a model measured and what models there are: metrics tables, comparisons,
mistakes, the outcome of training or evaluating, model cards and corpus checks.

Like :mod:`tone.report`, functions here turn data into strings and never print.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def render_metrics(metrics: dict[str, Any], title: str = "") -> str:
    """Per-label precision / recall / F1 / support as an aligned table, then the averages."""
    head = f"{'label':<16}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}{'PR-AUC':>8}{'thresh':>8}"
    rows = [head + f"{'Brier':>8}{'ECE':>7}"]
    for label, m in metrics["labels"].items():
        extra = "".join(
            f"{m[key]:>{width}.{digits}f}" if key in m else f"{'-':>{width}}"
            for key, width, digits in (("pr_auc", 8, 3), ("threshold", 8, 2), ("brier", 8, 3), ("ece", 7, 3))
        )
        rows.append(f"{label:<16}{m['p']:>10.3f}{m['r']:>8.3f}{m['f']:>8.3f}{m['support']:>9}{extra}")
    rows.append(
        f"{'macro':<16}{metrics['macro_p']:>10.3f}{metrics['macro_r']:>8.3f}{metrics['macro_f']:>8.3f}{metrics['n']:>9}"
    )
    rows.append(
        f"{'micro':<16}{metrics['micro_p']:>10.3f}{metrics['micro_r']:>8.3f}{metrics['micro_f']:>8.3f}"
    )
    rows.append(
        f"false alarms on messages with no label: {metrics['false_alarm_rate']:.1%} of {metrics['none_support']}"
    )
    return "\n".join(([title] if title else []) + rows)


def render_comparison(
    new: dict[str, Any], old: dict[str, Any], names: tuple[str, str] = ("new", "shipped")
) -> str:
    """Side-by-side F1 per shared label, and macro-F1, of two models on the same data."""
    shared = [label for label in new["labels"] if label in old["labels"]]
    rows = [f"{'label':<16}{names[0] + ' F1':>12}{names[1] + ' F1':>14}{'Δ':>8}"]
    for label in shared:
        a, b = new["labels"][label]["f"], old["labels"][label]["f"]
        rows.append(f"{label:<16}{a:>12.3f}{b:>14.3f}{a - b:>+8.3f}")
    return "\n".join(rows)


def render_mistakes(mistakes: Sequence[Any], limit: int | None = None) -> Iterable[str]:
    """One block per mistake: expected vs predicted, the scores, the cues."""
    for mistake in list(mistakes)[:limit]:
        scores = " ".join(f"{k}={v:.2f}" for k, v in mistake.scores.items())
        yield (
            f"{mistake.source}:{mistake.line}: {mistake.text}\n"
            f"    expected {list(mistake.expected) or '[]'}  predicted {list(mistake.predicted) or '[]'}  {scores}\n"
            f"    cues: {', '.join(mistake.cues) or '-'}"
        )


def render_corpus_report(report: Any) -> str:
    """A corpus check as a short, readable summary."""
    n = max(report.n, 1)
    lines = [f"{report.n} messages from {len(report.writers)} writers"]
    lines += [f"  {label:<12}{count:>6}  {count / n:6.1%}" for label, count in report.labels.items()]
    lines.append(f"  {'(none)':<12}{report.none:>6}  {report.none / n:6.1%}")
    lines.append(f"  {'(mixed)':<12}{report.mixed:>6}  {report.mixed / n:6.1%}")
    lines.append("writers: " + ", ".join(f"{w} {c}" for w, c in report.writers.items()))
    lines.append("words:   " + ", ".join(f"{b}: {c}" for b, c in report.lengths.items()))
    lines.append("register: " + ", ".join(f"{r} {c}" for r, c in report.registers.items()))
    lines.append(
        f"duplicates: {report.exact_duplicates} exact ({report.same_writer_duplicates} within a writer); "
        f"{report.near_duplicate_pairs} near-duplicate pairs "
        f"(token Jaccard >= 0.8), {report.near_duplicate_rate:.1%} of messages in one"
    )
    if report.straddling_pairs:
        lines.append(
            f"  {report.straddling_pairs} pairs straddle the writer split "
            "(training drops the test side of each, so none reach the held-out metrics)"
        )
    return "\n".join(lines)


def render_training(result: Any) -> str:
    """What ``tone train`` prints: the split, held-out metrics, the comparison, where the model is."""
    lines = [f"trained on {result.n_train} messages; held out {result.n_test} ({result.split})"]
    if result.dropped_near_duplicates:
        lines.append(
            f"dropped {result.dropped_near_duplicates} held-out near-duplicates of training messages"
        )
    lines.append(render_metrics(result.metrics, title="held-out metrics"))
    if result.comparison:
        lines.append("\n" + render_comparison(result.metrics, result.comparison))
    lines.append(f"model written to {result.out}")
    return "\n".join(lines)


def render_evaluation(result: Any, errors: int | None = None) -> str:
    """A model's metrics on labelled data; with ``errors=N``, how many mistakes and the first N."""
    lines = [render_metrics(result.metrics, title=f"{result.model} on {', '.join(result.data)}")]
    if errors is not None:
        first = f" (first {errors})" if len(result.mistakes) > errors else ""
        lines.append(f"\n{len(result.mistakes)} mistakes{first}")
        lines += render_mistakes(result.mistakes, errors)
    return "\n".join(lines)


def render_models(found: Sequence[tuple[Path, dict[str, Any]]]) -> str:
    """One block per model: path, labels, held-out macro-F1 and when it was made."""
    if not found:
        return "no models found (train one with `tone train` or run `make model`)"
    blocks = []
    for path, card in found:
        if "error" in card:
            blocks.append(f"{path}\n  {card['error']}")
            continue
        held_out = card.get("metrics", {}).get("held_out", {})
        macro = f"{held_out['macro_f']:.3f}" if "macro_f" in held_out else "-"
        versions = card.get("versions", {})
        blocks.append(
            f"{card.get('name') or path.name}  ({path})\n"
            f"  labels: {', '.join(card.get('labels', []))}\n"
            f"  held-out macro-F1: {macro}   split: {card.get('training', {}).get('split', '-')}\n"
            f"  created {card.get('created', '-')} with tone {versions.get('tone', '?')}, "
            f"scikit-learn {versions.get('scikit-learn', '?')}, spaCy {versions.get('spacy', '?')}"
        )
    return "\n\n".join(blocks)

"""Rendering results for people (tables, highlighted text) and machines (JSON, JSONL, CSV).

Functions here turn data into strings; they never print. Colour is applied through a
``Styler`` the caller passes (the CLI passes ``click.style``), so this module stays free of
terminal concerns and its output is testable as plain text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from tone.results import (
    AnalyzedMessage,
    KeyOutcome,
    LabelCard,
    LabelChoice,
    LabelSummary,
    Rephrased,
    ScoredInput,
    ToneResult,
)

LABEL_COLOURS = {"criticism": "yellow", "contempt": "red", "support": "green", "need": "cyan"}
BAR_WIDTH = 20
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Styler(Protocol):
    def __call__(
        self, text: str, fg: str | None = None, bold: bool | None = None, underline: bool | None = None
    ) -> str: ...


def plain(text: str, fg: str | None = None, bold: bool | None = None, underline: bool | None = None) -> str:
    """The no-colour styler."""
    return text


def brackets(
    text: str, fg: str | None = None, bold: bool | None = None, underline: bool | None = None
) -> str:
    """A styler for plain terminals and tests: underlined text is shown as [text]."""
    return f"[{text}]" if underline else text


def highlight(result: ToneResult, style: Styler) -> str:
    """The message with the evidence for each fired label underlined in that label's colour."""
    spans = sorted(
        ((e.start, e.end, x.label, e.weight) for x in result.explanations for e in x.spans),
        key=lambda s: (-s[3], s[0]),
    )
    chosen: list[tuple[int, int, str, float]] = []
    for span in spans:
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    pieces, position = [], 0
    for start, end, label, _ in sorted(chosen):
        pieces.append(style(result.text[position:start], bold=True))
        pieces.append(style(result.text[start:end], fg=LABEL_COLOURS.get(label), bold=True, underline=True))
        position = end
    pieces.append(style(result.text[position:], bold=True))
    return "".join(pieces)


def bar(probability: float, width: int = BAR_WIDTH) -> str:
    """A probability as a bar of full and light blocks.

    >>> bar(0.5, 10)
    '█████░░░░░'
    """
    filled = round(max(0.0, min(1.0, probability)) * width)
    return "█" * filled + "░" * (width - filled)


def render_result(result: ToneResult, style: Styler = plain, *, suggestion: str | None = None) -> str:
    """A message, its labels, per-label probability bars and the cue words behind each label."""
    lines = [highlight(result, style) if result.explanations else style(result.text, bold=True)]
    if result.labels:
        tags = ", ".join(style(label, fg=LABEL_COLOURS.get(label), bold=True) for label in result.labels)
        lines.append(f"  → {tags}")
    else:
        lines.append("  → no tone flagged")
    width = max(len(label) for label in result.scores)
    for label, probability in result.scores.items():
        fired = label in result.labels
        name = label.ljust(width)
        row = f"    {name}  {probability:4.2f}  {bar(probability)}"
        words = _cue_words(result, label) if fired else ""
        if fired:
            row = style(row, fg=LABEL_COLOURS.get(label), bold=True)
        lines.append(row + (f"  {words}" if words else ""))
    if suggestion:
        lines.append(f"  try: {style(suggestion, fg='green')}")
    return "\n".join(lines)


def _cue_words(result: ToneResult, label: str) -> str:
    explanation = result.explanation(label)
    cues = result.cues_for(label, outermost=True)
    words = [e.text for e in explanation.spans] if explanation else [c.text for c in cues]
    seen: list[str] = []
    for word in words:
        if word.lower() not in (s.lower() for s in seen):
            seen.append(word)
    return " · ".join(f'"{word}"' for word in seen[:5])


def scored_record(item: ScoredInput) -> dict[str, Any]:
    """The machine record of one input message (scored or skipped; with its first suggestion)."""
    if item.result is None:
        return {"line": item.line, "text": item.text, "labels": [], "scores": None, "skipped": item.skipped}
    record = {"line": item.line, **item.result.to_dict()}
    if item.suggestions:
        record["suggestion"] = item.suggestions[0].text
    return record


def render_rephrased(item: Rephrased, style: Styler = plain) -> str:
    """A message, its labels and the suggested rewrites, numbered; or that it reads fine.

    >>> from tone.results import ToneResult
    >>> print(render_rephrased(Rephrased(ToneResult("see you at 6", (), {}))))
    see you at 6
      No criticism or contempt found — this reads fine.
    """
    result = item.result
    lines = [style(result.text, bold=True)]
    if not {"criticism", "contempt"} & set(result.labels):
        lines.append("  No criticism or contempt found — this reads fine.")
        return "\n".join(lines)
    tags = ", ".join(style(label, fg=LABEL_COLOURS.get(label), bold=True) for label in result.labels)
    lines.append(f"  → {tags}")
    if not item.suggestions:
        lines.append("  (no rewrite found for this one)")
        return "\n".join(lines)
    lines.append("  try instead:")
    for number, suggestion in enumerate(item.suggestions, start=1):
        lines.append(f"    {number}. {style(suggestion.text, fg='green')}")
    return "\n".join(lines)


#: one encoder for every line (``json.dumps`` with options builds a new one per call).
_JSON = json.JSONEncoder(ensure_ascii=False)


def to_jsonl(records: Iterable[dict[str, Any]]) -> Iterable[str]:
    for record in records:
        yield _JSON.encode(record)


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula.

    >>> safe_cell("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> safe_cell(0.5)
    '0.5'
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _safe_row(values: list[Any]) -> list[Any]:
    """:func:`safe_cell` where it matters: only text can start a formula; the csv module
    writes None as an empty cell and numbers as ``str`` does, so those pass unchanged."""
    return [
        "'" + value if value.__class__ is str and value.startswith(_FORMULA_STARTS) else value
        for value in values
    ]


def csv_rows(items: Iterable[ScoredInput], labels: Sequence[str]) -> Iterable[str]:
    """CSV lines (header first): line, text, labels, one score column per label, cues, skipped."""
    header = ["line", "text", "labels", *(f"score_{label}" for label in labels), "cues", "skipped"]
    yield _csv_line(header)
    for item in items:
        result = item.result
        scores = [f"{result.scores[label]:.4f}" if result else "" for label in labels]
        cues = "|".join(c.text for c in result.cues) if result else ""
        row = [
            item.line,
            item.text,
            "|".join(result.labels) if result else "",
            *scores,
            cues,
            item.skipped or "",
        ]
        yield _csv_line(_safe_row(row))


_CSV_BUFFER = io.StringIO()
_CSV_WRITER = csv.writer(_CSV_BUFFER, lineterminator="")


def _csv_line(values: Sequence[Any]) -> str:
    _CSV_BUFFER.seek(0)
    _CSV_BUFFER.truncate()
    _CSV_WRITER.writerow(values)
    return _CSV_BUFFER.getvalue()


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


Writer = Callable[[str], None]


class ExportWriter:
    """Writes the outputs of ``tone analyze`` into a directory, streaming.

    ``messages.jsonl`` and ``messages.csv`` are written message by message as they are
    scored; ``summary.json`` and ``report.html`` at the end, from the aggregates.
    """

    CSV_COLUMNS = ("line", "timestamp", "sender", "text", "kind", "labels")

    def __init__(self, directory: Path, labels: Sequence[str]):
        self.directory = directory
        self.labels = list(labels)
        directory.mkdir(parents=True, exist_ok=True)
        self._jsonl = (directory / "messages.jsonl").open("w", encoding="utf-8")
        self._csv_file = (directory / "messages.csv").open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._csv_file)
        self._lines: list[str] = []
        self._csv.writerow([*self.CSV_COLUMNS, *(f"score_{label}" for label in self.labels), "skipped"])

    def write(self, item: AnalyzedMessage) -> None:
        record = item.to_dict(self.labels)
        self._lines.append(_JSON.encode(record))
        if len(self._lines) >= 1024:  # one write per 1,024 lines, not one per line
            self._flush()
        scores = record["scores"] or {}
        row = [record[c] for c in self.CSV_COLUMNS]
        row[5] = "|".join(row[5])  # labels
        row += [scores.get(label, "") for label in self.labels] if scores else [""] * len(self.labels)
        row.append(record.get("skipped", ""))
        self._csv.writerow(_safe_row(row))

    def _flush(self) -> None:
        if self._lines:
            self._jsonl.write("\n".join(self._lines) + "\n")
            self._lines.clear()

    def finish(self, summary: dict[str, Any]) -> dict[str, Path]:
        """Close the message files and write the summary and the HTML report."""
        self._flush()
        self._jsonl.close()
        self._csv_file.close()
        from tone.report_html import render_html

        paths = {
            "messages.jsonl": self.directory / "messages.jsonl",
            "messages.csv": self.directory / "messages.csv",
            "summary.json": self.directory / "summary.json",
            "report.html": self.directory / "report.html",
        }
        paths["summary.json"].write_text(
            json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        paths["report.html"].write_text(render_html(summary), encoding="utf-8")
        return paths


def render_export_summary(summary: dict[str, Any]) -> str:
    """The short terminal table after ``tone analyze``: per sender, counts and rates, then accounting."""
    labels = summary["model"]["labels"]
    head = (
        f"{'sender':<24}{'msgs':>7}{'scored':>8}"
        + "".join(f"{label[:9]:>11}" for label in labels)
        + f"{'+/-':>7}"
    )
    lines = [head]
    for name, s in list(summary["senders"].items())[:15]:
        rates = "".join(f"{s['labels'][label]['rate']:>11.1%}" for label in labels)
        ratio = f"{s['ratio']:.1f}" if s["ratio"] is not None else "–"
        lines.append(f"{name[:23]:<24}{s['messages']:>7}{s['scored']:>8}{rates}{ratio:>7}")
    if len(summary["senders"]) > 15:
        lines.append(f"… and {len(summary['senders']) - 15} more senders")
    a = summary["accounting"]
    skipped = ", ".join(f"{count} {kind}" for kind, count in a["skipped"].items()) or "none"
    lines.append(
        f"\n{a['read']} messages read: {a['scored']} scored, {sum(a['skipped'].values())} skipped ({skipped}); "
        f"{a['unparsed_lines']} lines could not be parsed"
    )
    for issue in a["unparsed"]:
        lines.append(f"  line {issue['line']}: {issue['reason']}")
    if a["unparsed_lines"] > len(a["unparsed"]):
        lines.append(f"  … and {a['unparsed_lines'] - len(a['unparsed'])} more")
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


def render_label_card(card: LabelCard, style: Styler = plain) -> str:
    """The message being labelled, each label with its key, the model's probability and a tick.

    >>> from tone.results import LabelChoice, LabelProgress
    >>> choices = (LabelChoice("1", "need", True, 0.61, 0.4), LabelChoice("2", "blame", False))
    >>> print(render_label_card(LabelCard("I need a hand", "m.txt:3", choices, LabelProgress(2, 1, 9))))
    m.txt:3 · 2 labelled, 1 skipped, 9 left
    <BLANKLINE>
      I need a hand
    <BLANKLINE>
      [x] 1 need   0.61 ██████░░░░  threshold 0.40
      [ ] 2 blame     –             new label
      keys: 1-2 toggle · a/Enter accept · s skip · u undo · q quit
    """
    width = max(len(choice.label) for choice in card.choices)
    lines = [f"{card.source} · {card.progress}", "", *("  " + line for line in card.text.splitlines()), ""]
    lines += [_label_row(choice, width, style) for choice in card.choices]
    lines.append(
        f"  keys: {_key_span([c.key for c in card.choices])} toggle · a/Enter accept · s skip · u undo · q quit"
    )
    return "\n".join(lines)


def _label_row(choice: LabelChoice, width: int, style: Styler) -> str:
    tick = "[x]" if choice.selected else "[ ]"
    name = choice.label.ljust(width)
    if choice.probability is None:
        return f"  {tick} {choice.key} {name}     –             new label"
    cut = f"  threshold {choice.threshold:.2f}" if choice.threshold is not None else ""
    row = f"  {tick} {choice.key} {name}  {choice.probability:4.2f} {bar(choice.probability, 10)}{cut}"
    return style(row, fg=LABEL_COLOURS.get(choice.label), bold=True) if choice.selected else row


def _key_span(keys: Sequence[str]) -> str:
    """``1-4``, or ``1-9 b c`` once labels run past the digits."""
    digits = [k for k in keys if k.isdigit()]
    letters = [k for k in keys if not k.isdigit()]
    span = digits[0] if len(digits) == 1 else f"{digits[0]}-{digits[-1]}" if digits else ""
    return " ".join([span, *letters]).strip()


def render_key_outcome(outcome: KeyOutcome) -> str | None:
    """One line saying what a key did, or ``None`` when the next card shows it (a toggle, quit)."""
    decision = outcome.decision
    if outcome.action == "accept" and decision is not None:
        return f"saved {decision.source}: {', '.join(decision.labels) or 'no label'}"
    if outcome.action == "skip" and decision is not None:
        return f"skipped {decision.source}"
    if outcome.action == "undo" and decision is not None:
        was = "skipped" if decision.skipped else ", ".join(decision.labels) or "no label"
        return f"undone {decision.source} (was: {was})"
    if outcome.action == "empty-undo":
        return "nothing to undo"
    if outcome.action == "unknown":
        return f"unknown key {outcome.key!r}"
    return None


def render_label_summary(summary: LabelSummary) -> str:
    """The closing lines of ``tone label``: this session, the file, and what to do next."""
    lines = [
        f"this session: {summary.labelled} labelled, {summary.skipped} skipped, {summary.undone} undone",
        f"{summary.out}: {summary.progress}",
    ]
    if summary.progress.left:
        lines.append("run the same command again to continue where you left off")
    if summary.progress.labelled:
        lines.append(f"train on it: tone train --data {summary.out} --out models/mine")
    return "\n".join(lines)

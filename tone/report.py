"""Rendering results for people (tables, highlighted text) and machines (JSON, JSONL, CSV).

Functions here turn data into strings; they never print. Colour is applied through a
``Styler`` the caller passes (the CLI passes ``click.style``), so this module stays free of
terminal concerns and its output is testable as plain text. What a model measured is
rendered by :mod:`tone.report_models`, ``tone label`` by :mod:`tone.report_label` and the
HTML report by :mod:`tone.report_html`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tone.results import EMPTY_MESSAGE, AnalyzedMessage, Rephrased, ScoredInput, ToneResult

if TYPE_CHECKING:  # numpy and the scoring modules load with the analyzer, not with this module
    from tone.scored_batch import ScoredInputBatch

LABEL_COLOURS = {"criticism": "yellow", "contempt": "red", "support": "green", "need": "cyan"}
BAR_WIDTH = 20
#: cells a spreadsheet would run as a formula start with these (:func:`safe_cell`).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _safe_row(values: list[Any]) -> list[Any]:
    """:func:`safe_cell` where it matters: only text can start a formula; the csv module
    writes None as an empty cell and numbers as ``str`` does, so those pass unchanged."""
    return [
        "'" + value if value.__class__ is str and value.startswith(FORMULA_STARTS) else value
        for value in values
    ]


def csv_rows(items: Iterable[ScoredInput], labels: Sequence[str]) -> Iterable[str]:
    """CSV lines (header first): line, text, labels, one score column per label, cues, skipped."""
    yield csv_line(_csv_header(labels))
    yield from _csv_body(items, labels)


def _csv_body(items: Iterable[ScoredInput], labels: Sequence[str]) -> Iterator[str]:
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
        yield csv_line(_safe_row(row))


def _csv_header(labels: Sequence[str]) -> list[str]:
    return ["line", "text", "labels", *(f"score_{label}" for label in labels), "cues", "skipped"]


_CSV_BUFFER = io.StringIO()
_CSV_WRITER = csv.writer(_CSV_BUFFER, lineterminator="")


def csv_line(values: Sequence[Any]) -> str:
    """One CSV row as ``csv`` writes it, without a line terminator."""
    _CSV_BUFFER.seek(0)
    _CSV_BUFFER.truncate()
    _CSV_WRITER.writerow(values)
    return _CSV_BUFFER.getvalue()


def scored_blocks(
    items: Iterable[ScoredInput], output_format: str, labels: Sequence[str], style: Styler = plain
) -> Iterator[str]:
    """``tone score`` output as blocks to print one after another, each followed by a newline.

    ``text`` comes a message at a time, ``json`` as one array; ``jsonl`` and ``csv`` lines
    come 1,024 to a block, since printing a block is a write and a flush.
    """
    if output_format == "text":
        for item in items:
            yield _render_scored(item, style) + "\n"
    elif output_format == "json":
        yield _json_array(scored_record(item) for item in items)
    elif output_format == "jsonl":
        yield from _chunks(to_jsonl(scored_record(item) for item in items))
    else:
        yield from _chunks(csv_rows(items, labels))


def scored_batch_blocks(
    batches: Iterable[ScoredInputBatch], output_format: str, labels: Sequence[str]
) -> Iterator[str]:
    """``jsonl`` or ``csv`` output as :func:`scored_blocks` writes it, a block per batch.

    The lines are formatted straight from each batch's arrays (:mod:`tone.report_lines`),
    without a record per message; from records, as :func:`scored_blocks` does, in the batch
    whose scores are no probabilities (a NaN from a broken model is written as before).
    """
    from tone import report_lines

    as_csv = output_format == "csv"
    if as_csv:
        yield csv_line(_csv_header(labels))
    for batch in batches:
        if report_lines.formats(batch):
            yield report_lines.csv_block(batch) if as_csv else report_lines.jsonl_block(batch)
        elif as_csv:
            yield "\n".join(_csv_body(batch.scored_inputs(), labels))
        else:
            yield "\n".join(to_jsonl(map(scored_record, batch.scored_inputs())))


def _render_scored(item: ScoredInput, style: Styler) -> str:
    if item.result is None:
        return f"line {item.line}: skipped ({item.skipped})"
    suggestion = item.suggestions[0].text if item.suggestions else None
    return render_result(item.result, style, suggestion=suggestion)


def rephrased_blocks(items: Iterable[Rephrased], output_format: str, style: Styler = plain) -> Iterator[str]:
    """``tone rephrase`` output (``text``, ``json`` or ``jsonl``) as blocks to print, as :func:`scored_blocks`."""
    if output_format == "json":
        yield _json_array(item.to_dict() for item in items)
    elif output_format == "jsonl":
        yield from to_jsonl(item.to_dict() for item in items)
    else:
        for item in items:
            yield render_rephrased(item, style) + "\n"


def _json_array(records: Iterable[dict[str, Any]]) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=2)


def _chunks(lines: Iterable[str], size: int = 1024) -> Iterator[str]:
    """The lines joined ``size`` at a time."""
    iterator = iter(lines)
    while chunk := list(islice(iterator, size)):
        yield "\n".join(chunk)


class InputTally:
    """Counts scored and skipped messages while they stream past, for the closing line.

    >>> tally = InputTally()
    >>> _ = list(tally.watch([ScoredInput("m.txt", 2, " ", None, "empty message")]))
    >>> tally.summary()
    '1 messages read: 0 scored, 1 skipped (1 empty message)'
    """

    def __init__(self) -> None:
        self.scored = 0
        self.skipped: dict[str, int] = {}

    def watch(self, items: Iterable[ScoredInput]) -> Iterator[ScoredInput]:
        for item in items:
            if item.result is None:
                reason = item.skipped or ""
                self.skipped[reason] = self.skipped.get(reason, 0) + 1
            else:
                self.scored += 1
            yield item

    def watch_batches(self, batches: Iterable[ScoredInputBatch]) -> Iterator[ScoredInputBatch]:
        """:meth:`watch` for batches: their empty messages are the skipped ones."""
        for batch in batches:
            skipped = len(batch.items) - len(batch.texts)
            if skipped:
                self.skipped[EMPTY_MESSAGE] = self.skipped.get(EMPTY_MESSAGE, 0) + skipped
            self.scored += len(batch.texts)
            yield batch

    def summary(self) -> str:
        total = self.scored + sum(self.skipped.values())
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items()))
        skipped = f"{sum(self.skipped.values())} skipped" + (f" ({reasons})" if reasons else "")
        return f"{total} messages read: {self.scored} scored, {skipped}"


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

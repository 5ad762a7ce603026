"""Labelled data: read it in the formats users already have, and refuse it precisely when bad.

Formats (by suffix, or a directory of ``*.jsonl``):

- JSONL ``{"text": ..., "labels": [...]}`` (tone's own; optional ``writer``);
- JSONL with spaCy/Prodigy ``"cats": {"label": 1.0, ...}`` or ``"accept": [...]`` + ``"answer"``;
- CSV with ``text`` and ``labels`` as ``a|b``, or one 0/1 column per label.

Records marked ``"skipped": true`` (what ``tone label`` writes when a message is skipped) hold
no labels and are left out, like Prodigy's rejected or ignored answers.

Validation collects every problem as ``FILE:LINE: what is wrong`` and raises one
:class:`~tone.errors.DataError` holding them all, so a user fixes a file in one pass.
"""

from __future__ import annotations

import csv
import difflib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tone.errors import DataError, InputError
from tone.io.files import display_name, iter_lines, suffix_of

MAX_REPORTED_PROBLEMS = 20
_TRUE = {"1", "1.0", "true", "yes", "y", "x"}
_FALSE = {"0", "0.0", "false", "no", "n", ""}


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled message."""

    text: str
    labels: tuple[str, ...]
    writer: str | None = None
    source: str = ""
    line: int = 0


class _Problems:
    """Collects ``FILE:LINE: problem`` strings."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, source: str, line: int, message: str) -> None:
        self.items.append(f"{source}:{line}: {message}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_REPORTED_PROBLEMS]
        more = len(self.items) - len(shown)
        summary = shown[0] if len(self.items) == 1 else f"{len(self.items)} problems in the training data"
        if more > 0:
            shown = [*shown, f"... and {more} more"]
        raise DataError(summary, problems=shown)


def read_examples(
    sources: Iterable[str | Path],
    *,
    known_labels: Iterable[str] | None = None,
    text_field: str = "text",
    labels_field: str = "labels",
    encoding: str = "utf-8",
) -> list[Example]:
    """Read and validate labelled examples from files or directories of ``*.jsonl``.

    ``known_labels``, when given, is the closed label set: anything else is an error with a
    did-you-mean. Conflicting duplicates (same text, different labels) are errors too.
    """
    problems = _Problems()
    examples: list[Example] = []
    for path in _expand(sources):
        try:
            examples.extend(_read_one(path, text_field, labels_field, encoding, problems))
        except InputError as exc:  # unreadable file: bytes, empty, binary
            problems.items.append(str(exc))
    known = tuple(known_labels) if known_labels is not None else None
    if known is not None:
        _check_labels(examples, known, problems)
    _check_conflicts(examples, problems)
    problems.raise_if_any()
    return examples


def _expand(sources: Iterable[str | Path]) -> Iterator[Path]:
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files = sorted(path.glob("*.jsonl"))
            if not files:
                raise DataError("directory holds no *.jsonl files", path=path)
            yield from files
        elif not path.exists():
            raise DataError("file not found", path=path)
        else:
            yield path


def _read_one(
    path: Path, text_field: str, labels_field: str, encoding: str, problems: _Problems
) -> list[Example]:
    if suffix_of(path) in (".csv", ".tsv"):
        return list(_read_csv(path, text_field, labels_field, encoding, problems))
    return list(_read_jsonl(path, text_field, labels_field, encoding, problems))


def _read_jsonl(
    path: Path, text_field: str, labels_field: str, encoding: str, problems: _Problems
) -> Iterator[Example]:
    name = display_name(path)
    for number, line in iter_lines(path, encoding):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(name, number, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            problems.add(name, number, "expected a JSON object")
            continue
        if isinstance(record.get("answer"), str) and record["answer"] != "accept":
            continue  # Prodigy: rejected or ignored annotations carry no labels
        if record.get("skipped") is True:
            continue  # tone label: a message the annotator passed over carries no labels
        text = _text_of(record.get(text_field), text_field, name, number, problems)
        labels = _labels_of_record(record, labels_field, name, number, problems)
        if text is not None and labels is not None:
            yield Example(text, labels, _writer_of(record), name, number)


def _text_of(value: Any, field: str, name: str, number: int, problems: _Problems) -> str | None:
    if value is None:
        problems.add(name, number, f"missing {field!r}")
        return None
    if not isinstance(value, str):
        problems.add(name, number, f"{field!r} must be a string, got {type(value).__name__}")
        return None
    if not value.strip():
        problems.add(name, number, f"empty {field!r}")
        return None
    return value


def _labels_of_record(
    record: dict[str, Any], field: str, name: str, number: int, problems: _Problems
) -> tuple[str, ...] | None:
    if field in record:
        value = record[field]
    elif isinstance(record.get("cats"), dict):
        value = [label for label, score in record["cats"].items() if _is_true(score)]
    elif isinstance(record.get("accept"), list):
        value = record["accept"]
    else:
        problems.add(name, number, f"missing {field!r} (a list of labels; [] for none)")
        return None
    if isinstance(value, str):
        problems.add(name, number, f"{field!r} must be a list of strings, got a string (write [{value!r}])")
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.add(name, number, f"{field!r} must be a list of label names, got {json.dumps(value)[:60]}")
        return None
    return tuple(sorted(set(value)))


def _is_true(score: Any) -> bool:
    return score is True or (isinstance(score, int | float) and not isinstance(score, bool) and score >= 0.5)


def _writer_of(record: dict[str, Any]) -> str | None:
    writer = record.get("writer")
    return str(writer) if writer is not None else None


def _read_csv(
    path: Path, text_field: str, labels_field: str, encoding: str, problems: _Problems
) -> Iterator[Example]:
    name = display_name(path)
    delimiter = "\t" if suffix_of(path) == ".tsv" else ","
    numbered = list(iter_lines(path, encoding))
    rows = csv.reader((line + "\n" for _, line in numbered), delimiter=delimiter)
    header = next(rows, None)
    if not header or not any(h.strip() for h in header):
        raise DataError("file is empty (expected a header row)", path=name, line=1)
    header = [h.strip() for h in header]
    if text_field not in header:
        raise DataError(
            f"no {text_field!r} column (found {', '.join(header[:8])}); use --text-column", path=name, line=1
        )
    text_col = header.index(text_field)
    label_cols = (
        None
        if labels_field in header
        else [i for i, h in enumerate(header) if i != text_col and h not in ("writer", "id")]
    )
    if label_cols is not None and not label_cols:
        raise DataError(
            f"no {labels_field!r} column and no 0/1 label columns; use --labels-column", path=name, line=1
        )
    while True:
        before = rows.line_num
        row = next(rows, None)
        if row is None:
            break
        number = numbered[before][0] if before < len(numbered) else rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        example = _csv_example(row, header, text_col, label_cols, labels_field, name, number, problems)
        if example is not None:
            yield example


def _csv_example(
    row: list[str],
    header: list[str],
    text_col: int,
    label_cols: list[int] | None,
    labels_field: str,
    name: str,
    number: int,
    problems: _Problems,
) -> Example | None:
    if len(row) != len(header):
        problems.add(name, number, f"row has {len(row)} columns, the header has {len(header)}")
        return None
    text = _text_of(row[text_col], header[text_col], name, number, problems)
    if label_cols is None:
        cell = row[header.index(labels_field)].strip()
        labels = tuple(sorted({part.strip() for part in cell.replace(",", "|").split("|") if part.strip()}))
    else:
        chosen = []
        for col in label_cols:
            value = row[col].strip().lower()
            if value in _TRUE:
                chosen.append(header[col])
            elif value not in _FALSE:
                problems.add(name, number, f"column {header[col]!r} must be 0 or 1, got {row[col]!r}")
                return None
        labels = tuple(sorted(chosen))
    writer = row[header.index("writer")] if "writer" in header else None
    return Example(text, labels, writer, name, number) if text is not None else None


def _check_labels(examples: list[Example], known: tuple[str, ...], problems: _Problems) -> None:
    for example in examples:
        for label in example.labels:
            if label not in known:
                close = difflib.get_close_matches(label, known, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known labels: {', '.join(known)}"
                problems.add(example.source, example.line, f"unknown label {label!r}{hint}")


def text_key(text: str) -> str:
    """What makes two messages "the same text": case and runs of whitespace are ignored.

    >>> text_key("  You NEVER\tlisten ") == text_key("you never listen")
    True
    """
    return " ".join(text.lower().split())


def _check_conflicts(examples: list[Example], problems: _Problems) -> None:
    first: dict[str, Example] = {}
    for example in examples:
        key = text_key(example.text)
        seen = first.setdefault(key, example)
        if seen is not example and seen.labels != example.labels:
            problems.add(
                example.source,
                example.line,
                f"same text as {seen.source}:{seen.line} but different labels "
                f"({list(example.labels)} vs {list(seen.labels)})",
            )


def label_set(examples: Iterable[Example]) -> tuple[str, ...]:
    """All labels used in ``examples``, sorted."""
    return tuple(sorted({label for example in examples for label in example.labels}))


def read_test_writers(path: str | Path) -> list[str]:
    """The writers a split file holds out as the test set: ``{"test_writers": [...]}``.

    >>> read_test_writers("data/splits.json")[:1]                # doctest: +SKIP
    ['w03_priya']
    """
    try:
        return list(json.loads(Path(path).read_text(encoding="utf-8"))["test_writers"])
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DataError(f'expected {{"test_writers": [...]}} ({exc})', path=path) from None

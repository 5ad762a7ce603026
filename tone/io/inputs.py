"""Messages to score: ``.txt`` (one per line), ``.csv`` (a text column), ``.jsonl`` (a text field).

Readers yield every record, including empty ones, so the caller can report each skipped
message with its reason: nothing a user gave is silently lost.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from tone.errors import InputError
from tone.io.files import STDIN, display_name, iter_lines, suffix_of

INPUT_FORMATS = ("txt", "csv", "jsonl")


@dataclass(frozen=True, slots=True)
class InputText:
    """One message to score and where it came from."""

    text: str
    line: int
    source: str = ""


def infer_input_format(source: str | Path, declared: str | None = None) -> str:
    """Pick txt/csv/jsonl from ``declared`` or the file suffix; stdin defaults to txt."""
    if declared:
        return declared
    suffix = suffix_of(source).lstrip(".")
    if suffix in ("csv", "tsv"):
        return "csv"
    if suffix in ("jsonl", "ndjson", "json"):
        return "jsonl"
    return "txt"


def read_texts(
    source: str | Path,
    *,
    input_format: str | None = None,
    text_field: str = "text",
    encoding: str = "utf-8",
) -> Iterator[InputText]:
    """Yield the messages in ``source`` in file order (``-`` reads standard input).

    Standard input has no suffix to go by: without ``input_format`` it is read as JSON lines
    when its first line is a JSON object (``cat chat.jsonl | tone score -i -``), else as one
    message per line.
    """
    lines = None
    if str(source) == STDIN and not input_format:
        lines, input_format = _sniffed(iter_lines(source, encoding), text_field)
    kind = infer_input_format(source, input_format)
    reader = {"txt": _read_txt, "csv": _read_csv, "jsonl": _read_jsonl}.get(kind)
    if reader is None:
        raise InputError(f"unknown input format {kind!r}; use one of {', '.join(INPUT_FORMATS)}")
    yield from reader(source, text_field, encoding, lines)


def _sniffed(lines: Iterator[tuple[int, str]], text_field: str) -> tuple[Iterator[tuple[int, str]], str]:
    """The same lines (the first one read ahead) and the format they look like: "jsonl" when
    the first line is a JSON object, "txt" otherwise."""
    first = next(lines, None)
    if first is None:
        return iter(()), "txt"
    try:
        record = json.loads(first[1]) if first[1].lstrip().startswith("{") else None
    except json.JSONDecodeError:
        record = None
    kind = "jsonl" if isinstance(record, dict) else "txt"  # a record without the field is an error there
    return chain([first], lines), kind


Lines = Iterator[tuple[int, str]] | None


def _read_txt(source: str | Path, text_field: str, encoding: str, lines: Lines = None) -> Iterator[InputText]:
    name = display_name(source)
    for number, line in lines or iter_lines(source, encoding):
        yield InputText(line, number, name)


def _read_jsonl(
    source: str | Path, text_field: str, encoding: str, lines: Lines = None
) -> Iterator[InputText]:
    name = display_name(source)
    for number, line in lines or iter_lines(source, encoding):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON ({exc.msg} at column {exc.colno})", path=name, line=number
            ) from None
        if not isinstance(record, dict):
            raise InputError(f"expected a JSON object with a {text_field!r} field", path=name, line=number)
        if text_field not in record:
            raise InputError(
                f"no {text_field!r} field (use --text-field to pick another)", path=name, line=number
            )
        text = record[text_field]
        if not isinstance(text, str):
            raise InputError(
                f"{text_field!r} must be a string, got {type(text).__name__}", path=name, line=number
            )
        yield InputText(text, number, name)


def _read_csv(source: str | Path, text_field: str, encoding: str, given: Lines = None) -> Iterator[InputText]:
    name = display_name(source)
    delimiter = "\t" if suffix_of(source) == ".tsv" else ","
    numbered = given or iter_lines(source, encoding)
    line_of_row: list[int] = []

    def lines() -> Iterator[str]:
        for number, line in numbered:
            line_of_row.append(number)
            yield line + "\n"  # csv needs line ends to keep newlines inside quoted cells

    reader = csv.reader(lines(), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise InputError("file is empty", path=name)
    if text_field not in header:
        found = ", ".join(repr(h) for h in header[:8])
        raise InputError(f"no {text_field!r} column (found {found}); use --text-field", path=name, line=1)
    column = header.index(text_field)
    while True:
        before = reader.line_num
        row = next(reader, None)
        if row is None:
            break
        start = line_of_row[before] if before < len(line_of_row) else reader.line_num
        if not row:
            continue
        if column >= len(row):
            raise InputError(
                f"row has {len(row)} columns, expected at least {column + 1}", path=name, line=start
            )
        yield InputText(row[column], start, name)


def texts_from_arguments(texts: tuple[str, ...] | list[str]) -> Iterator[InputText]:
    """Messages given on the command line, numbered from 1."""
    for number, text in enumerate(texts, start=1):
        yield InputText(text, number, "<argument>")


def path_exists(source: str | Path) -> bool:
    return str(source) == "-" or Path(source).exists()

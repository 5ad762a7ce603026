"""JSONL lines and CSV rows of ``tone score --input``, formatted straight from a batch's arrays.

Writing a line from a record took ~12 µs of the main process per message (JSONL): a
:class:`~tone.results.ToneResult` and a :class:`~tone.results.ScoredInput` built from the
arrays, a ``dict`` built from those and ``json``-encoded. Here each line is one ``%``
template filled from the arrays: the labels that fired, their JSON and the JSON of each
cue category are made once per distinct value and shared, and only the texts are escaped
per message, by the function the encoder uses (``json.encoder.encode_basestring``). The
bytes are the same as :func:`tone.report.scored_record` encoded by ``json`` (proved in
``tests/test_report_lines.py``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any

import numpy as np

from tone.report import csv_line, safe_cell
from tone.results import EMPTY_MESSAGE
from tone.scored_batch import ScoredBatch, ScoredInputBatch, fired_labels

_SKIPPED = encode_basestring(EMPTY_MESSAGE)
#: the encoder :mod:`tone.report` writes records with (no ASCII escaping, default separators).
_JSON = json.JSONEncoder(ensure_ascii=False)


def jsonl_block(batch: ScoredInputBatch) -> str:
    """The batch's JSON lines, ``\\n`` between them, as :func:`tone.report.to_jsonl` writes them."""
    return "\n".join(jsonl_lines(batch))


def jsonl_lines(batch: ScoredInputBatch) -> list[str]:
    """One JSON line per item of the batch, as ``json`` would encode its record."""
    scored = batch.scored
    if scored is None:
        return [_skipped_line(item.line, item.text) for item in batch.items]
    template = _line_template(batch.labels)
    scores = _SCORE_JSON.__getitem__
    rows = zip(
        batch.texts,
        _labels_json(scored.fired, batch.labels),
        ten_thousandths(scored.proba).tolist(),
        _cues_json(batch.texts, scored, batch.tones),
        scored.explanations or ((),) * len(batch.texts),
        strict=True,
    )
    lines = [
        template % (line, encode_basestring(text), labels, *map(scores, row), cues)
        if not why
        else f"{template[:-1] % (line, encode_basestring(text), labels, *map(scores, row), cues)}"
        f', "explanations": {_JSON.encode([e.to_dict() for e in why])}}}'
        for line, (text, labels, row, cues, why) in zip(_scored_lines(batch), rows, strict=True)
    ]
    return _with_skipped(batch, lines)


def _scored_lines(batch: ScoredInputBatch) -> list[int]:
    """The line numbers of the scored items (every item unless some were empty)."""
    if len(batch.texts) == len(batch.items):
        return [item.line for item in batch.items]
    return [item.line for item in batch.items if item.text.strip()]


def _with_skipped(batch: ScoredInputBatch, scored: list[str]) -> list[str]:
    """All the batch's lines: those of the scored items, and a line for each empty one."""
    if len(scored) == len(batch.items):
        return scored
    lines = iter(scored)
    return [next(lines) if item.text.strip() else _skipped_line(item.line, item.text) for item in batch.items]


def formats(batch: ScoredInputBatch) -> bool:
    """Whether this module can write the batch: its scores are probabilities (see below)."""
    return batch.scored is None or probabilities(batch.scored.proba)


def probabilities(values: np.ndarray) -> bool:
    """Whether every value lies in [0, 1] (not NaN): the scores :data:`_SCORE_JSON` covers."""
    return bool(np.all(values >= 0.0) and np.all(values <= 1.0))


def ten_thousandths(proba: np.ndarray) -> np.ndarray:
    """``round(p, 4)`` for every probability, as a whole number of ten-thousandths.

    ``np.rint(p * 10_000)`` is the same except, maybe, within rounding error of a tie, where
    Python's exact decimal rounding (the one ``round`` and ``f"{p:.4f}"`` use) decides.

    >>> ten_thousandths(np.array([[0.03125, 0.99996, 0.0, 1.0, 0.123449999]]))
    array([[  312, 10000,     0, 10000,  1234]])
    """
    if not probabilities(proba):
        raise ValueError("probabilities must lie between 0 and 1")
    scaled = proba * 10_000
    whole = np.rint(scaled).astype(np.int64)
    for i, j in zip(*np.nonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6), strict=True):
        whole[i, j] = int(f"{proba[i, j]:.4f}".replace(".", ""))
    return whole


#: ``json`` of ``round(k / 10_000, 4)`` for every ``k`` from 0 to 10,000 (a score's JSON).
_SCORE_JSON = [repr(k / 10_000) for k in range(10_001)]
#: ``f"{k / 10_000:.4f}"`` for every ``k`` (a score's CSV cell).
_SCORE_CSV = [f"{k / 10_000:.4f}" for k in range(10_001)]


def _skipped_line(line: int, text: str) -> str:
    return f'{{"line": {line}, "text": {encode_basestring(text)}, "labels": [], "scores": null, "skipped": {_SKIPPED}}}'


@lru_cache(maxsize=8)
def _line_template(labels: tuple[str, ...]) -> str:
    """``{"line": %d, ... "scores": {"a": %s, ...}, "cues": [%s]}`` for these labels."""
    scores = ", ".join(f"{_percent(encode_basestring(label))}: %s" for label in labels)
    return '{"line": %d, "text": %s, "labels": %s, "scores": {' + scores + '}, "cues": [%s]}'


def _percent(text: str) -> str:
    return text.replace("%", "%%")


def _labels_json(fired: np.ndarray, labels: tuple[str, ...]) -> list[str]:
    """Each row's fired labels as a JSON list, one shared string per distinct set."""
    return [_label_list_json(chosen) for chosen in fired_labels(fired, labels)]


@lru_cache(maxsize=4096)
def _label_list_json(chosen: tuple[str, ...]) -> str:
    return _JSON.encode(list(chosen))


def _cues_json(texts: Sequence[str], scored: ScoredBatch, tones: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Each message's cues as the inside of a JSON list (``""`` for none)."""
    tails = [_cue_tail(name, tones.get(name, ())) for name in scored.categories]
    cues = [
        f'{{"text": {encode_basestring(texts[owner][start:end])}, "start": {start}, "end": {end}, {tails[category]}'
        for owner, (start, end, category) in zip(_cue_owners(scored), scored.cue_spans.tolist(), strict=True)
    ]
    return _joined_per_message(", ", cues, scored.cue_counts)


def _cue_owners(scored: ScoredBatch) -> list[int]:
    """The message each cue span belongs to (its row in the batch)."""
    return np.repeat(np.arange(len(scored.cue_counts)), scored.cue_counts).tolist()


def _joined_per_message(separator: str, pieces: list[str], counts: np.ndarray) -> list[str]:
    """``pieces`` (message after message, ``counts[i]`` for message ``i``) joined per message.

    >>> _joined_per_message("|", ["a", "b", "c"], np.array([2, 0, 1]))
    ['a|b', '', 'c']
    """
    join = separator.join
    ends = np.cumsum(counts).tolist()
    return [
        join(pieces[end - count : end]) if count else ""
        for count, end in zip(counts.tolist(), ends, strict=True)
    ]


@lru_cache(maxsize=1024)
def _cue_tail(category: str, tones: tuple[str, ...]) -> str:
    """What follows a cue's offsets: ``"category": ..., "tones": [...]}``."""
    return f'"category": {encode_basestring(category)}, "tones": {_JSON.encode(list(tones))}}}'


def csv_block(batch: ScoredInputBatch) -> str:
    """The batch's CSV rows, ``\\n`` between them, as :func:`tone.report.csv_rows` writes them."""
    labels = batch.labels
    rows: list[list[Any]] = []
    scored = batch.scored
    if scored is not None:
        cells = _SCORE_CSV.__getitem__
        rows = [
            [line, safe_cell(text), chosen, *map(cells, row), cues, ""]
            for line, text, chosen, row, cues in zip(
                _scored_lines(batch),
                batch.texts,
                [_label_cell(chosen) for chosen in fired_labels(scored.fired, labels)],
                ten_thousandths(scored.proba).tolist(),
                _cue_cells(batch.texts, scored),
                strict=True,
            )
        ]
    if len(rows) != len(batch.items):
        empty = [""] * (len(labels) + 2)  # labels, scores, cues
        done = iter(rows)
        rows = [
            next(done) if item.text.strip() else [item.line, safe_cell(item.text), *empty, EMPTY_MESSAGE]
            for item in batch.items
        ]
    return _csv_text(rows, [item.text for item in batch.items], labels)


@lru_cache(maxsize=4096)
def _label_cell(chosen: tuple[str, ...]) -> str:
    return safe_cell("|".join(chosen))


def _cue_cells(texts: Sequence[str], scored: ScoredBatch) -> list[str]:
    """Each message's cue texts joined by ``|``, safe for a spreadsheet."""
    cues = [
        texts[owner][start:end]
        for owner, (start, end) in zip(_cue_owners(scored), scored.cue_spans[:, :2].tolist(), strict=True)
    ]
    return [safe_cell(cell) for cell in _joined_per_message("|", cues, scored.cue_counts)]


def _csv_text(rows: list[list[Any]], texts: list[str], labels: tuple[str, ...]) -> str:
    """The rows written by ``csv``, one call for all of them when no cell holds a line break.

    The rows were written one at a time with no line terminator and joined with ``\\n``;
    ``csv`` quotes a cell that holds a character of the terminator, so a writer ending rows
    with ``\\n`` writes the same bytes only while no cell holds a ``\\n``.
    """
    if "\n" in "".join(texts) or "\n" in "".join(labels):
        return "\n".join(map(csv_line, rows))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()[:-1]

"""Lines formatted from a batch's arrays are the bytes ``json`` and ``csv`` write from records."""

import numpy as np
import pytest

from tone import report, report_lines
from tone.analyzer import Analyzer
from tone.io.inputs import InputText
from tone.report_lines import ten_thousandths

TRICKY = [
    'He said "no" and left \\ again',
    "tab\there and bell\x07 and esc\x1b end, \x00 nul",
    "=SUM(A1) you never listen",
    "+1 you always do this",
    "-you idiot",
    "@sam you're such a clown 🙄 whatever",
    "emoji 😀 flags 🇬🇧 accents é ñ, non-BMP 𝒜𝒷𝒸",
    "",
    "   ",
    "line\u2028separator and\u2029paragraph, zero\u200bwidth",
    "you never listen\nto me, ever",
    "carriage\r\nreturn you idiot",
    "\tlead tab",
    "\x7f del",
    'comma, "quoted, stuff", percent %s %d %%',
    "thanks so much, I'm proud of you ❤️",
    "I need you to call me back please",
    "see you at 6",
]


def _batches(analyzer: Analyzer, texts: list[str], explain: bool, size: int = 5):
    inputs = [InputText(text, line, "t.txt") for line, text in enumerate(texts, start=1)]
    return list(analyzer.score_input_batches(inputs, size, explain=explain))


@pytest.mark.parametrize("explain", [False, True])
def test_jsonl_lines_are_the_records_json_encodes(tiny_model, explain):
    analyzer = Analyzer(tiny_model, n_jobs=1)
    batches = _batches(analyzer, TRICKY, explain)
    items = [item for batch in batches for item in batch.scored_inputs()]
    assert any(i.result and i.result.cues for i in items) and any(i.result and i.result.labels for i in items)
    expected = "\n".join(report.scored_blocks(items, "jsonl", analyzer.labels))
    assert "\n".join(map(report_lines.jsonl_block, batches)) == expected


@pytest.mark.parametrize(
    "texts", [TRICKY, [t for t in TRICKY if "\n" not in t]], ids=["line breaks", "one call"]
)
def test_csv_rows_are_the_rows_csv_writes_from_records(tiny_model, texts):
    analyzer = Analyzer(tiny_model, n_jobs=1)
    batches = _batches(analyzer, texts, explain=False)
    items = [item for batch in batches for item in batch.scored_inputs()]
    expected = "\n".join(report.scored_blocks(items, "csv", analyzer.labels))
    assert "\n".join(report.scored_batch_blocks(batches, "csv", analyzer.labels)) == expected


def test_a_batch_of_empty_messages_is_all_skipped_lines(tiny_model):
    analyzer = Analyzer(tiny_model, n_jobs=1)
    (batch,) = _batches(analyzer, ["", "  "], explain=False)
    assert batch.scored is None
    assert report_lines.jsonl_lines(batch) == [
        '{"line": 1, "text": "", "labels": [], "scores": null, "skipped": "empty message"}',
        '{"line": 2, "text": "  ", "labels": [], "scores": null, "skipped": "empty message"}',
    ]


def test_tally_of_batches_counts_as_the_tally_of_records(tiny_model):
    analyzer = Analyzer(tiny_model, n_jobs=1)
    batches = _batches(analyzer, TRICKY, explain=False)
    by_record, by_batch = report.InputTally(), report.InputTally()
    list(by_record.watch(item for batch in batches for item in batch.scored_inputs()))
    list(by_batch.watch_batches(batches))
    assert by_batch.summary() == by_record.summary()


def test_ten_thousandths_round_as_python_does():
    rng = np.random.default_rng(7)
    ties = (np.arange(0, 20_000, 1, dtype=np.float64) * 2 + 1) / 20_000  # k + 0.5 ten-thousandths
    proba = np.concatenate([rng.random(200_000), rng.random(1000) ** 12, ties[ties <= 1], [0.0, 1.0]])
    expected = [int(round(p, 4) * 10_000 + 0.5) for p in proba.tolist()]
    assert ten_thousandths(proba.reshape(-1, 1)).ravel().tolist() == expected
    assert [f"{p:.4f}" for p in proba.tolist()] == [report_lines._SCORE_CSV[k] for k in expected]
    assert [repr(round(p, 4)) for p in proba.tolist()] == [report_lines._SCORE_JSON[k] for k in expected]


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_scores_that_are_no_probabilities_are_written_as_records_write_them(tiny_model, output_format):
    analyzer = Analyzer(tiny_model, n_jobs=1)
    good, bad = _batches(analyzer, ["you never listen", "", "thanks so much"], explain=False, size=2)
    assert good.scored is not None and bad.scored is not None
    bad.scored.proba[0, 0] = float("nan")
    bad.scored.proba[0, 1] = 1.5
    assert not report_lines.formats(bad)
    items = [item for batch in (good, bad) for item in batch.scored_inputs()]
    expected = "\n".join(report.scored_blocks(items, output_format, analyzer.labels))
    written = "\n".join(report.scored_batch_blocks([good, bad], output_format, analyzer.labels))
    assert written == expected
    assert ("NaN" if output_format == "jsonl" else "nan") in written

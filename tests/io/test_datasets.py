"""Labelled data: the formats users have, and precise FILE:LINE errors for everything wrong."""

import pytest

from tests.conftest import write
from tone.errors import DataError
from tone.io.datasets import read_examples


def test_jsonl_reads_text_labels_and_writer(tmp_path):
    path = write(tmp_path / "d.jsonl", '{"text": "hi", "labels": ["support"], "writer": "w1"}\n')
    (example,) = read_examples([path])
    assert (example.text, example.labels, example.writer, example.line) == ("hi", ("support",), "w1", 1)


def test_csv_with_pipe_separated_labels(tmp_path):
    path = write(tmp_path / "d.csv", "text,labels\nyou never help,criticism|need\nok,\n")
    assert [(e.text, e.labels) for e in read_examples([path])] == [
        ("you never help", ("criticism", "need")),
        ("ok", ()),
    ]


def test_csv_with_one_binary_column_per_label(tmp_path):
    path = write(tmp_path / "d.csv", "text,criticism,defensiveness\nnot my fault,0,1\n")
    assert read_examples([path])[0].labels == ("defensiveness",)


def test_spacy_cats_and_prodigy_accept(tmp_path):
    path = write(
        tmp_path / "d.jsonl",
        '{"text": "a", "cats": {"support": 1.0, "need": 0.0}}\n'
        '{"text": "b", "accept": ["need"], "answer": "accept"}\n'
        '{"text": "c", "accept": ["need"], "answer": "reject"}\n',
    )
    assert [(e.text, e.labels) for e in read_examples([path])] == [("a", ("support",)), ("b", ("need",))]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"text": "ok", "labels": []}\n{bad json\n', r"d.jsonl:2: invalid JSON"),
        ('{"labels": []}\n', r"d.jsonl:1: missing 'text'"),
        ('{"text": "   ", "labels": []}\n', r"d.jsonl:1: empty 'text'"),
        (
            '{"text": "hi", "labels": "support"}\n',
            r"d.jsonl:1: 'labels' must be a list of strings, got a string",
        ),
        ('{"text": "hi", "labels": [1]}\n', r"d.jsonl:1: 'labels' must be a list of label names"),
        ('{"text": "hi"}\n', r"d.jsonl:1: missing 'labels'"),
    ],
)
def test_each_broken_line_is_reported_with_file_and_line(tmp_path, content, expected):
    path = write(tmp_path / "d.jsonl", content)
    with pytest.raises(DataError, match=expected):
        read_examples([path])


def test_unknown_label_suggests_the_close_known_one(tmp_path):
    path = write(tmp_path / "d.jsonl", '{"text": "hi", "labels": ["critcism"]}\n')
    with pytest.raises(DataError, match=r"d.jsonl:1: unknown label 'critcism'; did you mean 'criticism'\?"):
        read_examples([path], known_labels=["criticism", "contempt", "support", "need"])


def test_conflicting_duplicates_point_at_both_lines(tmp_path):
    path = write(
        tmp_path / "d.jsonl", '{"text": "Fine.", "labels": []}\n{"text": "fine.", "labels": ["contempt"]}\n'
    )
    with pytest.raises(DataError, match=r"d.jsonl:2: same text as .*d.jsonl:1 but different labels"):
        read_examples([path])


def test_many_problems_are_collected_and_capped_at_twenty(tmp_path):
    path = write(tmp_path / "d.jsonl", "{bad\n" * 30)
    with pytest.raises(DataError) as info:
        read_examples([path])
    assert info.value.message == "30 problems in the training data"
    assert len(info.value.problems) == 21 and info.value.problems[-1] == "... and 10 more"


def test_non_utf8_training_file_suggests_encoding(tmp_path):
    path = write(tmp_path / "d.jsonl", b'{"text": "caf\xe9", "labels": []}\n')
    with pytest.raises(DataError, match=r"d.jsonl:1: bytes that are not valid utf-8.*--encoding"):
        read_examples([path])


def test_empty_and_binary_files_are_refused(tmp_path):
    with pytest.raises(DataError, match="file is empty"):
        read_examples([write(tmp_path / "e.jsonl", "")])
    with pytest.raises(DataError, match="binary"):
        read_examples([write(tmp_path / "b.jsonl", b"\x00\x01\x02")])


def test_skipped_records_from_tone_label_are_left_out(tmp_path):
    path = write(
        tmp_path / "d.jsonl",
        '{"text": "a", "labels": ["need"], "source": "m.txt:1"}\n'
        '{"text": "b", "source": "m.txt:2", "skipped": true}\n',
    )
    assert [(e.text, e.labels) for e in read_examples([path])] == [("a", ("need",))]

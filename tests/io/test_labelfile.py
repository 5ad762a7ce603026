"""The tone label output file: records appended whole, the last one cut off on undo."""

import json
import re

import pytest

from tests.conftest import write
from tone.errors import InputError
from tone.io.labelfile import LabelDecision, LabelFile


def texts(path):
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_decisions_already_in_the_file_are_read_back_labelled_or_skipped(tmp_path):
    path = write(
        tmp_path / "l.jsonl",
        '{"text": "a", "labels": ["need"], "source": "m.txt:1"}\n\n{"text": "b", "source": "m.txt:2", "skipped": true}\n',
    )
    assert LabelFile(path).decisions == [
        LabelDecision("a", "m.txt:1", ("need",)),
        LabelDecision("b", "m.txt:2", (), skipped=True),
    ]


def test_append_then_pop_leaves_the_file_as_it_was(tmp_path):
    path = write(tmp_path / "l.jsonl", '{"text": "a", "labels": []}\n')
    label_file = LabelFile(path)
    label_file.append(LabelDecision("b", "m.txt:2", ("need",)))
    assert texts(path) == ["a", "b"]
    assert label_file.pop() == LabelDecision("b", "m.txt:2", ("need",))
    assert path.read_text(encoding="utf-8") == '{"text": "a", "labels": []}\n'


def test_append_after_a_hand_edited_file_without_final_newline_starts_a_new_line(tmp_path):
    path = write(tmp_path / "l.jsonl", '{"text": "a", "labels": []}')
    LabelFile(path).append(LabelDecision("b", "m.txt:2"))
    assert texts(path) == ["a", "b"]


def test_pop_reaches_back_into_records_written_by_an_earlier_run(tmp_path):
    path = write(tmp_path / "l.jsonl", '{"text": "a", "labels": []}\n{"text": "b", "labels": []}\n')
    label_file = LabelFile(path)
    assert [label_file.pop().text, label_file.pop().text, label_file.pop()] == ["b", "a", None]
    assert path.read_bytes() == b""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "a", "labels": []}\n{oops\n', "l.jsonl:2: not a JSON record"),
        ('["a"]\n', 'l.jsonl:1: expected a {"text": ..., "labels": [...]} record'),
    ],
)
def test_a_file_that_is_not_tone_label_output_is_refused_with_its_line(tmp_path, content, message):
    path = write(tmp_path / "l.jsonl", content)
    with pytest.raises(InputError, match=re.escape(message)):
        LabelFile(path)

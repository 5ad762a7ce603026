"""Reading messages to score: every record comes back with its line; bad files fail on one line."""

import pytest

from tests.conftest import write
from tone.errors import InputError
from tone.io.inputs import read_texts


def test_txt_yields_one_message_per_line_including_empty_ones(tmp_path):
    path = write(tmp_path / "m.txt", "hello\n\nyou never call\n")
    assert [(t.line, t.text) for t in read_texts(path)] == [(1, "hello"), (2, ""), (3, "you never call")]


def test_txt_with_bom_and_crlf_reads_clean_text(tmp_path):
    path = write(tmp_path / "m.txt", "\ufeffhi there\r\nbye\r\n".encode())
    assert [t.text for t in read_texts(path)] == ["hi there", "bye"]


def test_csv_reads_the_text_column_and_multiline_cells(tmp_path):
    path = write(tmp_path / "m.csv", 'id,text\n1,"first line\nsecond line"\n2,plain\n')
    assert [(t.line, t.text) for t in read_texts(path)] == [(2, "first line\nsecond line"), (4, "plain")]


def test_csv_without_text_column_names_the_columns_found(tmp_path):
    path = write(tmp_path / "m.csv", "id,message\n1,hi\n")
    with pytest.raises(InputError, match=r"m.csv:1: no 'text' column \(found 'id', 'message'\)"):
        list(read_texts(path))


def test_jsonl_invalid_json_names_the_line(tmp_path):
    path = write(tmp_path / "m.jsonl", '{"text": "ok"}\n{"text": "broken\n')
    with pytest.raises(InputError, match=r"m.jsonl:2: invalid JSON"):
        list(read_texts(path))


def test_jsonl_missing_field_names_the_line(tmp_path):
    path = write(tmp_path / "m.jsonl", '{"text": "ok"}\n{"body": "hi"}\n')
    with pytest.raises(InputError, match=r"m.jsonl:2: no 'text' field"):
        list(read_texts(path))


def test_non_utf8_bytes_name_the_line_and_suggest_encoding(tmp_path):
    path = write(tmp_path / "m.txt", b"fine\ncaf\xe9 au lait\n")
    with pytest.raises(InputError, match=r"m.txt:2: bytes that are not valid utf-8.*--encoding"):
        list(read_texts(path))


def test_declared_encoding_reads_latin1(tmp_path):
    path = write(tmp_path / "m.txt", b"caf\xe9\n")
    assert [t.text for t in read_texts(path, encoding="latin-1")] == ["café"]


def test_empty_file_is_an_error(tmp_path):
    path = write(tmp_path / "m.txt", "")
    with pytest.raises(InputError, match=r"m.txt: file is empty"):
        list(read_texts(path))


def test_binary_file_is_an_error(tmp_path):
    path = write(tmp_path / "m.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(InputError, match="binary"):
        list(read_texts(path))


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        list(read_texts(tmp_path / "nope.txt"))


def stdin_of(monkeypatch, data: bytes) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_whose_first_line_is_a_json_object_reads_as_json_lines(monkeypatch):
    stdin_of(monkeypatch, b'{"text": "you never call"}\n\n{"text": "thanks, love"}\n')
    assert [(t.line, t.text) for t in read_texts("-")] == [(1, "you never call"), (3, "thanks, love")]


def test_stdin_of_plain_lines_reads_one_message_per_line_even_with_braces_later(monkeypatch):
    stdin_of(monkeypatch, b"you never call\n{not json}\n")
    assert [t.text for t in read_texts("-")] == ["you never call", "{not json}"]


def test_stdin_json_without_the_text_field_says_which_field_is_missing(monkeypatch):
    stdin_of(monkeypatch, b'{"body": "hi"}\n')
    with pytest.raises(InputError, match="<stdin>:1: no 'text' field"):
        list(read_texts("-"))


def test_a_declared_format_wins_over_what_stdin_looks_like(monkeypatch):
    stdin_of(monkeypatch, b'{"text": "hi"}\n')
    assert [t.text for t in read_texts("-", input_format="txt")] == ['{"text": "hi"}']

"""Generic CSV / JSON Lines with header aliases or explicit columns."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from expectations import DATA, expected_for, parsed

from tone.errors import FormatError
from tone.io.chats import read_chat
from tone.io.records import Message

GEN = DATA / "generic"
GERMAN = {"text": "Nachricht", "sender": "Von", "timestamp": "Datum", "kind": "Typ"}


@pytest.mark.parametrize("name", ["whatstk_style.csv", "messages.jsonl"])
def test_fixture_with_known_aliases_parses_as_expected(name: str) -> None:
    assert parsed(GEN / name) == expected_for(GEN / name)


def test_explicit_columns_semicolon_bom_and_locale_dates() -> None:
    path = GEN / "excel_semicolon.csv"
    assert parsed(path, format="generic", columns=GERMAN) == expected_for(path)
    assert "date order: day/month" in read_chat(path, "generic", columns=GERMAN).notes[1]


def test_unknown_header_without_columns_is_a_format_error_naming_the_fix() -> None:
    with pytest.raises(FormatError, match="columns=") as err:
        read_chat(GEN / "excel_semicolon.csv", "generic")
    assert "\n" not in str(err.value)


def test_column_that_is_not_in_the_header_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="'Text' for text is not in the header"):
        read_chat(GEN / "whatstk_style.csv", "generic", columns={"text": "Text"})


def test_quoted_newline_stays_inside_the_field() -> None:
    second = [r for r in read_chat(GEN / "whatstk_style.csv").records() if isinstance(r, Message)][1]
    assert second.text == "two\nlines, with a comma"


def test_epoch_seconds_and_milliseconds_are_utc() -> None:
    msgs = [r for r in read_chat(GEN / "messages.jsonl").records() if isinstance(r, Message)]
    assert msgs[0].timestamp == datetime(2024, 1, 5, 20, 7, 13, tzinfo=UTC)
    assert msgs[1].timestamp == datetime(2024, 1, 5, 20, 8, 13, tzinfo=UTC)


def test_month_first_dates_are_inferred_from_a_second_field_over_12(tmp_path: Path) -> None:
    path = tmp_path / "us.csv"
    path.write_text("date,author,text\n1/5/2024 9:07 PM,Ana,hi\n1/13/2024 9:08 AM,Ben,ok\n", "utf-8")
    msgs = [r for r in read_chat(path).records() if isinstance(r, Message)]
    assert [m.timestamp for m in msgs] == [datetime(2024, 1, 5, 21, 7), datetime(2024, 1, 13, 9, 8)]

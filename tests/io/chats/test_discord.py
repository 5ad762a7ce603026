"""DiscordChatExporter JSON and CSV (§12 25, Discord half)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from expectations import DATA, expected_for, parsed

from tone.io.chats import read_chat
from tone.io.records import Message

DC = DATA / "discord"


def messages(path: Path) -> list[Message]:
    return [r for r in read_chat(path).records() if isinstance(r, Message)]


@pytest.mark.parametrize("name", ["general.json", "general_dce.csv"])
def test_fixture_parses_as_expected(name: str) -> None:
    assert parsed(DC / name) == expected_for(DC / name)


def test_json_title_is_guild_and_channel() -> None:
    assert read_chat(DC / "general.json").title == "Book Club / general"


def test_timestamps_keep_their_offset_and_seven_digit_fractions_parse() -> None:
    first = messages(DC / "general.json")[0]
    assert first.timestamp == datetime(2024, 1, 5, 21, 7, 13, 123000, timezone(timedelta(hours=1)))


def test_reply_edit_system_call_bot_and_sticker() -> None:
    msgs = messages(DC / "general.json")
    assert (msgs[1].reply_to, msgs[1].edited) == ("1", True)
    assert [m.kind for m in msgs[2:]] == ["media", "system", "call", "system", "sticker"]
    assert msgs[5].flags == ("bot",)


# 25
def test_csv_row_with_doubled_quotes_and_newline_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        '"AuthorID","Author","Date","Content","Attachments","Reactions"\r\n'
        '"1","Ana","2024-01-05T21:07:13+01:00","He said ""no""\nthen left","",""\r\n',
        encoding="utf-8",
    )
    (msg,) = messages(path)
    assert (msg.sender, msg.text) == ("Ana", 'He said "no"\nthen left')


def test_csv_row_with_missing_columns_is_an_issue_not_a_crash() -> None:
    last = list(read_chat(DC / "general_dce.csv").records())[-1]
    assert not isinstance(last, Message) and last.line == 7

"""Signal through signal-export (data.json, chat.md) and sigtop text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from expectations import DATA, expected_for, parsed

from tone.io.chats import read_chat
from tone.io.records import Message

SG = DATA / "signal"


def messages(path: Path) -> list[Message]:
    return [r for r in read_chat(path).records() if isinstance(r, Message)]


@pytest.mark.parametrize("name", ["Ana/data.json", "Ana/chat.md", "sigtop_Ana.txt"])
def test_fixture_parses_as_expected(name: str) -> None:
    assert parsed(SG / name) == expected_for(SG / name)


def test_folder_prefers_data_json() -> None:
    assert parsed(SG / "Ana") == expected_for(SG / "Ana" / "data.json")


def test_data_json_and_chat_md_agree_on_the_conversation() -> None:
    jsonl = [(m.sender, m.kind, m.text) for m in messages(SG / "Ana" / "data.json")][:3]
    markdown = [(m.sender, m.kind, m.text) for m in messages(SG / "Ana" / "chat.md")][:3]
    assert jsonl == markdown


def test_quote_becomes_reply_to_and_leaves_the_body() -> None:
    reply = messages(SG / "Ana" / "chat.md")[1]
    assert (reply.text, reply.reply_to) == ("yes! can't wait", "are we still on for tonight?")


def test_chat_md_v1_line_without_seconds_and_its_continuation() -> None:
    old = messages(SG / "Ana" / "chat.md")[5]
    assert old.timestamp == datetime(2024, 1, 5, 21, 12)
    assert old.text == "old v1 line without seconds\nsecond line of it"


def test_sigtop_keeps_the_offset_and_takes_the_latest_edit() -> None:
    msgs = messages(SG / "sigtop_Ana.txt")
    assert msgs[0].timestamp == datetime(2024, 1, 5, 21, 7, 13, tzinfo=timezone(timedelta(hours=1)))
    assert (msgs[-1].text, msgs[-1].edited) == ("see you at 9", True)
    assert read_chat(SG / "sigtop_Ana.txt").title == "Ana"


def test_broken_jsonl_line_is_an_issue() -> None:
    last = list(read_chat(SG / "Ana" / "data.json").records())[-1]
    assert not isinstance(last, Message) and last.line == 7

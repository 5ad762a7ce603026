"""Telegram Desktop result.json: single chat, full export, text lists, file defects (§12 22–23)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from expectations import DATA, expected_for, parsed

from tone.io.chats import read_chat
from tone.io.records import Message, ParseIssue

TG = DATA / "telegram"


def messages(path: Path) -> list[Message]:
    return [r for r in read_chat(path).records() if isinstance(r, Message)]


@pytest.mark.parametrize("name", ["single_chat.json", "full_export.json"])
def test_fixture_parses_as_expected(name: str) -> None:
    assert parsed(TG / name) == expected_for(TG / name)


def test_single_chat_title_is_the_chat_name() -> None:
    assert read_chat(TG / "single_chat.json").title == "Ana Souza"


# 22
def test_text_list_is_joined_without_extra_spaces() -> None:
    first, second = messages(TG / "single_chat.json")[:2]
    assert first.text == "Hi there!"
    assert second.text == "unreal 😂"  # "un" + italic "real": no space inside the word


def test_sticker_is_kind_sticker_with_its_emoji() -> None:
    sticker = messages(TG / "single_chat.json")[2]
    assert (sticker.kind, sticker.text, sticker.scored) == ("sticker", "😂", False)


def test_service_message_is_system_with_its_actor() -> None:
    service = messages(TG / "single_chat.json")[3]
    assert (service.kind, service.sender, service.text) == (
        "system",
        "Ana Souza",
        "invite_members: Ben",
    )


def test_phone_call_service_is_kind_call() -> None:
    assert messages(TG / "single_chat.json")[8].kind == "call"


# 23
def test_invalid_x_escape_is_repaired_and_an_escaped_backslash_is_left_alone() -> None:
    repaired = messages(TG / "single_chat.json")[4]
    assert repaired.text == "tab\x0bhere and a real backslash-x: \\x41"


def test_null_from_is_deleted_account() -> None:
    assert messages(TG / "single_chat.json")[4].sender == "Deleted Account"


def test_date_unixtime_is_preferred_and_gives_utc() -> None:
    first = messages(TG / "single_chat.json")[0]
    # "date" says 22:07:13 local; the epoch is the truth
    assert first.timestamp == datetime(2024, 1, 5, 21, 7, 13, tzinfo=UTC)


def test_old_export_without_unixtime_falls_back_to_naive_local_date() -> None:
    old = messages(TG / "single_chat.json")[9]
    assert old.timestamp == datetime(2024, 1, 5, 22, 17)
    assert old.flags == ("forwarded",)


def test_reply_and_edit_are_kept() -> None:
    msgs = messages(TG / "single_chat.json")
    assert (msgs[1].reply_to, msgs[1].message_id) == ("1", "2")
    assert msgs[5].edited and msgs[5].flags == ("caption",)


def test_full_export_tags_each_message_with_its_chat_including_left_chats() -> None:
    chats = [m.chat for m in messages(TG / "full_export.json")]
    assert chats == ["Ben", "Ben", "saved_messages", "Old Group"]


def test_truncated_json_yields_messages_so_far_then_an_issue(tmp_path: Path) -> None:
    text = (TG / "single_chat.json").read_text(encoding="utf-8")
    cut = tmp_path / "result.json"
    cut.write_text(text[: text.index('"id": 3')], encoding="utf-8")
    records = list(read_chat(cut, "telegram").records())
    assert [type(r) for r in records] == [Message, Message, ParseIssue]


def test_folder_holding_result_json_is_read(tmp_path: Path) -> None:
    (tmp_path / "result.json").write_text(
        json.dumps({"name": "X", "type": "personal_chat", "id": 1, "messages": []}),
        encoding="utf-8",
    )
    assert read_chat(tmp_path).format == "telegram"

"""iMessage conversations exported as text by imessage-exporter."""

from __future__ import annotations

from datetime import datetime

from expectations import DATA, expected_for, parsed

from tone.io.chats import read_chat
from tone.io.records import Message

CONV = DATA / "imessage" / "Ana, Ben.txt"


def messages() -> list[Message]:
    return [r for r in read_chat(CONV).records() if isinstance(r, Message)]


def test_fixture_parses_as_expected() -> None:
    assert parsed(CONV) == expected_for(CONV)


def test_space_padded_hour_and_read_receipt_parse() -> None:
    first, second = messages()[:2]
    assert first.timestamp == datetime(2024, 1, 5, 21, 7, 13)
    assert (second.sender, second.text) == ("Me", "yes!\ncan't wait")


def test_edit_keeps_the_latest_version() -> None:
    edited = messages()[4]
    assert (edited.text, edited.edited) == ("see you at 9", True)


def test_announcement_on_the_date_line_is_system() -> None:
    rename = messages()[6]
    assert (rename.kind, rename.sender) == ("system", None)


def test_thread_reply_follows_its_parent_which_keeps_its_reply_note() -> None:
    parent, reply = messages()[8:10]
    assert parent.flags == ("reply",)
    assert (reply.sender, reply.flags) == ("Ana", ("thread_reply",))


def test_blank_line_inside_a_message_does_not_split_it() -> None:
    assert messages()[-1].text == "first paragraph\n\nsecond paragraph after a blank line"


def test_title_is_the_file_name() -> None:
    assert read_chat(CONV).title == "Ana, Ben"

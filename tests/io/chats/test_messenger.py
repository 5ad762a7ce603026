"""Messenger / Instagram DYI JSON: part order, guarded mojibake repair (§12 24), E2EE shape."""

from __future__ import annotations

from datetime import UTC, datetime

from expectations import DATA, expected_for, parsed

from tone.io.chats import read_chat
from tone.io.chats._common import repair_mojibake
from tone.io.records import Message

THREAD = DATA / "messenger" / "inbox" / "josecafe_123"
E2EE = DATA / "messenger" / "e2ee" / "secure_chat.json"


def messages(path):  # type: ignore[no-untyped-def]
    return [r for r in read_chat(path).records() if isinstance(r, Message)]


def test_thread_folder_parses_as_expected() -> None:
    assert parsed(THREAD) == expected_for(THREAD)


def test_one_part_file_reads_the_whole_thread() -> None:
    assert parsed(THREAD / "message_1.json") == expected_for(THREAD)


def test_e2ee_download_parses_as_expected() -> None:
    assert parsed(E2EE) == expected_for(E2EE)


def test_newest_first_parts_come_out_oldest_first() -> None:
    stamps = [m.timestamp for m in messages(THREAD)]
    assert stamps == sorted(stamps)
    assert stamps[0] == datetime(2024, 1, 5, 20, 7, 13, tzinfo=UTC)


# 24
def test_mojibake_in_sender_and_content_is_repaired() -> None:
    msg = next(m for m in messages(THREAD) if m.text.startswith("😀"))
    assert (msg.sender, msg.text) == ("José Café", "😀 café")


def test_already_correct_text_is_left_unchanged_and_does_not_raise() -> None:
    texts = [m.text for m in messages(THREAD)]
    assert "“quoted” is already right" in texts
    assert "José wrote this already correctly: café" in texts
    assert repair_mojibake("\u201cquoted\u201d") == "\u201cquoted\u201d"


def test_title_is_repaired_too() -> None:
    assert read_chat(THREAD).title == "José Café"


def test_unsent_call_sticker_and_meta_sentences_are_not_scored() -> None:
    kinds = {m.kind for m in messages(THREAD) if not m.scored}
    assert {"deleted", "call", "sticker", "media", "system"} <= kinds
    liked = messages(THREAD)[-1]
    assert (liked.text, liked.kind) == ("Liked a message", "system")


def test_photo_with_content_is_scored_caption() -> None:
    caption = next(m for m in messages(THREAD) if "caption" in m.flags)
    assert caption.text == "mira esto 👀" and caption.scored

"""Slack workspace export, as a folder and as a zip (§12 25, Slack half)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from expectations import DATA, expected_for, parsed

from tone.io.chats import read_chat
from tone.io.chats.slack import resolve_text
from tone.io.records import Message

WS = DATA / "slack" / "workspace"


def messages(path: Path) -> list[Message]:
    return [r for r in read_chat(path).records() if isinstance(r, Message)]


def test_workspace_folder_parses_as_expected() -> None:
    assert parsed(WS) == expected_for(WS)


def test_zipped_workspace_parses_like_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "Acme Slack export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(WS.rglob("*.json")):
            zf.write(file, "export/" + file.relative_to(WS).as_posix())
    assert parsed(archive) == expected_for(WS)


# 25
def test_entities_unescaped_and_user_mention_resolved() -> None:
    assert messages(WS)[1].text == "<3 thanks @Ben!"


def test_channel_links_and_specials_are_readable() -> None:
    assert resolve_text("<#C2|random> <!here> <https://x.y>", {}) == "#random @here https://x.y"


def test_channel_join_and_topic_are_system_and_not_scored() -> None:
    msgs = messages(WS)
    assert (msgs[0].kind, msgs[5].kind) == ("system", "system")
    assert not msgs[0].scored


def test_thread_reply_points_at_its_parent_and_edits_are_flagged() -> None:
    msgs = messages(WS)
    assert msgs[2].reply_to == msgs[1].message_id
    assert msgs[3].edited


def test_channels_come_in_channels_json_order_and_messages_carry_them() -> None:
    assert [m.chat for m in messages(WS)][-2:] == ["general", "random"]
    assert read_chat(WS).notes == ["2 channel(s): general, random"]


def test_unknown_user_falls_back_to_inline_profile() -> None:
    assert messages(WS)[-1].sender == "Guest"

"""Format detection from content, and the public entry point's errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from expectations import DATA

from tone.errors import FormatError
from tone.io.chats import FORMATS, detect_format, read_chat


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("whatsapp/android_us_12h.txt", "whatsapp"),
        ("whatsapp/ios_media_lrm.txt", "whatsapp"),
        ("whatsapp/variants/croatian_style.txt", "whatsapp"),
        ("whatsapp/variants/finnish_klo.txt", "whatsapp"),
        ("whatsapp/bom_emoji.txt", "whatsapp"),
        ("whatsapp/WhatsApp Chat - Hiking Club.zip", "whatsapp"),
        ("whatsapp/android_with_media.zip", "whatsapp"),
        ("telegram/single_chat.json", "telegram"),
        ("telegram/full_export.json", "telegram"),
        ("messenger/inbox/josecafe_123", "messenger"),
        ("messenger/inbox/josecafe_123/message_2.json", "messenger"),
        ("messenger/e2ee/secure_chat.json", "messenger"),
        ("discord/general.json", "discord"),
        ("discord/general_dce.csv", "discord"),
        ("slack/workspace", "slack"),
        ("signal/Ana", "signal"),
        ("signal/Ana/data.json", "signal"),
        ("signal/Ana/chat.md", "signal"),
        ("signal/sigtop_Ana.txt", "signal"),
        ("imessage/Ana, Ben.txt", "imessage"),
        ("generic/whatstk_style.csv", "generic"),
        ("generic/messages.jsonl", "generic"),
    ],
)
def test_format_is_detected_from_content(relative: str, expected: str) -> None:
    assert detect_format(DATA / relative) == expected


def test_detection_ignores_the_file_extension(tmp_path: Path) -> None:
    renamed = tmp_path / "export.dat"
    renamed.write_bytes((DATA / "telegram" / "single_chat.json").read_bytes())
    assert detect_format(renamed) == "telegram"


def test_unrecognised_file_raises_format_error_with_one_line_saying_what_was_tried(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shopping.txt"
    path.write_text("milk\neggs\nbread\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_chat(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: unrecognised chat export (tried: ")
    assert "WhatsApp headers" in message and "JSON key signatures" in message


def test_unrecognised_json_and_zip_also_raise(tmp_path: Path) -> None:
    import zipfile

    (tmp_path / "config.json").write_text('{"theme": "dark"}', encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as zf:
        zf.writestr("a.jpg", b"x")
    for name in ("config.json", "photos.zip"):
        with pytest.raises(FormatError, match="unrecognised chat export"):
            detect_format(tmp_path / name)


def test_missing_path_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no such file or folder"):
        read_chat(tmp_path / "nope.txt")


def test_unknown_format_name_lists_the_known_ones() -> None:
    with pytest.raises(FormatError, match="use one of whatsapp, telegram"):
        read_chat(DATA / "whatsapp" / "android_us_12h.txt", "myspace")


def test_formats_lists_every_reader_and_instagram_is_messenger() -> None:
    assert set(FORMATS) >= {
        "whatsapp", "telegram", "messenger", "instagram", "discord", "slack", "signal",
        "imessage", "generic",
    }  # fmt: skip
    thread = DATA / "messenger" / "inbox" / "josecafe_123"
    assert read_chat(thread, "instagram").format == "messenger"


def test_explicit_format_skips_detection() -> None:
    chat = read_chat(DATA / "generic" / "whatstk_style.csv", "generic")
    assert chat.format == "generic"

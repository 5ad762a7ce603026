"""WhatsApp .txt and .zip exports: header variants, date order, bodies, edge cases 1–21."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from expectations import DATA, expected_for, fixtures, parsed

from tone.errors import FormatError
from tone.io.chats import read_chat
from tone.io.records import Message, ParseIssue

WA = DATA / "whatsapp"


def messages(path: Path, **options: object) -> list[Message]:
    return [r for r in read_chat(path, **options).records() if isinstance(r, Message)]


@pytest.mark.parametrize("fixture", fixtures("whatsapp", "*.txt", "variants/*.txt"), ids=lambda p: p.name)
def test_fixture_parses_as_expected(fixture: Path) -> None:
    assert parsed(fixture) == expected_for(fixture)


@pytest.mark.parametrize(
    ("zip_name", "same_as"),
    [
        ("WhatsApp Chat - Hiking Club.zip", "ios_group_system.txt"),
        ("android_with_media.zip", "localized_media_de.txt"),
    ],
)
def test_zip_reads_the_chat_inside_like_the_bare_file(zip_name: str, same_as: str) -> None:
    assert parsed(WA / zip_name) == expected_for(WA / same_as)


def test_zip_with_media_falls_back_to_the_chat_named_txt_and_skips_macosx() -> None:
    chat = read_chat(WA / "android_with_media.zip")
    assert chat.notes[0] == "read WhatsApp Chat mit Jörg.txt from the zip"
    assert chat.title == "Jörg"


def test_zip_title_comes_from_the_zip_name() -> None:
    assert read_chat(WA / "WhatsApp Chat - Hiking Club.zip").title == "Hiking Club"


# 1
def test_android_12h_with_narrow_nbsp_parses_pm() -> None:
    msg = messages(WA / "android_us_12h.txt")[2]
    assert (msg.sender, msg.text) == ("Ana Silva", "on my way")
    assert msg.timestamp == datetime(2024, 1, 5, 21, 7)


# 2
def test_12_am_is_midnight_and_12_pm_is_noon() -> None:
    late, lunch = messages(WA / "android_us_12h.txt")[:2]
    assert late.timestamp == datetime(2024, 1, 5, 0, 3)
    assert lunch.timestamp == datetime(2024, 1, 5, 12, 3)


# 3
def test_spanish_p_m_with_nbsp_is_pm_and_not_part_of_the_author() -> None:
    first, second, midnight = messages(WA / "android_es_p_m_nbsp.txt")
    assert (first.sender, first.timestamp) == ("Lucía", datetime(2024, 1, 5, 21, 7))
    assert second.timestamp == datetime(2024, 1, 5, 21, 8)
    assert midnight.timestamp == datetime(2024, 1, 13, 0, 0)


# 4
def test_ios_media_line_with_lrm_before_bracket_and_body_is_media_not_scored() -> None:
    media = messages(WA / "ios_media_lrm.txt")[1]
    assert (media.kind, media.text, media.scored) == ("media", "image omitted", False)


# 5
def test_ambiguous_date_order_is_reported_not_silently_picked() -> None:
    chat = read_chat(WA / "ambiguous_dates.txt")
    assert any("ambiguous" in note and "date_order=" in note for note in chat.notes)


def test_date_order_override_is_honoured_and_noted() -> None:
    chat = read_chat(WA / "ambiguous_dates.txt", date_order="mdy")
    first = next(r for r in chat.records() if isinstance(r, Message))
    assert first.timestamp == datetime(2024, 3, 4, 10, 0)
    assert chat.notes[0] == "date order: month/day (given)"


def test_unknown_date_order_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="unknown date order 'dym'"):
        read_chat(WA / "ambiguous_dates.txt", date_order="dym")


# 6
def test_a_day_over_12_late_in_the_file_settles_the_order_for_earlier_lines(tmp_path: Path) -> None:
    lines = [f"{(i % 12) + 1:02d}/01/24, 09:{i % 60:02d} - A: msg {i}" for i in range(500)]
    lines.append("13/01/24, 09:00 - A: x")
    path = tmp_path / "late.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chat = read_chat(path)
    assert chat.notes[0] == "date order: day/month (inferred: a day > 12 on line 501)"
    first = next(r for r in chat.records() if isinstance(r, Message))
    assert first.timestamp == datetime(2024, 1, 1, 9, 0)


def test_chronology_decides_when_no_day_exceeds_12(tmp_path: Path) -> None:
    # month/day: Jan 12 → Feb 1 → Feb 2 moves forward; read as day/month it goes backwards.
    path = tmp_path / "chrono.txt"
    path.write_text("1/12/24, 10:00 - A: a\n2/1/24, 10:00 - B: b\n2/2/24, 10:00 - A: c\n", "utf-8")
    chat = read_chat(path)
    assert chat.notes[0].startswith("date order: month/day (inferred from chronology")


# 7
@pytest.mark.parametrize(
    ("line", "sender", "stamp"),
    [
        ("2024-01-05, 21:07 - A: hi", "A", datetime(2024, 1, 5, 21, 7)),
        ("05.01.24, 21:07 - Jörg: Alles gut?", "Jörg", datetime(2024, 1, 5, 21, 7)),
        ("[05.01.24, 21:07:13] Jörg: ja", "Jörg", datetime(2024, 1, 5, 21, 7, 13)),
    ],
)
def test_year_first_and_dotted_headers_parse(tmp_path: Path, line: str, sender: str, stamp: datetime) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(line + "\n", encoding="utf-8")
    (msg,) = messages(path, date_order=None if line.startswith("2024") else "dmy")
    assert (msg.sender, msg.timestamp) == (sender, stamp)


# 8
def test_finnish_klo_with_dotted_time_parses() -> None:
    (msg, _) = messages(WA / "variants" / "finnish_klo.txt")
    assert (msg.sender, msg.text, msg.timestamp) == ("Aino", "moi", datetime(2024, 1, 5, 21, 7))


# 9
def test_date_looking_continuation_line_stays_in_the_message() -> None:
    first = messages(WA / "multiline_date_continuation.txt")[0]
    assert first.text == "plan:\n2024-01-06 10:00 dentist\nthen lunch"


# 10
def test_pasted_header_going_back_in_time_from_an_unknown_sender_stays_inside_and_is_flagged() -> None:
    msgs = messages(WA / "pasted_header_lf.txt")
    assert [m.sender for m in msgs] == ["A", "B", "A", "B", "B"]
    assert "pasted_header" in msgs[2].flags
    assert msgs[2].text.endswith("Carl: I never said that")


def test_headers_going_back_at_the_start_of_a_chat_are_kept_as_messages(tmp_path: Path) -> None:
    path = tmp_path / "start.txt"
    path.write_text(
        "13/01/24, 09:00 - Messages and calls are end-to-end encrypted.\n"
        "13/01/24, 00:01 - A: first\n13/01/24, 00:02 - B: second\n",
        encoding="utf-8",
    )
    assert [m.text for m in messages(path)][1:] == ["first", "second"]


def test_no_more_than_five_headers_are_absorbed_into_one_message(tmp_path: Path) -> None:
    lines = ["13/01/24, 21:00 - A: hi", "13/01/24, 21:01 - B: hey", "13/01/24, 21:02 - A: look:"]
    lines += [f"13/01/24, 20:{i:02d} - Stranger {i}: old line" for i in range(8)]
    path = tmp_path / "many.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    msgs = messages(path)
    assert msgs[2].flags == ("pasted_header",) and msgs[2].text.count("Stranger") == 5
    assert [m.sender for m in msgs[3:]] == ["Stranger 5", "Stranger 6", "Stranger 7"]


def test_pasted_header_after_lf_in_a_crlf_file_stays_inside_the_message() -> None:
    msgs = messages(WA / "pasted_header_crlf.txt")
    assert [m.sender for m in msgs] == ["A", "A", "B", "B"]
    assert msgs[1].text == "you said\n[05/01/2024, 21:05:00] B: I never said that"


# 11
def test_crlf_between_messages_and_lf_inside_gives_two_messages() -> None:
    first, second, _ = messages(WA / "ios_crlf_between_lf_inside.txt")
    assert (first.text, second.text) == ("line1\nline2", "ok")


# 12
def test_bom_file_parses_exactly_like_the_file_without_bom() -> None:
    assert parsed(WA / "bom_emoji.txt") == parsed(WA / "no_bom_emoji.txt")
    assert messages(WA / "bom_emoji.txt")[0].sender == "A"


def test_bom_survives_an_explicit_plain_utf8_encoding() -> None:
    assert parsed(WA / "bom_emoji.txt", encoding="utf-8") == parsed(WA / "no_bom_emoji.txt")


# 13
def test_android_system_line_without_author_is_system_not_continuation() -> None:
    msgs = messages(WA / "android_us_12h.txt")
    assert (msgs[3].kind, msgs[3].sender, msgs[3].text) == ("system", None, "Ana added Ben")
    assert msgs[2].text == "on my way"


# 14
def test_ios_system_line_authored_by_the_group_is_system() -> None:
    chat = read_chat(WA / "ios_group_system.txt")
    added = [m for m in chat.records() if isinstance(m, Message)][2]
    assert chat.title == "Hiking Club"
    assert (added.kind, added.sender, added.text) == ("system", "Hiking Club", "Ana added Ben")


def test_ios_text_that_merely_reads_like_a_system_line_stays_text() -> None:
    assert messages(WA / "ios_group_system.txt")[4].kind == "text"


# 15
@pytest.mark.parametrize(
    "name",
    ["android_e2e_old.txt", "android_e2e_new_lrm.txt", "ios_media_lrm.txt", "ios_group_system.txt"],
)
def test_e2e_notice_old_and_new_with_or_without_lrm_is_system(name: str) -> None:
    first = messages(WA / name)[0]
    assert first.kind == "system" and not first.scored


# 16
def test_deleted_messages_are_kind_deleted_and_not_scored() -> None:
    deleted = messages(WA / "android_us_12h.txt")[4:6]
    assert [(m.kind, m.scored) for m in deleted] == [("deleted", False), ("deleted", False)]


# 17
def test_edit_marker_is_stripped_and_edited_set_also_with_final_period() -> None:
    msgs = messages(WA / "android_us_12h.txt")
    assert (msgs[6].text, msgs[6].edited) == ("see you at 8", True)
    assert (msgs[7].text, msgs[7].edited) == ("ok then.", True)


# 18
def test_localised_placeholder_is_media_and_attachment_caption_is_scored_text() -> None:
    msgs = messages(WA / "localized_media_de.txt")
    assert msgs[0].kind == "media"
    assert (msgs[1].kind, msgs[2].kind, msgs[2].text) == ("media", "text", "look at this!")
    assert msgs[2].scored


# 19
def test_unsaved_contact_tilde_is_stripped_and_flagged() -> None:
    beto = messages(WA / "unsaved_and_poll.txt")[0]
    assert (beto.sender, beto.flags) == ("Beto", ("unsaved_contact",))


def test_phone_number_and_dash_inside_names_are_kept_whole() -> None:
    msgs = messages(WA / "android_us_12h.txt")
    assert msgs[8].sender == "+1 555 010 0199"
    assert (msgs[9].sender, msgs[9].text) == ("Dr. A - Clinic", "see you")


# 20
def test_zwj_emoji_and_composed_accents_survive_bidi_isolates_do_not() -> None:
    first, second, third = messages(WA / "emoji_accents.txt")
    assert first.text == "ok ❤️\u200d🩹 für dich"
    assert "\u00fc" in second.text and "\u2068" not in second.text
    assert third.text == "ﾃｽﾄ ｶﾀｶﾅ"  # no NFKC: half-width katakana stays as written


# 21
def test_out_of_order_timestamps_keep_file_order() -> None:
    msgs = messages(WA / "out_of_order.txt")
    assert [m.text for m in msgs] == ["first", "second", "third", "delayed by twenty minutes"]
    assert msgs[1].flags == () and msgs[3].flags == ("out_of_order",)


def test_text_before_the_first_header_and_impossible_dates_become_issues() -> None:
    records = list(read_chat(WA / "preamble_and_odd_lines.txt").records())
    issues = [r for r in records if isinstance(r, ParseIssue)]
    assert [i.line for i in issues] == [1, 5]
    assert sum(isinstance(r, Message) for r in records) == 4


def test_poll_and_call_kinds() -> None:
    _, poll, call = messages(WA / "unsaved_and_poll.txt")
    assert (poll.kind, call.kind) == ("poll", "call")


def test_file_without_any_header_is_a_one_line_format_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_chat(path, "whatsapp")
    assert "\n" not in str(err.value) and "no WhatsApp message header" in str(err.value)


def test_non_utf8_file_is_a_format_error_that_names_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("05/01/2024, 21:07 - A: caf\u00e9 \u201cok\u201d\n".encode("cp1252"))
    with pytest.raises(FormatError, match="encoding='cp1252'"):
        read_chat(path, "whatsapp")
    assert messages(path, format="whatsapp", encoding="cp1252")[0].text == "café “ok”"

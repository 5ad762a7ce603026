"""The HTML report: self-contained, escaped, every chart present, robust to odd summaries."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser

import pytest

from tests.report_summaries import EDGE_CASES, HOSTILE, example, long_text, many_senders, no_weeks
from tone.report_html import MAX_SENDERS, MAX_UNPARSED, render_html
from tone.report_messages import excerpt_windows
from tone.report_summary import cue_spans, weeks
from tone.report_svg import Series, week_chart

PAYLOAD = "<script>alert(1)</script>"
ATTRIBUTE_BREAKOUT = '" onmouseover="alert(2)" x=\''


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside <mark> elements."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marked: list[str] = []
        self._in_mark = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_mark = self._in_mark or tag == "mark"
        if tag == "mark":
            self.marked.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._in_mark:
            self.marked[-1] += data

    def names(self) -> set[str]:
        return {tag for tag, _ in self.tags}


def visible_text(page: str) -> str:
    """The body's text with tags removed and whitespace collapsed (entities left escaped)."""
    body = page[page.index("<body>") :]
    blocks_apart = re.sub(r"</?(?:td|th|tr|li|p|div|dt|dd|h\d)\b[^>]*>", " ", body)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", blocks_apart))


def hostile_summary() -> dict:
    """The example with a payload in every string a user or an export controls."""
    summary = example()
    summary["source"] = f"chat {PAYLOAD}{ATTRIBUTE_BREAKOUT}.txt"
    summary["format"] = PAYLOAD
    summary["notes"] = [PAYLOAD, ATTRIBUTE_BREAKOUT]
    summary["model"]["name"] = PAYLOAD
    summary["accounting"]["skipped"][PAYLOAD] = 1
    summary["accounting"]["unparsed"][0].update(reason=PAYLOAD, raw=ATTRIBUTE_BREAKOUT)
    ana = summary["senders"].pop("Ana")
    ana["top_cues"].append([f"<img src=x onerror=alert(3)>{ATTRIBUTE_BREAKOUT}", 99])
    summary["senders"][ATTRIBUTE_BREAKOUT] = ana
    for week in summary["weeks"]:
        if "Ana" in week["senders"]:
            week["senders"][ATTRIBUTE_BREAKOUT] = week["senders"].pop("Ana")
    worst = summary["worst"][0]
    worst["text"] += f" {PAYLOAD}"
    worst["cues"].append(
        {"text": PAYLOAD, "start": len(worst["text"]) - len(PAYLOAD), "end": len(worst["text"])}
    )
    summary["worst"][1].update(sender=ATTRIBUTE_BREAKOUT, timestamp=ATTRIBUTE_BREAKOUT)
    summary["worst"][1]["cues"][0]["category"] = ATTRIBUTE_BREAKOUT
    return summary


# ---------------------------------------------------------------- escaping


def test_hostile_sender_name_and_message_text_come_out_escaped():
    page = render_html(example())
    assert "<script" not in page.lower()
    assert "<b>listen</b>" not in page
    assert "&lt;b&gt;listen&lt;/b&gt;" in page
    assert "Sam &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_payloads_in_every_field_create_no_tags_and_no_event_handlers():
    page = render_html(hostile_summary())
    elements = Elements(page)
    assert "<script" not in page.lower()
    assert not elements.names() & {"script", "img", "iframe", "object", "embed", "base"}
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in page  # a cue on the payload itself
    assert [attrs for tag, attrs in elements.tags if tag == "link"] == [{"rel": "icon", "href": "data:,"}]
    handlers = [(tag, name) for tag, attrs in elements.tags for name in attrs if name.startswith("on")]
    assert handlers == []


def test_payloads_are_escaped_inside_svg_titles_and_attributes():
    page = render_html(hostile_summary())
    svg_text = " ".join(re.findall(r"<svg.*?</svg>", page, flags=re.S))
    assert "&lt;img src=x onerror=alert(3)&gt;" in svg_text  # the cue word, in a meter's <title>
    assert "&quot; onmouseover=&quot;alert(2)&quot; x=&#x27;" in svg_text  # the sender, in aria-label
    for tag, attrs in Elements(page).tags:
        assert "onmouseover" not in attrs, tag
        assert "x" not in attrs or tag in {"rect", "text"}, (tag, attrs)  # x=' would be a breakout


def test_lone_surrogates_and_control_characters_do_not_break_encoding():
    summary = example()
    summary["worst"][1]["text"] = "What is wrong with you?\ud83d\x00"
    page = render_html(summary)
    page.encode("utf-8")
    assert "</mark>?\ufffd\ufffd</blockquote>" in page


# ---------------------------------------------------------------- offline and self-contained


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_page_refers_to_nothing_outside_itself(case):
    page = render_html(EDGE_CASES[case]())
    lowered = page.lower()
    for needle in ("http://", "https://", "@import", "url(", "//cdn", "<script", "@font-face"):
        assert needle not in lowered, needle
    for tag, attrs in Elements(page).tags:
        assert "src" not in attrs and "srcset" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#") or href == "data:,", (tag, href)


def test_page_forbids_loading_anything_with_a_content_security_policy():
    policy = [
        a
        for t, a in Elements(render_html(example())).tags
        if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy and policy[0]["content"].startswith("default-src 'none'")


# ---------------------------------------------------------------- content, in order


def test_sections_come_in_the_order_of_the_brief():
    page = render_html(example())
    ids = ["accounting", "labels", "ratio", "timeline", "cues", "worst"]
    positions = [page.index(f'<section id="{anchor}"') for anchor in ids]
    assert page.index('class="page-head"') < positions[0]
    assert positions == sorted(positions)


def test_each_chart_is_present_with_hover_titles():
    page = render_html(example())
    section = {m[1]: m[2] for m in re.finditer(r'<section id="(\w+)".*?>(.*?)</section>', page, flags=re.S)}
    assert section["labels"].count('<svg class="bar"') == 2
    assert "<title>criticism: 41 of 601 scored messages (7%)</title>" in section["labels"]
    assert section["ratio"].count('class="benchmark"') == 2
    assert section["timeline"].count('<svg class="weeks"') == 2
    assert "<title>week of 8 Jan 2024 (2024-W02): criticism + contempt 10%" in section["timeline"]
    assert section["cues"].count("<li>") == 9
    assert section["worst"].count('<article class="msg">') == 2
    assert all("How to read this:" in body for body in section.values())


def test_header_shows_source_format_period_model_and_notes():
    text = visible_text(render_html(example()))
    for expected in (
        "WhatsApp Chat with Sam.txt",
        "whatsapp",
        "2 Jan 2024 – 28 Mar 2024",
        "default",
        "date order: day/month (inferred: a day &gt; 12 on line 41)",
    ):
        assert expected in text


def test_accounting_adds_up_and_says_nothing_was_lost():
    text = visible_text(render_html(example()))
    assert "1,130 scored + 74 skipped = 1,204 read: nothing lost." in text
    assert "media without text 51" in text
    assert "1 text before the first message header Exported from phone" in text
    assert "877 header with an impossible date" in text


def test_accounting_that_does_not_add_up_says_so_instead():
    text = visible_text(render_html(EDGE_CASES["accounting that doesn't add up"]()))
    assert "nothing lost" not in text
    assert "but 1,210 were read: 6 messages are not accounted for" in text


def test_only_the_first_20_unparsed_lines_are_listed():
    page = render_html(EDGE_CASES["35 unparsed lines"]())
    assert f"the first {MAX_UNPARSED} of them" in page
    assert "stray line 19" in page and "stray line 20" not in page


def test_ratio_caption_is_plain_language_against_the_benchmark():
    text = visible_text(render_html(example()))
    assert "Ana: 4.5 positive for every negative (benchmark 5)" in text
    assert "Sam &lt;script&gt;alert(1)&lt;/script&gt;: 1.4 positive for every negative (benchmark 5)" in text


def test_null_ratio_with_no_negatives_is_described_not_drawn_as_zero():
    page = render_html(EDGE_CASES["no negatives"]())
    assert "Ana: 238 positive messages and no negative ones." in visible_text(page)
    assert '<div class="val">no negatives</div>' in page


def test_many_senders_show_the_top_ones_and_say_how_many_more():
    summary = many_senders(12)
    page = render_html(summary)
    labels = re.search(r'<section id="labels".*?</section>', page, flags=re.S)[0]
    assert labels.count('<svg class="bar"') == MAX_SENDERS
    assert "4 more senders with 460 messages in total are not shown" in page
    assert "Kim" not in labels and "Jo" in labels  # fewest messages are the ones left out


def test_weeks_skipped_by_the_summary_come_back_as_gaps():
    assert [w.key for w in weeks(example())] == ["2024-W01", "2024-W02", "2024-W03", "2024-W04"]
    assert weeks(example())[2].senders == {}


def test_a_gap_breaks_the_line_and_a_lone_week_is_still_drawn():
    line = Series("x", (0.1, 0.2, None, 0.3), "#000", False, ("a", "b", "", "c"))
    svg = week_chart([line], 4, 0.5, [], "test")
    assert svg.count("<path") == 1  # weeks 1-2 joined; week 4 alone
    assert svg.count("<circle") == 3
    assert re.search(r'r="3" [^>]*><title>c</title>', svg)  # the lone week, drawn bigger


def test_a_long_timeline_keeps_hover_targets_but_hides_dots_that_would_bury_the_lines():
    values = tuple(None if i % 10 == 9 else 0.1 for i in range(100))
    svg = week_chart([Series("x", values, "#000", False, tuple(map(str, range(100))))], 100, 0.5, [], "t")
    assert svg.startswith('<svg class="weeks dense"')
    assert svg.count('class="hit"') == 90 and svg.count("<title>") == 90
    assert svg.count("<path") == 10


def test_top_cues_are_ordered_by_count():
    page = render_html(example())
    cues = re.search(r'<section id="cues".*?</section>', page, flags=re.S)[0]
    order = re.findall(r'<span class="cue" dir="auto">(.*?)</span>', cues)
    assert order[5:] == ["thanks", "whatever", "you always", "🙄"]


# ---------------------------------------------------------------- cue highlighting


def test_cues_are_marked_exactly_with_pieces_escaped_around_them():
    page = render_html(example())
    assert 'you <mark title="absolute">ALWAYS</mark> do this &amp; never &lt;b&gt;listen&lt;/b&gt; ' in page
    assert '<mark title="accusing question">What is wrong with you</mark>?' in page


def test_a_cue_after_an_emoji_wraps_exactly_its_characters():
    text = "🙄🙄 you never listen 😤 always"
    cues = [
        {"text": "never", "start": 7, "end": 12, "category": "ABSOLUTE"},
        {"text": "always", "start": 22, "end": 28, "category": "ABSOLUTE"},
    ]
    assert [text[s:e] for s, e, _ in cue_spans(text, cues)] == ["never", "always"]
    summary = example()
    summary["worst"][0].update(text=text, cues=cues)
    assert Elements(render_html(summary)).marked[:2] == ["never", "always"]


def test_offsets_that_miss_their_cue_text_are_realigned_to_the_nearest_occurrence():
    # The example's 🙄 cue says 40..41, but in Python str indices the emoji is at 41.
    item = example()["worst"][0]
    assert item["text"][40:41] != "🙄"
    assert [item["text"][s:e] for s, e, _ in cue_spans(item["text"], item["cues"])] == ["ALWAYS", "🙄"]


def test_out_of_range_and_overlapping_cues_never_nest_or_fail():
    spans = cue_spans(
        "you never ever",
        [
            {"text": "never ever", "start": 4, "end": 14},
            {"text": "ever", "start": 10, "end": 14},
            {"start": 50, "end": 60},
            {"start": "x"},
        ],
    )
    assert spans == [(4, 14, "")]


def test_long_messages_are_cut_but_keep_every_cue_in_view():
    page = render_html(long_text())
    assert '<mark title="absolute">never</mark> listen' in page
    assert "characters left out" in page
    assert excerpt_windows(50, [(10, 12, "")]) == [(0, 50)]


def test_rtl_text_keeps_its_direction():
    page = render_html(long_text())
    assert '<blockquote dir="auto">أنت <mark title="absolute">دائما</mark> تتأخر 😤</blockquote>' in page


# ---------------------------------------------------------------- robustness and determinism


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_edge_cases_render_a_whole_page(case):
    page = render_html(EDGE_CASES[case]())
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count("<section ") == 6


def test_no_timestamps_means_no_timeline_and_says_why():
    page = render_html(no_weeks())
    assert "the export has no timestamps that could be read" in page
    assert "no timestamps in the export" in page


def test_zero_scored_messages_say_so_in_every_chart():
    text = visible_text(render_html(EDGE_CASES["zero scored"]()))
    assert "no scored messages" in text
    assert "Ana: no scored messages." in text
    assert "No message was labelled criticism or contempt." in text


def test_the_same_summary_gives_the_same_bytes_whatever_its_dict_order():
    summary = many_senders(12)
    shuffled = json.loads(json.dumps(summary))
    items = list(shuffled["senders"].items())
    random.Random(7).shuffle(items)
    shuffled["senders"] = dict(items)
    assert render_html(summary) == render_html(summary) == render_html(shuffled)


def test_the_report_describes_messages_not_people():
    text = visible_text(render_html(many_senders(12))).lower()
    for word in ("toxic", "abusive", "narcissist", "bad person", "is critical", "is contemptuous"):
        assert word not in text
    assert "the labels describe messages, not the people who wrote them" in text


def test_hostile_name_does_not_leak_into_css_classes_or_ids():
    for _, attrs in Elements(render_html(example())).tags:
        assert HOSTILE not in (attrs.get("class") or "") + (attrs.get("id") or "")

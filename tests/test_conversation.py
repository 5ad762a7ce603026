"""Conversation summaries: per-sender counts and rates, weeks, the harshest messages, accounting."""

from datetime import datetime

from tone.conversation import ConversationSummary
from tone.io.records import Message, ParseIssue
from tone.results import CueHit, ToneResult

LABELS = ("criticism", "contempt", "support", "need")


def _result(text, labels, cues=()):
    scores = {label: (0.9 if label in labels else 0.1) for label in LABELS}
    return ToneResult(text, tuple(labels), scores, tuple(cues))


def test_rates_ratio_and_skips_per_sender():
    summary = ConversationSummary(LABELS)
    when = datetime(2024, 1, 5, 10, 0)
    summary.add(Message("thanks!", "Ana", when), _result("thanks!", ["support"]), None)
    summary.add(Message("you never help", "Ana", when), _result("you never help", ["criticism"]), None)
    summary.add(Message("<Media omitted>", "Ana", when, kind="media"), None, "media")
    summary.add(Message("Ana added Ben", None, when, kind="system"), None, "system")
    summary.add_issue(ParseIssue(1, "text before the first header", "hello"))
    data = summary.to_dict()
    ana = data["senders"]["Ana"]
    assert (ana["messages"], ana["scored"]) == (3, 2)
    assert ana["labels"]["support"] == {"count": 1, "rate": 0.5}
    assert ana["ratio"] == 1.0
    assert list(data["senders"]) == ["Ana"]  # system notices belong to nobody
    assert data["accounting"] == {
        "read": 4,
        "scored": 2,
        "skipped": {"media": 1, "system": 1},
        "unparsed_lines": 1,
        "unparsed": [{"line": 1, "reason": "text before the first header", "raw": "hello"}],
    }
    assert data["weeks"][0]["week"] == "2024-W01" and data["weeks"][0]["senders"]["Ana"]["scored"] == 2


def test_no_negatives_means_no_ratio_rather_than_infinity():
    summary = ConversationSummary(LABELS)
    summary.add(Message("thanks!", "Ana"), _result("thanks!", ["support"]), None)
    assert summary.to_dict()["senders"]["Ana"]["ratio"] is None


def test_worst_messages_are_bounded_and_harshest_first():
    summary = ConversationSummary(LABELS)
    for i in range(30):
        result = ToneResult(
            f"m{i}", ("contempt",), {"criticism": 0.0, "contempt": i / 30, "support": 0.0, "need": 0.0}
        )
        summary.add(Message(f"m{i}", "Ana"), result, None)
    worst = summary.to_dict()["worst"]
    assert len(worst) == 10 and worst[0]["text"] == "m29"


def test_cue_words_count_the_outer_span_once():
    summary = ConversationSummary(LABELS)
    cues = (
        CueHit(0, 9, "thank you", "GRATITUDE", ("support",)),
        CueHit(0, 5, "thank", "GRATITUDE", ("support",)),
    )
    summary.add(Message("thank you", "Ana"), _result("thank you", ["support"], cues), None)
    assert summary.to_dict()["senders"]["Ana"]["top_cues"] == [["thank you", 1]]

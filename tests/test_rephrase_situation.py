"""Keeping the situation a sneer was about: clauses restated plainly, vetted by the model."""

from __future__ import annotations

import pytest

from tone.nlp import annotate, load_cue_patterns
from tone.rephrase_situation import plain_situations
from tone.results import ToneResult


@pytest.fixture(scope="module")
def analyzer():
    from tests.test_rephrase import _scoring_model

    return _scoring_model()


def neutral(texts: list[str]) -> list[dict[str, float]]:
    """A judge that reads every clause as plain (to test the rules on their own)."""
    return [{"criticism": 0.0, "contempt": 0.0, "support": 0.0, "need": 0.0} for _ in texts]


def sneering(texts: list[str]) -> list[dict[str, float]]:
    """A judge that reads every clause as contempt."""
    return [{"criticism": 0.0, "contempt": 1.5, "support": 0.0, "need": 0.0} for _ in texts]


def situations(text: str, judge=neutral, labels=("contempt",)) -> list[str]:
    doc = next(annotate([text], load_cue_patterns()))
    return plain_situations(text, doc, ToneResult(text, labels, {}), judge)


def test_a_plain_statement_in_a_sneer_is_kept_without_its_opener():
    kept = situations("Great. The shelf you put up is now on the floor with all my plates. Great job.")
    assert kept == ["The shelf you put up is now on the floor with all my plates"]


def test_nothing_is_kept_when_the_model_reads_the_clause_as_contempt():
    assert (
        situations("Great. The shelf you put up is now on the floor with all my plates.", judge=sneering)
        == []
    )


@pytest.mark.parametrize(
    "text",
    [
        "Is this a spa treatment? Should I be paying extra?",  # rhetorical questions
        "I'll just narrate my day to the salt grinder.",  # the writer's own sarcastic aside
        "That's a very sensible plan.",  # a verdict, not a situation
        "The birthday plan.",  # verbless: where sarcasm hides
        "Don't all rush to reply at once.",  # an imperative sneer
        "You never once think about who has to hoover it.",  # cutting "never" would invert it
    ],
)
def test_clauses_that_carry_the_sneer_are_not_restated(text):
    assert situations(text) == []


def test_at_most_two_situations_are_kept_in_the_message_order():
    text = (
        "Your boots are on the carpet. The dog has not been walked. The car keys are missing from the hook."
    )
    assert situations(text) == ["Your boots are on the carpet", "The dog has not been walked"]


def test_the_rephraser_keeps_the_situation_of_a_sneer_with_the_shipped_model(analyzer):
    text = "Great. The shelf you put up is now on the floor with all my plates. Great job."
    rephrased = analyzer.rephrase(text)
    assert "contempt" in rephrased.result.labels
    first = rephrased.suggestions[0].text
    assert "shelf" in first and "plates" in first
    assert "Great job" not in first
    assert not {"criticism", "contempt"} & set(analyzer.score(first).labels)


def noun_phrase_of(text: str, labels=("contempt",)) -> str:
    from tone.rephrase_cues import Spans
    from tone.rephrase_grammar import tokens_of
    from tone.rephrase_subject import noun_phrase

    doc = next(annotate([text], load_cue_patterns()))
    return noun_phrase(tokens_of(text, doc), Spans(doc, ToneResult(text, labels, {})), text)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("fuck you and everything about the title of this post", "the title of this post"),
        ("Your question is difficult to understand, honestly", "your question"),
        ("its literally not that deep, take a breath", ""),  # a degree, not a thing
        ("Ah yes. Much like your quick coffees that last forty minutes.", ""),  # the comparison is the sneer
        ("I ain't your pal buddy", ""),  # address terms are no subject
        ("thanks for your insightful, really", ""),  # an adjective is no head
        ("shocked that bus fares went up", ""),  # "that" before a plural is a conjunction
    ],
)
def test_the_last_resort_names_what_the_message_was_about(text, phrase):
    assert noun_phrase_of(text) == phrase


def test_cutting_never_never_turns_a_clause_round(analyzer):
    text = "It doesn't matter. You can pick someone with the #1 Pick that will never be any good..."
    suggestions = analyzer.rephrase(text).suggestions
    assert suggestions
    assert all("will be any good" not in s.text for s in suggestions)


def test_what_you_did_in_a_marvelling_sneer_is_not_restated():
    text = "Wow, you remembered to take the bins out. Should I throw you a parade?"
    assert situations(text) == []


def test_a_verdict_in_the_passive_is_not_turned_into_a_behaviour(analyzer):
    text = "You said you'd take Bramble out and she's been crossing her legs since lunchtime. You just can't be relied on."
    suggestions = analyzer.rephrase(text).suggestions
    assert suggestions
    assert all("relied" not in s.text for s in suggestions)


def test_a_comparison_sneer_is_not_kept_as_a_fact(analyzer):
    text = "You only ever talk about yourself, Jess. I've met mirrors with more interest in other people."
    first = analyzer.rephrase(text).suggestions[0].text
    assert "mirrors" not in first and "talk about yourself" in first


def test_a_statement_before_a_name_called_is_kept_without_the_name():
    kept = situations("The mower has been rusting on the lawn since June, you useless lump.")
    assert kept == ["The mower has been rusting on the lawn since June"]


def test_a_statement_before_a_clause_that_says_more_is_still_half_a_thought():
    assert situations("The mower has been rusting on the lawn since June, you never put anything away.") == []


def test_a_texting_verdict_is_not_taken_for_a_thing():
    assert noun_phrase_of("lol thats so sad. anyway") == ""


def test_the_last_resort_subject_is_lower_case_inside_the_sentence():
    from tone.rephrase_cues import Spans
    from tone.rephrase_grammar import tokens_of
    from tone.rephrase_salvage import topic_subject

    text = "Oh look. Your dishes, again. Are they a science project?"
    doc = next(annotate([text], load_cue_patterns()))
    spans = Spans(doc, ToneResult(text, ("contempt",), {}))
    assert topic_subject(tokens_of(text, doc), spans, text) == "your dishes"


def heavy_reading(text: str, heavy_words: str, vet=None):
    """Read ``text`` as criticism, with the model's evidence weighing on ``heavy_words``."""
    from tone.explain import Evidence, Explanation
    from tone.rephrase_reading import read_message

    start = text.index(heavy_words)
    evidence = Evidence(start, start + len(heavy_words), heavy_words, 3.0)
    result = ToneResult(text, ("criticism",), {}, (), (Explanation("criticism", 0.9, (evidence,), ()),))
    doc = next(annotate([text], load_cue_patterns()))
    return read_message(text, doc, result, vet)


FACT = "The gas bill went up again after the new tariff started. You never read the post."


def test_a_fact_the_evidence_weighs_as_an_attack_is_dropped_without_the_model_to_ask():
    assert heavy_reading(FACT, "gas bill went up").facts == []


def test_a_fact_the_evidence_weighs_as_an_attack_is_kept_when_the_model_reads_it_as_plain():
    asked: list[str] = []

    def plain(sentences):
        asked.extend(sentences)
        return [True] * len(sentences)

    assert heavy_reading(FACT, "gas bill went up", plain).facts == [
        "The gas bill went up after the new tariff started"
    ]
    assert asked == ["The gas bill went up after the new tariff started"]


def test_a_heavy_fact_the_model_reads_as_an_attack_is_dropped():
    assert heavy_reading(FACT, "gas bill went up", lambda s: [False] * len(s)).facts == []


def test_a_simile_is_the_sneer_even_in_criticism():
    assert heavy_reading("It's like living with a ghost.", "ghost", lambda s: [True] * len(s)).facts == []


def test_a_heavy_command_is_no_fact_even_when_the_model_reads_it_as_plain():
    text = "The dishes are still in the sink. Get a cleaner if it's so hard."
    kept = heavy_reading(text, "Get a cleaner", lambda s: [True] * len(s)).facts
    assert not any("cleaner" in fact for fact in kept)


@pytest.mark.parametrize(
    "text",
    [
        "You're so careless with the car, you always have been.",  # "you have been" says nothing
        "Lovely hat, Pat. Tell me again where you bought it.",  # a command in a sneer is the sneer
        "While this isn't my area, I find the second chart very confusing.",  # half a sentence once alone
    ],
)
def test_clauses_that_say_nothing_once_cut_or_mock_are_no_facts(text):
    from tone.rephrase_reading import read_message

    doc = next(annotate([text], load_cue_patterns()))
    facts = read_message(text, doc, ToneResult(text, ("criticism", "contempt"), {})).facts
    assert not any(f.lower().endswith("been") or f.lower().startswith(("tell", "while")) for f in facts)


def test_a_reading_with_nothing_to_name_still_says_how_the_writer_feels():
    from tone.rephrase import compose
    from tone.rephrase_behaviour import Behaviour, Voice
    from tone.rephrase_reading import Reading

    reading = Reading(Voice(False, False, False, True))
    reading.items.append(Behaviour("did", "started it"))
    options = dict(compose(reading))["feeling"]
    assert options[1].startswith("I'm feeling a bit")


def behaviours_of(text: str, labels=("contempt",)):
    from tone.rephrase_reading import read_message

    doc = next(annotate([text], load_cue_patterns()))
    return read_message(text, doc, ToneResult(text, labels, {})).behaviours


def test_marvelling_that_someone_remembered_asks_for_it_more_often():
    (behaviour,) = behaviours_of("Wow, you remembered to water the plants. Alert the newspapers.")
    assert behaviour.kind == "rarely"
    assert behaviour.vp == "remembered to water the plants"


@pytest.mark.parametrize(
    "text",
    [
        "Well done, you remembered the keys. Only took you a week.",  # the time taken is the sneer
        "Wow, you ate the whole cheesecake. Impressive.",  # marvelling at the act mocks the act
    ],
)
def test_marvelling_at_anything_else_is_not_read_as_a_wish_for_more(text):
    assert all(b.kind != "rarely" for b in behaviours_of(text))


def test_a_conditional_with_its_own_main_clause_is_kept():
    from tone.rephrase_reading import read_message

    text = "If you'd rung the garage we'd have the car back by now."
    doc = next(annotate([text], load_cue_patterns()))
    assert read_message(text, doc, ToneResult(text, ("criticism",), {})).facts == [text[:-1]]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("The anniversary dinner: a kebab van. Truly swept off my feet.", ("contempt",)),  # subjectless sneer
        ("not u leaving the group chat on read for a week", ("contempt",)),  # the "not u …" sneer
        ("You're 41, Dev. Act like it.", ("criticism",)),  # an age is no behaviour
    ],
)
def test_sneering_fragments_and_ages_are_not_kept(text, labels):
    from tone.rephrase_reading import read_message

    doc = next(annotate([text], load_cue_patterns()))
    reading = read_message(text, doc, ToneResult(text, labels, {}))
    kept = " ".join([*reading.facts, *(b.vp for b in reading.behaviours)]).lower()
    assert "swept" not in kept and "group chat" not in kept and "41" not in kept


def test_what_a_thing_is_not_is_no_subject():
    assert "sentence" not in subject_of_message("omg its a B not a death sentence, calm down")
    assert subject_of_message("omg its a B not a death sentence, calm down") == ""  # nothing else is named


def subject_of_message(text: str) -> str:
    from tone.rephrase_cues import Spans
    from tone.rephrase_grammar import tokens_of
    from tone.rephrase_subject import phrase_subject

    doc = next(annotate([text], load_cue_patterns()))
    return phrase_subject(tokens_of(text, doc), Spans(doc, ToneResult(text, ("contempt",), {})), text)


@pytest.mark.parametrize(
    "text", ["SOOOO, you forgot the milk.", "Nope, you forgot the milk.", "LOL, you forgot the milk."]
)
def test_an_exclamation_before_a_comma_is_no_name(text):
    from tone.rephrase_reading import read_message

    doc = next(annotate([text], load_cue_patterns()))
    assert read_message(text, doc, ToneResult(text, ("criticism",), {})).vocative == ""


def test_a_shouted_name_is_still_a_name():
    from tone.rephrase_reading import read_message

    text = "ROBERT, you forgot the milk."
    doc = next(annotate([text], load_cue_patterns()))
    assert read_message(text, doc, ToneResult(text, ("criticism",), {})).vocative == "ROBERT"


def test_you_and_an_ing_verb_is_what_the_reader_is_doing():
    (behaviour,) = behaviours_of("you sitting on your phone all through dinner again", ("criticism",))
    assert behaviour.kind == "be"
    assert behaviour.feeling_sentence("lonely", behaviour_voice()).startswith(
        "I feel lonely when you're sitting"
    )


def behaviour_voice():
    from tone.rephrase_behaviour import Voice

    return Voice(False, False, False, True)


@pytest.mark.parametrize(
    ("text", "vp"),
    [
        ("You said you'd water the tomatoes and they're all wilted.", "water the tomatoes"),
        ("u said u would fix my bike like two weeks ago", "fix my bike"),
        ("You promised to ring the council but the hedge is still there.", "ring the council"),
    ],
)
def test_what_the_reader_said_they_would_do_is_what_the_writer_counted_on(text, vp):
    behaviour = behaviours_of(text, ("criticism",))[0]
    assert behaviour.kind == "promised" and behaviour.vp == vp
    sentence = behaviour.feeling_sentence("let down", behaviour_voice())
    assert sentence == f"I was counting on you to {vp}, and I felt let down"

"""What a message was about, as a noun phrase the last-resort suggestion can name."""

from __future__ import annotations

import pytest

from tone.nlp import annotate, load_cue_patterns
from tone.rephrase_cues import Spans
from tone.rephrase_grammar import tokens_of
from tone.rephrase_subject import phrase_subject
from tone.results import ToneResult


def subject_of(text: str, labels=("contempt",)) -> str:
    doc = next(annotate([text], load_cue_patterns()))
    return phrase_subject(tokens_of(text, doc), Spans(doc, ToneResult(text, labels, {})), text)


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # the praise that opens a sneer goes; the thing it held up keeps its prepositional tail
        (
            "Lovely little puddle of milk from the fridge to the sofa. Did you want a prize for it?",
            "the little puddle of milk from the fridge to the sofa",
        ),
        # an "-ing" verb opening the sentence is what the reader did
        (
            "hoovering the stairs at 6am on a sunday?? seriously",
            "you hoovering the stairs at 6am on a sunday",
        ),
        # hyphenated words stay whole
        ("Another 900-page fantasy novel, Dev. How daring.", "another 900-page fantasy novel"),
        # amounts keep their currency sign
        ("£85 on a phone case. Sure, why not.", "£85 on a phone case"),
        # "ur" before a noun and its verb is "your"; after a preposition too
        ("ur alarm has been going for ten minutes lol", "ur alarm"),
        ("best decision of ur life clearly", "the best decision of ur life"),
        # nouns that end like adverbs are nouns; quote marks inside a phrase are no break
        ("u finished a family pack of crisps before lunch lol", "the family pack of crisps before lunch"),
        ('Wow. £45 on a "vintage" denim jacket.', "£45 on a vintage denim jacket"),
        # a determiner after a verb starts a phrase, even inside the blame ("You lost our…")
        ("You lost our holiday insurance papers. Brilliant.", "our holiday insurance papers"),
    ],
)
def test_the_subject_is_the_first_clauses_noun_phrase_with_its_tail(text, subject):
    assert subject_of(text) == subject


@pytest.mark.parametrize(
    "text",
    [
        "Did you want a prize for finding the sofa?",  # a rhetorical question carries the sneer
        "It's like sharing a flat with a raccoon.",  # the comparison is the sneer's image
        "ur mad? thats hilarious",  # "ur" is "you're" here, "thats" a verdict
        "Sorry. Busy.",  # a bare capitalised word may be no noun at all
        "no worries, slower this time",  # nor a bare lower-case one
    ],
)
def test_no_subject_is_made_up_where_there_is_no_plain_noun_phrase(text):
    assert subject_of(text) == ""


def test_the_last_resort_suggestion_names_the_fuller_subject(scoring_analyzer):
    text = "Lovely little puddle of milk from the fridge to the sofa. Did you want a prize for it?"
    rephrased = scoring_analyzer.rephrase(text)
    assert "contempt" in rephrased.result.labels
    first = rephrased.suggestions[0].text
    assert "puddle of milk from the fridge" in first
    assert "prize" not in first


@pytest.fixture(scope="module")
def scoring_analyzer():
    from tests.test_rephrase import _scoring_model

    return _scoring_model()


def test_the_option_that_avoids_the_behaviour_names_the_topic_not_nothing():
    from tone.rephrase import compose
    from tone.rephrase_behaviour import Behaviour, Voice
    from tone.rephrase_reading import Reading

    reading = Reading(Voice(False, False, False, True), topic="our holiday insurance papers")
    reading.items.append(Behaviour("did", "lost our holiday insurance papers"))
    options = dict(compose(reading))["feeling"]
    assert len(options) == 2
    assert "about our holiday insurance papers" in options[1]
    reading.topic = ""
    assert dict(compose(reading))["feeling"][1].startswith("I'm feeling a bit")  # never a bare request


@pytest.mark.parametrize(
    "text",
    [
        "why the fuck is your bike still in the hallway",
        "your lazy ass left the car unlocked again",
        "move your shit off the stairs, it's been there all week",
    ],
)
def test_no_swear_word_survives_into_a_suggestion(scoring_analyzer, text):
    from tone.rephrase_cues import profane

    suggestions = scoring_analyzer._rephraser.rephrase(text, ToneResult(text, ("criticism",), {}))
    assert suggestions
    for suggestion in suggestions:
        assert not any(profane(word) for word in suggestion.text.lower().replace(".", " ").split())


def test_a_swear_word_that_only_intensifies_is_cut_and_the_rest_kept():
    from tone.rephrase_cues import clean
    from tone.rephrase_grammar import render

    text = "the bloody bins are out again"
    doc = next(annotate([text], load_cue_patterns()))
    spans = Spans(doc, ToneResult(text, ("criticism",), {}))
    assert render(clean(tokens_of(text, doc), spans), text) == "the bins are out"


def test_a_noun_phrase_whose_head_is_a_swear_word_is_no_subject():
    assert "ass" not in subject_of("your lazy ass and your dirty mugs")
    assert subject_of("your lazy ass and your dirty mugs") == "your dirty mugs"  # the next phrase is taken


def test_when_the_full_list_of_behaviours_is_flagged_the_next_option_keeps_the_first():
    from tone.rephrase import compose
    from tone.rephrase_behaviour import Behaviour, Voice
    from tone.rephrase_reading import Reading

    reading = Reading(Voice(False, False, False, True), topic="my game")
    reading.items += [Behaviour("always", "miss my game"), Behaviour("didnt", "come to parents' evening")]
    full, fewer, plain = dict(compose(reading))["feeling"]
    assert "miss my game" in full and "parents' evening" in full
    assert "miss my game" in fewer and "parents' evening" not in fewer
    assert "about my game" in plain


def test_a_fragment_that_names_a_comparisons_image_again_is_no_subject():
    from tone.rephrase_reading import read_message

    text = "You're so stubborn, it's like arguing with a fridge. A fridge with views on my degree."
    doc = next(annotate([text], load_cue_patterns()))
    reading = read_message(text, doc, ToneResult(text, ("criticism", "contempt"), {}))
    assert "fridge" not in reading.subject and "fridge" not in reading.topic


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Maybe the bins could go out tonight.", "Priya, maybe the bins could go out tonight."),
        ("Shame the van was late.", "Priya, shame the van was late."),
        ("Callum fixed it.", "Priya, Callum fixed it."),  # a name keeps its capital
        ("I was worried.", "Priya, I was worried."),
    ],
)
def test_the_word_after_a_name_loses_a_capital_only_the_sentence_gave_it(sentence, expected):
    from tone.rephrase import _opening
    from tone.rephrase_behaviour import Voice
    from tone.rephrase_reading import Reading

    reading = Reading(Voice(False, False, False, True), vocative="Priya")
    assert _opening(reading, [sentence])[0] == expected


def test_seriously_stays_when_it_is_how_something_is_taken():
    from tone.rephrase_cues import clean
    from tone.rephrase_grammar import render

    text = "you never take my job seriously, seriously"
    doc = next(annotate([text], load_cue_patterns()))
    spans = Spans(doc, ToneResult(text, ("criticism",), {}))
    assert render(clean(tokens_of(text, doc), spans), text).startswith("you take my job seriously")


def test_an_imperative_after_the_name_loses_its_capital():
    from tone.rephrase import _opening
    from tone.rephrase_behaviour import Voice
    from tone.rephrase_reading import Reading

    reading = Reading(Voice(False, False, False, True), vocative="Anne")
    assert _opening(reading, ["Send me the tickets tonight."])[0] == "Anne, send me the tickets tonight."


def test_a_phrase_hanging_off_an_insult_is_no_subject():
    from tone.rephrase_reading import read_message

    text = "Oh wonderful, another plan from the idiot of the household."
    doc = next(annotate([text], load_cue_patterns()))
    reading = read_message(text, doc, ToneResult(text, ("contempt",), {}))
    assert "household" not in reading.subject


def test_mentions_and_links_are_neither_subjects_nor_kept():
    from tone.rephrase_cues import clean
    from tone.rephrase_grammar import render

    text = "@sam_k99 the printer is broken again https://example.org/ticket"
    doc = next(annotate([text], load_cue_patterns()))
    spans = Spans(doc, ToneResult(text, ("criticism",), {}))
    assert render(clean(tokens_of(text, doc), spans), text) == "the printer is broken"
    assert "@" not in subject_of("@sam_k99 great job on the printer, it's broken again")
    assert subject_of("@sam_k99 great job on the printer, it's broken again") == "the printer"

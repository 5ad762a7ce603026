"""Reading a flagged message: which clauses are kept as facts, behaviours and requests, and
which are the attack (tone.rephrase_reading, tone.rephrase_clause, tone.rephrase_behaviour_clauses)."""

from __future__ import annotations

import pytest

from tests.test_rephrase_situation import behaviour_voice, behaviours_of
from tone.nlp import annotate, load_cue_patterns
from tone.results import ToneResult


def contempt_reading(text: str, vet=None):
    from tone.rephrase_reading import read_message

    doc = next(annotate([text], load_cue_patterns()))
    return read_message(text, doc, ToneResult(text, ("contempt",), {}), vet)


def test_a_statement_in_a_sneer_is_kept_when_the_model_reads_it_as_plain():
    text = "Oh splendid. Gran's boiler has packed in and the landlord will ring back next week."
    asked: list[str] = []

    def plain(sentences):
        asked.extend(sentences)
        return [True] * len(sentences)

    fact = "Gran's boiler has packed in and the landlord will ring back next week"
    assert contempt_reading(text, plain).facts == [fact]
    assert asked == [fact]
    assert contempt_reading(text).facts == []  # no model to ask: a sneer's statement is not kept


@pytest.mark.parametrize(
    "text", ["Top-notch parenting. Real gold-medal stuff.", "Poor baby. Must feel so hard, being you."]
)
def test_asides_in_a_sneer_are_not_kept_even_when_the_model_reads_them_as_plain(text):
    assert contempt_reading(text, lambda s: [True] * len(s)).facts == []


@pytest.mark.parametrize(
    ("text", "vp"),
    [
        (
            "You always borrow my charger and then act like it walked off by itself.",
            "borrow my charger and then act like it walked off by itself",
        ),
        ("you're always late and then blame the buses", "late and then blame the buses"),
    ],
)
def test_what_the_reader_does_next_joins_the_behaviour_before_it(text, vp):
    (behaviour,) = behaviours_of(text, ("criticism",))
    assert behaviour.vp == vp


def test_and_then_after_a_never_is_not_joined_under_its_negation():
    (behaviour,) = behaviours_of("You never wash up and then I do it at midnight.", ("criticism",))
    assert behaviour.vp == "wash up"


@pytest.mark.parametrize(
    ("text", "sentence", "asked"),
    [
        (
            "u finish the cereal and never buy more",
            "I feel frustrated when you finish the cereal and don't buy more",
            "could you buy more?",
        ),
        (
            "You took my good scissors and never brought them back.",
            "I felt frustrated when you took my good scissors and didn't bring them back",
            "could you bring them back next time?",
        ),
    ],
)
def test_what_the_reader_never_does_after_an_act_is_what_is_asked_for(text, sentence, asked):
    (behaviour,) = behaviours_of(text, ("criticism",))
    assert behaviour.feeling_sentence("frustrated", behaviour_voice()) == sentence
    assert behaviour.request(behaviour_voice()) == asked


@pytest.mark.parametrize(
    ("text", "kind", "vp"),
    [
        ("You never seem to remember bin day.", "never", "remember bin day"),
        (
            "You never consider us when you book the holidays.",
            "never",
            "consider us when you book the holidays",
        ),
        ("You're always the last one to pay for a round.", "be", "the last one to pay for a round"),
        (
            "You moved the meeting without asking my own team",
            "did",
            "moved the meeting without asking my own team",
        ),
    ],
)
def test_hedges_and_concrete_objects_leave_a_behaviour_not_a_verdict(text, kind, vp):
    (behaviour,) = behaviours_of(text, ("criticism",))
    assert (behaviour.kind, behaviour.vp) == (kind, vp)


def test_being_the_last_to_hear_is_said_from_the_writers_side():
    (behaviour,) = behaviours_of(
        "Why am I always the last to find out about the school trips?", ("criticism",)
    )
    voice = behaviour_voice()
    assert behaviour.feeling_sentence("left out", voice) == (
        "I feel left out when I'm the last to find out about the school trips"
    )
    assert behaviour.request(voice) == "could you let me know sooner next time?"


def test_you_as_the_object_of_a_plain_statement_is_no_verdict():
    text = "I lent you a tenner on Friday and you spent it on scratchcards."
    doc = next(annotate([text], load_cue_patterns()))
    from tone.rephrase_reading import read_message

    assert read_message(text, doc, ToneResult(text, ("criticism",), {})).facts == [
        "I lent you a tenner on Friday"
    ]


def test_doing_the_same_thing_again_is_a_verb_after_and_then():
    (behaviour,) = behaviours_of("You always nod along and then do the opposite.", ("criticism",))
    assert behaviour.vp == "nod along and then do the opposite"


@pytest.mark.parametrize(
    ("text", "kind", "vp"),
    [
        (
            "Why don't you put the spare key under the plant pot?",
            "suggest",
            "put the spare key under the plant pot",
        ),
        ("Why are you moving the bins to the front?", "why_be", "moving the bins to the front"),
        ("Why do you need the car on a Sunday?", "why_do", "need the car on a Sunday"),
    ],
)
def test_a_why_question_about_an_act_asks_about_the_act(text, kind, vp):
    (behaviour,) = behaviours_of(text, ("criticism",))
    assert (behaviour.kind, behaviour.vp) == (kind, vp)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Why don't you just go and live at your mother's?", ("criticism",)),
        ("Why don't you go back to bed, then?", ("criticism",)),
        ("Why don't you write the report yourself, genius?", ("contempt",)),
        ("Why are you being so dramatic?", ("criticism",)),
        ("Why are you like this?", ("criticism",)),
    ],
)
def test_why_questions_that_sneer_or_judge_keep_no_behaviour(text, labels):
    assert behaviours_of(text, labels) == []


@pytest.mark.parametrize(
    "text", ["Too busy for your own sister, are you? Fancy that.", "Dear me. The car's a mess."]
)
def test_exclamations_are_not_restated_as_facts(text):
    facts = contempt_reading(text, lambda s: [True] * len(s)).facts
    assert not any(f.lower().startswith(("fancy", "dear")) for f in facts)


def test_what_the_writer_was_starting_to_think_is_a_sneer_not_a_behaviour():
    assert behaviours_of("Oh, a text! I was starting to think you'd moved to Mars.", ("contempt",)) == []


def test_you_and_a_state_is_what_the_reader_is():
    (behaviour,) = behaviours_of("you asleep on the sofa again while the kids run riot", ("criticism",))
    assert (behaviour.kind, behaviour.vp) == ("be", "asleep on the sofa while the kids run riot")


def test_every_time_opening_a_sentence_becomes_when():
    from tone.rephrase_reading import read_message

    text = "Every time we book a table it's me who rings the restaurant."
    doc = next(annotate([text], load_cue_patterns()))
    facts = read_message(text, doc, ToneResult(text, ("criticism",), {})).facts
    assert facts == ["When we book a table it's me who rings the restaurant"]


def test_caring_about_a_person_is_a_verdict_with_no_situation_to_keep():
    assert behaviours_of("You never cared about us.", ("criticism",)) == []


def test_a_verb_left_out_before_and_leaves_nothing_to_keep():
    text = "You always have and one day the neighbours will complain."
    from tone.rephrase_reading import read_message

    doc = next(annotate([text], load_cue_patterns()))
    reading = read_message(text, doc, ToneResult(text, ("criticism",), {}))
    assert reading.behaviours == [] and reading.facts == []


def read_criticism(text: str):
    from tone.rephrase_reading import read_message

    doc = next(annotate([text], load_cue_patterns()))
    return read_message(text, doc, ToneResult(text, ("criticism",), {}))


def test_a_statement_after_only_the_name_stands_on_its_own():
    assert read_criticism("Claire, letting the dog sleep on the new sofa.").facts == [
        "Letting the dog sleep on the new sofa"
    ]


def test_a_statement_cut_down_to_a_fragment_by_an_absolute_is_not_kept():
    facts = read_criticism("That's the third build in a row that has failed. Dev, please look at it.").facts
    assert not any(f.lower().startswith("build") for f in facts)


def test_an_instruction_ending_in_please_is_the_request():
    reading = read_criticism("You've lost the spare key again. Drop the other one round tonight please.")
    assert reading.requests == ["Please drop the other one round tonight."]


@pytest.mark.parametrize(
    ("text", "vp"),
    [
        ("Every single morning I have to wake the kids myself.", "wake the kids myself"),
        ("I've got to chase you for the rent.", "chase you for the rent"),
    ],
)
def test_what_the_writer_has_to_do_is_the_self_behaviour(text, vp):
    (behaviour,) = read_criticism(text).behaviours
    assert (behaviour.kind, behaviour.vp) == ("self", vp)


@pytest.mark.parametrize(
    "text",
    [
        "I have to say the new rota is a mess.",
        "I have to be honest, the flat is a tip.",
        "I never have to nag anyone else.",
    ],
)
def test_how_the_writer_speaks_or_what_they_never_do_is_no_chore(text):
    assert read_criticism(text).behaviours == []


def test_like_every_other_time_is_an_absolute():
    assert read_criticism("I'll book the taxi like every other time.").facts == ["I'll book the taxi"]


def test_do_you_actually_asks_about_what_the_reader_does_not_do():
    (behaviour,) = behaviours_of("Do you actually read the messages I send you?", ("criticism",))
    assert (behaviour.kind, behaviour.vp) == ("never", "read the messages I send you")


def test_do_you_actually_need_is_a_question_not_a_complaint():
    assert behaviours_of("Do you actually need the big car for the school run?", ("criticism",)) == []


@pytest.mark.parametrize(
    ("text", "kind", "vp"),
    [
        ("You could have told me the boiler was playing up.", "didnt", "tell me the boiler was playing up"),
        ("You should put the lid back on the paint.", "never", "put the lid back on the paint"),
        ("You shouldn't shout at the dog like that.", "always", "shout at the dog like that"),
        ("You could ring the garage yourself.", "suggest", "ring the garage yourself"),
        ("You might want to check the tyre pressure.", "suggest", "check the tyre pressure"),
    ],
)
def test_a_modal_says_whether_the_act_was_done_or_is_asked_for(text, kind, vp):
    (behaviour,) = behaviours_of(text, ("criticism",))
    assert (behaviour.kind, behaviour.vp) == (kind, vp)


@pytest.mark.parametrize("text", ["Of course you can lose weight.", "You may think the shed is yours."])
def test_what_the_reader_can_or_may_do_is_no_behaviour(text):
    assert behaviours_of(text, ("criticism",)) == []


def test_a_title_in_the_message_does_not_choose_its_topic():
    reading = read_criticism("You're up till 3am playing Call of Duty with the sound on.")
    assert "message" not in reading.topic_request and "call" not in reading.topic_request


@pytest.mark.parametrize(
    "text", ["You've dragged me round the shops all day.", "You sent Gran a card with the wrong name on it."]
)
def test_round_and_card_alone_are_not_about_money(text):
    assert "money" not in read_criticism(text).topic_request


def test_cant_just_is_what_the_reader_does_not_what_they_cannot():
    (behaviour,) = behaviours_of("You can't just leave the ladder in the drive.", ("criticism",))
    assert (
        behaviour.feeling_sentence("worried", behaviour_voice())
        == "I feel worried when you leave the ladder in the drive"
    )


def test_marvelling_at_what_the_reader_is_is_a_sneer():
    assert (
        behaviours_of("Oh Kit, you're so well read. It must be tiring being that clever.", ("contempt",))
        == []
    )


@pytest.mark.parametrize(
    "text", ["You always moan about my cooking. Even from the sofa.", "Late again. At this hour."]
)
def test_a_tail_with_nothing_said_is_no_fact(text):
    assert read_criticism(text).facts == []


@pytest.mark.parametrize(
    "text",
    [
        "The smell of the bins is soo disgusting you can smell it from the road.",
        "By next year your whole gap year will be one entire cringe.",
    ],
)
def test_a_statement_left_dangling_by_a_cut_is_not_kept(text):
    facts = read_criticism(text).facts + contempt_reading(text).facts
    assert not any(f.endswith((" entire", " one")) or " soo you " in f for f in facts)


def test_you_make_me_want_to_is_no_feeling_and_no_behaviour():
    assert behaviours_of("Honestly you make me want to scream into a pillow.", ("criticism",)) == []


def test_taken_seriously_keeps_its_adverb():
    from tone.rephrase_cues import Spans, clean
    from tone.rephrase_grammar import tokens_of

    text = "I still don't get taken seriously in this house."
    doc = next(annotate([text], load_cue_patterns()))
    kept = clean(tokens_of(text, doc), Spans(doc, ToneResult(text, ("criticism",), {})))
    assert "seriously" in [t.word for t in kept]

"""Reading a flagged message for the rephraser: what is the point, and what is the attack?

Each clause becomes one :class:`~tone.rephrase_facts.Part` (:mod:`tone.rephrase_clause`): a
name the message is addressed to, a plain fact, a request, a behaviour of the recipient, or an
attack to drop. This module gathers them into a :class:`Reading`, vets the facts the model's
evidence weighs as attacks, and chooses what the message was about and the feeling that fits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tone.nlp import Annotated
from tone.rephrase_behaviour import Behaviour, Voice
from tone.rephrase_clause import read_clause, then_tail
from tone.rephrase_cues import Spans
from tone.rephrase_grammar import (
    Clause,
    Tok,
    clauses_of,
    lexicon,
    lexicon_set,
    names_all,
    render,
    stop_words,
    tokens_of,
)
from tone.rephrase_salvage import topic_subject
from tone.rephrase_subject import compared_words, noun_phrase, phrase_subject
from tone.rephrase_vocative import trailing_vocative
from tone.results import ToneResult


@dataclass
class Reading:
    """What the rephraser understood of a message."""

    voice: Voice
    vocative: str = ""
    #: facts (``str``) and behaviours in the order the message gives them.
    items: list[str | Behaviour] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    feeling: str = "frustrated"
    topic_request: str = ""
    #: what the message was about when no behaviour or fact survives ("the budget").
    subject: str = ""
    #: the subject is what a sarcastic fragment held up ("A 65-inch television.").
    held_up: bool = False
    #: what the message is about even when behaviours were read ("our anniversary dinner
    #: booking"), for the suggestion that does not describe the behaviour.
    topic: str = ""

    @property
    def behaviours(self) -> list[Behaviour]:
        return [item for item in self.items if isinstance(item, Behaviour)]

    @property
    def facts(self) -> list[str]:
        return [item for item in self.items if isinstance(item, str)]

    @property
    def behaviour(self) -> Behaviour | None:
        return next(iter(self.behaviours), None)

    @property
    def request(self) -> str:
        return " ".join(self.requests)

    @property
    def i_statement(self) -> str:
        return f"I've been feeling {self.feeling} about it, and I'd like us to sort it out together"


#: the model's verdict on sentences said alone: ``True`` for each that reads as plain.
Vet = Callable[[list[str]], list[bool]]


def read_message(text: str, doc: Annotated, result: ToneResult, vet: Vet | None = None) -> Reading:
    """Read every clause of a flagged message and gather what the suggestions keep.

    A fact on which the model's evidence for criticism or contempt weighs heavily ("This is
    the fourth time the priorities have changed") is kept only if ``vet`` — the model asked
    about that sentence alone — finds it plain; without ``vet`` it is dropped. The evidence
    is spread over every n-gram of the message, so it marks plain statements next to an
    attack as heavily as the attack; the model on the sentence alone can tell them apart.
    """
    toks = tokens_of(text, doc)
    spans = Spans(doc, result)
    contempt = "contempt" in result.labels
    clauses = clauses_of(toks)
    reading = Reading(_voice(text, toks))
    held_up: list[str] = []
    heavy: list[str] = []
    previous = ""
    clauses_first_word: dict[int, str] = {}
    for clause in clauses:
        clauses_first_word.setdefault(clause.sentence, clause.toks[0].word)
    for index, clause in enumerate(clauses):
        opens = index == 0 or clauses[index - 1].sentence != clause.sentence
        clause, name = trailing_vocative(clause)
        reading.vocative = reading.vocative or name
        marvelled = clauses_first_word.get(clause.sentence, "") in lexicon_set("marvel_openers")
        part = read_clause(clause, spans, text, contempt, opens, marvelled, previous == "vocative")
        tail = (
            then_tail(clause, spans, text, reading.items[-1])
            if part.kind == "drop" and reading.items
            else None
        )
        if tail is not None:
            reading.items[-1] = tail  # "…and then act surprised when I'm annoyed"
            continue
        if part.kind == "vocative" and not reading.vocative:
            reading.vocative = part.text
        elif part.kind == "fact" and part.heavy:
            heavy.append(part.text)
            reading.items.append(part.text)
        elif part.kind == "fact" and reading.requests and previous == "request" and _purpose(clause):
            # "can u be out by 7:10 so i can shower": the reason belongs to the request
            request = reading.requests[-1]
            reading.requests[-1] = f"{request[:-1]} {render(clause.toks, text)}{request[-1]}"
        elif part.kind == "fact":
            reading.items.append(part.text)
        elif part.kind == "request":
            reading.requests.append(part.text)
        elif part.kind == "subject":
            held_up.append(part.text)
        elif part.kind == "behaviour" and part.behaviour:
            reading.items.append(part.behaviour)
        previous = part.kind
    _vet_facts(reading, heavy, vet)
    named = [t for t in toks if t.text != reading.vocative]
    guessed = topic_subject(named, spans, text) or noun_phrase(named, spans, text)
    images = compared_words(toks)  # "like talking to a brick wall. A brick wall with opinions…"
    plain = [
        s
        for s in [*held_up[:1], guessed, phrase_subject(named, spans, text, images)]
        if not _names(s, images)
    ]
    topics = [s for s in plain if s not in held_up]
    unsaid = [
        s for s in topics if not names_all(s, " ".join(reading.facts))
    ]  # not "Twenty years. …about twenty years"
    reading.topic = _richest(unsaid or topics or [""])
    if not reading.items:
        reading.subject = _richest(plain or [""])
        reading.held_up = bool(held_up)
    kept = " ".join([*reading.facts, *(b.vp for b in reading.behaviours), *reading.requests]).lower()
    titles = _title_words(toks)
    words = [t.word for t in toks if t.word not in titles]
    _choose_feeling(reading, words, [w for w in kept.split() if w not in titles], contempt)
    return reading


def _title_words(toks: Sequence[Tok]) -> set[str]:
    """Words of the titles inside the message's sentences: "Call of Duty" is no call, though
    "Christmas" and "Mum" on their own still say what the message is about."""
    titled = [t.text[:1].isupper() and not t.text.isupper() for t in toks]
    return {
        t.word
        for i, t in enumerate(toks)
        if i
        and toks[i - 1].is_word
        and titled[i]
        and (
            (i + 1 < len(toks) and titled[i + 1])
            or (i + 2 < len(toks) and toks[i + 1].word in ("of", "the", "and") and titled[i + 2])
        )
    }


def _vet_facts(reading: Reading, heavy: list[str], vet: Vet | None) -> None:
    """Drop the heavy facts the model does not read as plain on their own."""
    if not heavy:
        return
    plain = vet(heavy) if vet is not None else [False] * len(heavy)
    rejected = {fact for fact, ok in zip(heavy, plain, strict=True) if not ok}
    reading.items = [item for item in reading.items if not (isinstance(item, str) and item in rejected)]


def _names(subject: str, words: frozenset[str]) -> bool:
    return bool(set(subject.lower().split()) & words)


def _richest(subjects: Sequence[str]) -> str:
    """The subject that names the most content words; the earliest of equals (what a sneer
    held up comes first, then a topic noun, then the longest noun phrase)."""
    words = stop_words()
    return max(subjects, key=lambda s: sum(1 for w in s.lower().split() if w.isalpha() and w not in words))


def add_situations(
    reading: Reading, situations: Sequence[str], text: str, doc: Annotated, contempt: bool
) -> None:
    """Facts found after reading (:mod:`tone.rephrase_situation`) join the reading; the
    feeling and the topic's request are chosen again from what is now kept."""
    reading.items.extend(situations)
    reading.subject, reading.held_up = "", False
    kept = " ".join([*reading.facts, *reading.requests]).lower()
    _choose_feeling(reading, [t.word for t in tokens_of(text, doc)], kept.split(), contempt)
    reading.topic_request = ""  # a topic guessed from a restated aside asks for the wrong thing


def _purpose(clause: Clause) -> bool:
    return clause.toks[0].word in ("so", "because", "bc", "cos", "coz", "cause")


def _voice(text: str, toks: Sequence[Tok]) -> Voice:
    letters = [ch for ch in text if ch.isalpha()]
    lowercase = bool(letters) and not any(ch.isupper() for ch in letters)
    texting = any(t.text.lower() in ("u", "ur", "ure") for t in toks)
    final_stop = not lowercase or text.rstrip()[-1:] in ".!?"
    return Voice(lowercase, texting, False, final_stop)


def _topic(words: list[str]) -> dict[str, Any] | None:
    best: dict[str, Any] | None = None
    best_hits = 0
    joined = " " + " ".join(words) + " "
    for topic in lexicon()["topics"]:
        hits = sum(1 for w in topic["words"] if f" {w} " in joined)
        if hits > best_hits:
            best, best_hits = topic, hits
    return best


def _choose_feeling(reading: Reading, words: list[str], kept: list[str], contempt: bool) -> None:
    """The feeling that fits the message's topic (chores, lateness…), and the topic's request
    when what is kept still talks about that topic (otherwise it would come from nowhere)."""
    feelings = lexicon()["feelings"]
    best = _topic(words)
    kept_topic = _topic(kept)
    if kept_topic is not None:
        reading.topic_request = reading.voice.you(kept_topic["request"])
    mocked = contempt and reading.behaviour is not None and reading.behaviour.kind == "about_past"
    if best is not None:
        reading.voice.work = best.get("register") == "work"
    if mocked:
        reading.feeling = feelings["contempt"]  # what a sneer was about hurt, whatever the topic
    elif reading.held_up and best is None:
        reading.feeling = feelings["held_up"]  # sarcasm about a choice: unease, not hurt
    elif best is not None:
        reading.feeling = best["feeling"]
    elif contempt and not reading.behaviours:
        reading.feeling = feelings["contempt"]
    else:
        reading.feeling = feelings["default"]

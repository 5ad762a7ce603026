"""Reading a flagged message for the rephraser: what is the point, and what is the attack?

Each clause becomes one :class:`Part`: a name the message is addressed to, a plain fact, a
request, a behaviour of the recipient (:class:`Behaviour`), or an attack to drop. Cue spans
decide most of it (an insult, a trait word, mockery or an eye-roll marks an attack; an
absolute is cut and the rest kept); the classifier's evidence spans catch the sarcasm that
no cue names ("Bold interior design choice."). What an attack was about is kept where it can
be (:mod:`tone.rephrase_salvage`); facts are told from verdicts and sneers in
:mod:`tone.rephrase_facts`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tone.nlp import Annotated
from tone.rephrase_behaviour import (
    NOT_VERBS,
    VERDICT,
    Behaviour,
    Voice,
    affect,
    after_who,
    framed_behaviour,
    promised,
    you_behaviour,
)
from tone.rephrase_cues import Spans, clean, cuts_negation, strip_openers
from tone.rephrase_facts import Part, read_fact, sentence_case, starts_with
from tone.rephrase_grammar import (
    AUXILIARIES,
    SUBJECTS,
    Clause,
    Tok,
    base_form,
    clauses_of,
    lexicon,
    lexicon_set,
    render,
    stop_words,
    tokens_of,
)
from tone.rephrase_salvage import (
    judged_clause,
    mocked_situation,
    sneer_subject,
    thanks_situation,
    topic_subject,
    trait_situation,
)
from tone.rephrase_subject import compared_words, noun_phrase, phrase_subject
from tone.results import ToneResult

_GREETINGS = frozenset({"hi", "hey", "hello", "dear", "morning", "evening", "afternoon", "yo", "oi"})
_REQUEST_OPENERS = (
    ("could", "you"), ("can", "you"), ("would", "you"), ("will", "you"), ("please",), ("pls",),
    ("plz",), ("kindly",), ("can", "we"), ("could", "we"), ("let", "'s"), ("do", "you", "mind"),
    ("would", "you", "mind"), ("can", "i", "ask"), ("could", "i", "ask"), ("i", "need", "you", "to"),
    ("i", "'d", "like", "you", "to"), ("i", "would", "like", "you", "to"), ("can", "someone"),
    ("could", "someone"), ("can", "somebody"), ("can", "anyone"), ("could", "anyone"), ("can", "everyone"),
    ("can", "i", "have"), ("could", "i", "have"), ("may", "i", "have"), ("can", "i", "get"), ("could", "i", "get"),
)  # fmt: skip


def _rarely(behaviour: Behaviour, text: str) -> bool:
    """A marvelling sneer at something that should happen every time: the reader *remembered*
    it, and nothing in the message says it took too long ("…Only took you 35 years") — then
    the wish behind the sneer is that it happens more often. Marvelling at anything else
    ("congrats u ate a whole family size bag…") mocks the act itself."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return behaviour.vp.split(" ", 1)[0].lower() == "remembered" and not words & _DURATIONS


_DURATIONS = frozenset(
    {"after", "only", "min", "mins", "minutes", "hours", "days", "weeks", "months", "years", "late", "took"}
)
_SAY = frozenset({"say", "tell", "promise", "ask", "agree", "text", "write", "mention"})
_NEGATIVE = frozenset({"not", "forgot", "forget", "left", "lost", "broke", "missed", "ignored", "late"})


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
        clause, name = _trailing_vocative(clause)
        reading.vocative = reading.vocative or name
        marvelled = clauses_first_word.get(clause.sentence, "") in lexicon_set("marvel_openers")
        part = read_clause(clause, spans, text, contempt, opens, marvelled, previous == "vocative")
        tail = (
            _then_tail(clause, spans, text, reading.items[-1])
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
    unsaid = [s for s in topics if not _said(s, reading.facts)]  # not "Twenty years. …about twenty years"
    reading.topic = _richest(unsaid or topics or [""])
    if not reading.items:
        reading.subject = _richest(plain or [""])
        reading.held_up = bool(held_up)
    kept = " ".join([*reading.facts, *(b.vp for b in reading.behaviours), *reading.requests]).lower()
    _choose_feeling(reading, [t.word for t in toks], kept.split(), contempt)
    return reading


def _vet_facts(reading: Reading, heavy: list[str], vet: Vet | None) -> None:
    """Drop the heavy facts the model does not read as plain on their own."""
    if not heavy:
        return
    plain = vet(heavy) if vet is not None else [False] * len(heavy)
    rejected = {fact for fact, ok in zip(heavy, plain, strict=True) if not ok}
    reading.items = [item for item in reading.items if not (isinstance(item, str) and item in rejected)]


def _names(subject: str, words: frozenset[str]) -> bool:
    return bool(set(subject.lower().split()) & words)


def _said(subject: str, facts: Sequence[str]) -> bool:
    """Whether the facts kept already name every content word of ``subject``."""
    words = {w for w in re.findall(r"\w+", subject.lower()) if w not in stop_words()}
    return bool(words) and words <= set(re.findall(r"\w+", " ".join(facts).lower()))


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


def read_clause(
    clause: Clause,
    spans: Spans,
    text: str,
    contempt: bool,
    opens: bool,
    marvelled: bool = False,
    after_name: bool = False,
) -> Part:
    """What one clause contributes: a name, a fact, a request, a behaviour — or nothing.

    ``opens``: the clause starts its sentence (a verb-first clause that does not is the tail
    of the clause before it: "…and then act surprised"); ``marvelled``: its sentence opens
    with "wow", "oh", "look" (so "you made a cup of tea" is a sneer, not a complaint);
    ``after_name``: only the name the message is addressed to comes before it ("Ollie, this
    is…"), so a statement there stands on its own.
    """
    unscoffed = [t for t in clause.toks if not spans.scoffed(t)]
    mocked = mocked_situation(unscoffed, spans, text)  # before "nice", "lovely" are cut as openers
    if mocked is not None:
        return Part("behaviour", behaviour=mocked)
    toks = strip_openers(unscoffed)
    if not toks:
        return Part("drop")
    if _is_vocative(toks) and not any(spans.dropped(t) or spans.repaired(t) for t in toks):
        return Part("vocative", render(toks, text))  # "Always." and "Selfish," are no names
    toks = judged_clause(toks) or toks  # "I feel like you never listen" → "you never listen"
    words = [t.word for t in toks]
    if words[0] in ("nobody", "noone") or words[:2] == ["no", "one"]:
        nobody = _nobody(toks, spans, text)  # "Nobody in this family ever reads my messages"
        if nobody is not None:
            return Part("behaviour", behaviour=nobody)
    framed = framed_behaviour(toks, words, spans, text)
    if framed is VERDICT:
        return Part("drop")
    if framed is not None and framed.kind == "suggest" and contempt:
        return Part("drop")  # "why don't you just move to the moon": a sneer, not a suggestion
    if framed is not None:
        return _behaviour_part(framed)
    if starts_with(words, _REQUEST_OPENERS):
        return _request(toks, words, spans, text)
    unhedged = clean(toks, spans)  # "For once could you answer…" asks all the same
    if unhedged and unhedged[0] is not toks[0] and starts_with([t.word for t in unhedged], _REQUEST_OPENERS):
        return _request(unhedged, [t.word for t in unhedged], spans, text)
    asked = _please_at_end(unhedged, spans, text)  # "Send me the bank details by Friday please."
    if asked is not None:
        return asked
    chore = (
        None if cuts_negation(toks) else _have_to(unhedged, spans, text)
    )  # "Every week I have to remind you."
    if chore is not None:
        return Part("behaviour", behaviour=chore)
    vowed = promised(toks, text)  # "you said you'd take Bramble out": what they were counted on for
    if vowed is not None and not any(spans.dropped(t, framed=True) for t in toks):
        return Part("behaviour", behaviour=vowed)
    felt = affect(toks, words, spans, text)
    if felt is not None:
        return Part("behaviour", behaviour=felt)
    if any(spans.dropped(t, framed=toks[0].word == "you") for t in toks):
        kept = trait_situation(toks, spans, text) or (
            thanks_situation(toks, spans, text) if contempt else None
        )
        if kept is None and contempt and opens:
            held_up = sneer_subject(toks, spans, text)  # "genius move deleting the whole slide"
            return Part("subject", held_up) if held_up else Part("drop")
        return Part("behaviour", behaviour=kept) if kept else Part("drop")
    thanked = thanks_situation(toks, spans, text) if contempt else None
    if thanked is not None:
        return Part("behaviour", behaviour=thanked)
    behaviour = you_behaviour(toks, spans, text)
    if behaviour is VERDICT:
        return Part("drop")
    if behaviour is not None:
        if contempt and clause.end == "?":
            return Part("drop")  # "you're teaching people how to cook?": a sneer, not a behaviour
        complaint = set(words) & _NEGATIVE or any(spans.repaired(t) for t in toks)  # "…the gatepost AGAIN"
        marvelled = (
            marvelled or clause.toks[0].word in lexicon_set("marvel_openers") or "finally" in clause.words
        )
        if behaviour.kind == "did" and contempt and not complaint and marvelled:
            if _rarely(behaviour, text):
                # "wow, you remembered the bins": praise said as a sneer at how rarely it happens
                return Part("behaviour", behaviour=Behaviour("rarely", behaviour.vp, behaviour.source))
            return Part("drop")  # "wow, you made a cup of tea": praise said as a sneer
        if behaviour.kind in ("be", "was") and behaviour.vp.split()[0].isdigit():
            return Part("drop")  # "you're 38": an age is no behaviour
        if behaviour.kind == "did" and base_form(behaviour.vp.split()[0]) in _SAY:
            return read_fact(clause, toks, spans, text, contempt, opens, after_name)
        return _behaviour_part(behaviour)
    return read_fact(clause, toks, spans, text, contempt, opens, after_name)


#: behaviours a second verb can follow on from: "when you leave it … and then act surprised"
#: (after "you never leave it", "and then" would be negated with it).
_CONTINUED = frozenset({"always", "did", "be", "was", "perfect"})


def _then_tail(clause: Clause, spans: Spans, text: str, last: str | Behaviour) -> Behaviour | None:
    """ "…and then act surprised when I'm annoyed": what the reader does next, said as the rest
    of the behaviour before it — alone it is a subjectless fragment, which reading drops."""
    words = clause.words
    skip = 2 if words[:2] == ["and", "then"] else 1 if words[:1] == ["then"] else 0
    if not skip or not isinstance(last, Behaviour) or last.kind not in _CONTINUED:
        return None
    if any(spans.dropped(t) for t in clause.toks) or cuts_negation(clause.toks[skip:]):
        return None
    rest = clean(clause.toks[skip:], spans)
    done = len(rest) > 2 and rest[0].word == "do" and rest[1].word in _DONE  # "and then do the same thing"
    if len(rest) < 2 or not rest[0].word.isalpha() or (rest[0].word in NOT_VERBS and not done):
        return None
    return Behaviour(
        last.kind, f"{last.vp} and then {render(rest, text)}", f"{last.source} {render(clause.toks, text)}"
    )


_DONE = frozenset({"the", "it", "that", "this", "what", "nothing", "everything", "exactly", "whatever"})


def _behaviour_part(behaviour: Behaviour) -> Part:
    if behaviour.kind == "fact":  # "do you even care that your dad's in hospital" → the fact
        return Part("fact", sentence_case(behaviour.vp))
    return Part("behaviour", behaviour=behaviour)


def _nobody(toks: list[Tok], spans: Spans, text: str) -> Behaviour | None:
    rest = after_who(clean(toks[2 if toks[0].word == "no" else 1 :], spans), "nobody")
    if len(rest) < 2 or not rest[0].word.isalpha() or any(spans.dropped(t, framed=True) for t in rest):
        return None
    if rest[0].word in AUXILIARIES or rest[0].word in ("cares", "gives", "wants"):
        return None  # "nobody has…", "nobody cares": no behaviour to ask for
    return Behaviour("nobody", render(rest, text), render(rest, text))


_SAYING = frozenset(
    {"be", "say", "admit", "ask", "agree", "wonder", "laugh", "go", "tell", "confess", "point", "mention"}
)
_TIMES = frozenset({"day", "week", "night", "morning", "evening", "weekend", "month", "year", "time"})


def _please_at_end(toks: list[Tok], spans: Spans, text: str) -> Part | None:
    """An instruction with "please" at its end is a request: "Send me the bank details for the
    loan by Friday please" → "Please send me the bank details for the loan by Friday." """
    words = [t.word for t in toks if t.is_word]
    if (
        len(words) < 4
        or words[-1] not in ("please", "pls", "plz")
        or words[0] not in lexicon_set("imperatives")
    ):
        return None
    body = [t for t in toks if t.is_word or t.text not in ".!?,"][:-1]
    if any(spans.dropped(t) for t in body):
        return None
    said = render(body, text)
    return Part("request", f"Please {said[:1].lower()}{said[1:]}.")


def _have_to(toks: list[Tok], spans: Spans, text: str) -> Behaviour | None:
    """ "I have to remind you", "I've got to do it myself": what the writer is left doing, said
    as the "self" behaviour ("I feel worn out when I have to remind you")."""
    while len(toks) > 2 and (toks[0].word in ("every", "single") or toks[0].word in _TIMES):
        toks = toks[1:]  # "every single week I have to…"
    words = [t.word for t in toks]
    for opener in (["i", "have", "to"], ["i", "'ve", "got", "to"], ["i", "have", "got", "to"]):
        if words[: len(opener)] == opener and len(words) > len(opener):
            rest = toks[len(opener) :]
            if any(spans.dropped(t) for t in rest) or not rest[0].word.isalpha() or rest[0].word in _SAYING:
                return None  # "I have to say…", "I have to be honest": how the writer speaks
            return Behaviour("self", render(rest, text), render(toks, text))
    return None


def _request(toks: list[Tok], words: list[str], spans: Spans, text: str) -> Part:
    kept = clean(toks, spans)
    if any(spans.dropped(t) for t in kept) or len(kept) < 3:
        return Part("drop")
    question = words[0] in ("could", "can", "would", "will", "do")
    if kept[-1].text in (".", "?", "!"):
        kept = kept[:-1]
    return Part("request", render(kept, text) + ("?" if question else "."))


def _is_vocative(toks: list[Tok]) -> bool:
    words = [t for t in toks if t.is_word]
    if not words or len(words) > 3 or len(words) != len(toks):
        return False
    address = set(lexicon()["address_terms"])
    body = [t for t in words if t.word not in _GREETINGS]
    return bool(body) and all(
        t.word in address
        or (
            t.text[:1].isupper()
            and t.word not in _no_names()
            and not t.word.endswith(_NOT_NAMES)
            and not _shouted(t.text)
            and t.text.isalpha()
        )
        for t in body
    )


@cache
def _no_names() -> frozenset[str]:
    """Words that are never the name of the person addressed, built once: subjects,
    auxiliaries, interjections, stop words and one-word openers."""
    return SUBJECTS | AUXILIARIES | lexicon_set("interjections") | stop_words() | _NOT_NAME_WORDS


def _shouted(text: str) -> bool:
    """ "SOOOO", "BS", "OMG": an elongated or short all-caps word is an exclamation, not a name."""
    return re.search(r"(\w)\1\1", text.lower()) is not None or (text.isupper() and len(text) <= 3)


#: one-word sentence openers that are not names ("Fact, violins don't make music").
_NOT_NAME_WORDS = frozenset(
    {"fact", "facts", "true", "truth", "exactly", "correct", "wrong", "nope", "yep", "yup", "yeah", "damm", "dang",
     "welp", "sure", "cool", "fine", "whatever", "anyway", "anyways", "seriously", "honestly", "bet", "same"}
)  # fmt: skip


#: endings of the words a one-word exclamation is made of ("Marvellous.", "Shocking, that."),
#: which are not names.
_NOT_NAMES = ("ous", "ing", "ly", "ful", "ive", "ble", "ic", "ed", "est")


def _purpose(clause: Clause) -> bool:
    return clause.toks[0].word in ("so", "because", "bc", "cos", "coz", "cause")


def _trailing_vocative(clause: Clause) -> tuple[Clause, str]:
    """ "…the last five minutes of the game dad" → the clause without "dad", and "dad"; also a
    leading one with no comma ("Papa you're so stubborn")."""
    toks = clause.toks
    address = lexicon()["address_terms"]
    if (
        len(toks) > 2
        and toks[0].word in address
        and toks[1].word in ("you", "your")
        and toks[0].word not in _SNEERING
    ):
        return Clause(toks[1:], clause.end, clause.sentence), toks[0].text
    if len(toks) < 3 or toks[-1].word not in lexicon()["address_terms"] or toks[-1].word in _SNEERING:
        return clause, ""
    if toks[-2].word in _NOT_BEFORE_NAME or not toks[-2].is_word:
        return clause, ""
    return Clause(toks[:-1], clause.end, clause.sentence), toks[-1].text


#: address terms that sneer when they close a clause ("ok buddy", "calm down, sweetheart").
_SNEERING = frozenset(
    {"buddy", "pal", "dude", "man", "mate", "sweetheart", "sweetie", "darling", "hun", "hon"}
)
_NOT_BEFORE_NAME = frozenset(
    {"my", "your", "ur", "our", "his", "her", "their", "the", "a", "to", "with", "for", "at", "and", "or",
     "of", "like", "from", "about", "by", "is", "are", "was", "you", "u", "me", "i", "in", "on", "own", "whole"}
)  # fmt: skip


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

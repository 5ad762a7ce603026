"""What one clause of a flagged message contributes to the reading: a name, a fact, a request,
a behaviour of the recipient — or nothing, when it is the attack.

Cue spans decide most of it (an insult, a trait word, mockery or an eye-roll marks an attack;
an absolute is cut and the rest kept); the classifier's evidence spans catch the sarcasm that no
cue names. Behaviours are found in :mod:`tone.rephrase_behaviour_clauses`, facts told from
verdicts and sneers in :mod:`tone.rephrase_facts`.
"""

from __future__ import annotations

import re

from tone.rephrase_behaviour import VERDICT, Behaviour
from tone.rephrase_behaviour_clauses import (
    NOT_VERBS,
    affect,
    after_who,
    framed_behaviour,
    promised,
    you_behaviour,
)
from tone.rephrase_cues import Spans, clean, cuts_negation, strip_openers
from tone.rephrase_facts import Part, read_fact, sentence_case, starts_with
from tone.rephrase_grammar import AUXILIARIES, Clause, Tok, base_form, lexicon_set, render
from tone.rephrase_salvage import (
    judged_clause,
    mocked_situation,
    sneer_subject,
    thanks_situation,
    trait_situation,
)
from tone.rephrase_vocative import is_vocative

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
    if is_vocative(toks) and not any(spans.dropped(t) or spans.repaired(t) for t in toks):
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
    if felt is VERDICT:
        return Part("drop")
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
        if (
            behaviour.kind == "be"
            and contempt
            and not complaint
            and marvelled
            and set(words) & {"so", "such"}
        ):
            return Part("drop")  # "Oh Jean, you're so well travelled": praise said as a sneer
        if behaviour.kind in ("be", "was") and behaviour.vp.split()[0].isdigit():
            return Part("drop")  # "you're 38": an age is no behaviour
        if behaviour.kind == "did" and base_form(behaviour.vp.split()[0]) in _SAY:
            return read_fact(clause, toks, spans, text, contempt, opens, after_name)
        return _behaviour_part(behaviour)
    return read_fact(clause, toks, spans, text, contempt, opens, after_name)


#: behaviours a second verb can follow on from: "when you leave it … and then act surprised"
#: (after "you never leave it", "and then" would be negated with it).
_CONTINUED = frozenset({"always", "did", "be", "was", "perfect"})


def then_tail(clause: Clause, spans: Spans, text: str, last: str | Behaviour) -> Behaviour | None:
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

"""The name a flagged message is addressed to: "Graham, …", "…the last five minutes of the game dad".

A suggestion opens with the name the message used ("Graham, I feel…"), so the reader has to
tell a name from a one-word exclamation ("Typical.", "SOOOO,", "Nope,") and from an insult
said as a name ("you lazy article" is dropped with the attack, not kept as a vocative).
"""

from __future__ import annotations

import re
from functools import cache

from tone.rephrase_grammar import AUXILIARIES, SUBJECTS, Clause, Tok, lexicon, lexicon_set, stop_words

_GREETINGS = frozenset({"hi", "hey", "hello", "dear", "morning", "evening", "afternoon", "yo", "oi"})


def is_vocative(toks: list[Tok]) -> bool:
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


def trailing_vocative(clause: Clause) -> tuple[Clause, str]:
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

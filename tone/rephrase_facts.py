"""Plain facts in a flagged message, and the sentences that only look like facts.

"The bins are overflowing" is a fact worth keeping; "It's very bad manners" is a verdict,
"Much like your quick coffees that last forty minutes" and "I'm sure it cost you a whole 99p"
are sneers, and "A 65-inch television." is a sarcastic fragment whose point is the television.
:func:`read_fact` tells them apart for a clause that is neither a request nor a behaviour.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from tone.rephrase_behaviour import DETERMINERS, Behaviour
from tone.rephrase_cues import ATTACK_WEIGHT, Spans, clean, cuts_negation
from tone.rephrase_grammar import AUXILIARIES, SUBJECTS, Clause, Tok, is_past, lexicon, lexicon_set, render
from tone.rephrase_salvage import sneer_subject

_STOP = frozenset(
    {"it", "is", "'s", "s", "with", "you", "i", "me", "a", "an", "the", "to", "of", "and", "that", "this",
     "are", "was", "be", "do", "not", "so", "just", "all", "at", "in", "on", "for", "my", "your", "we"}
)  # fmt: skip
#: words that say nothing about the situation: "what a great", "that's what you've done".
_FILLERS = frozenset(
    {"what", "done", "great", "there", "here", "way", "like", "how", "one", "thing", "get", "got"}
)
_CLAUSE_STARTS = SUBJECTS | frozenset(
    {"the", "a", "an", "our", "his", "her", "their", "nobody", "everyone", "no"}
)
_SUBORDINATORS = frozenset(
    {"if", "while", "although", "though", "whereas", "unless", "whilst", "as", "since"}
)
#: first words of a command, not a statement ("get a hobby", "grow up", "try harder").
_COMMAND_FILLERS = frozenset({"maybe", "perhaps", "just", "don't", "dont"})
_WH = frozenset({"what", "when", "where", "which", "who", "how", "is", "are", "do", "does", "did", "will"})


@dataclass(frozen=True)
class Part:
    """What one clause contributes to a :class:`~tone.rephrase_reading.Reading`."""

    kind: str  # vocative | fact | request | behaviour | subject | drop
    text: str = ""
    behaviour: Behaviour | None = None
    #: a fact the model's evidence weighs as an attack: kept only if the model, asked about
    #: it alone, reads it as plain (:func:`tone.rephrase_reading.read_message`'s ``vet``).
    heavy: bool = False


def read_fact(
    clause: Clause,
    toks: list[Tok],
    spans: Spans,
    text: str,
    contempt: bool,
    opens: bool,
    after_name: bool = False,
) -> Part:
    if cuts_negation(toks):
        return Part("drop")
    kept = clean(toks, spans)
    words = {t.word for t in kept}
    held_up = sneer_subject(toks, spans, text) if contempt and opens else ""
    if held_up:
        # a verbless aside in a contemptuous message is the sneer, but what it holds up is
        # the situation ("A 65-inch television.", "Leaving for a startup, Lucy?")
        return Part("subject", held_up)
    if len([t for t in kept if t.is_word]) < 2:
        return Part("drop")
    if clause.end == "?" and (kept[0].word not in _WH or contempt or spans.weight(toks) > 0.5):
        return Part("drop")  # rhetorical questions carry the attack, not the point
    stated = False
    if contempt and not words & (SUBJECTS | {"we", "our", "me", "us"}) and not _described(kept):
        if not _stated(kept):
            return Part("drop")  # a verbless aside in a contemptuous message is the sneer
        stated = True  # "Papa's birthday lunch is now at yours": kept if the model reads it plain
    named_first = after_name and kept[0].word.endswith("ing")  # "Claire, letting a fifteen-year-old…"
    if not (opens or named_first) and kept[0].word not in _CLAUSE_STARTS and not kept[0].text[:1].isupper():
        return Part("drop")
    if kept[0] is not toks[0] and spans.repaired(toks[0]) and kept[0].word not in _CLAUSE_STARTS | {"when"}:
        return Part("drop")  # "this is the third sprint…" cut to "sprint in a row…": a fragment
    if not any(t.word.isalpha() and t.word not in _STOP | _FILLERS for t in kept) or kept[0].word in (
        "don't",
        "do",
        "to",
    ):
        return Part("drop")  # "it's with you" once "every single time" is gone; "don't think I…"
    sarcastic = sarcastic_openings("sarcastic_openings") if contempt else []
    if starts_with([t.word for t in kept], [*sarcastic, *sarcastic_openings("sarcastic_always")]):
        return Part("drop")  # "much like your quick coffees…", "I'm sure it cost you…": the sneer
    if _compares([t.word for t in kept]):
        return Part("drop")  # "I've met mirrors with more interest in other people": the sneer
    if verdict_sentence([t.word for t in kept]):
        return Part("drop")  # "it's very bad manners", "ur word means nothing"
    if _verdict(kept) or (contempt and any(spans.praised(t) for t in toks)):
        return Part("drop")  # "ur a big important …"; "so proud of you" in a sneer
    ending = "?" if clause.end == "?" else ""
    # the evidence on what is kept: an absolute already cut ("again") no longer counts
    heavy = spans.weight(kept) >= ATTACK_WEIGHT
    lead = next((t.word for t in kept if not t.word.endswith("ly")), "")
    if (heavy or contempt) and (is_past(lead) or lead.endswith(("ing", "ept", "ought"))):
        return Part("drop")  # "(Truly) swept off my feet": a heavy fragment with no subject is the sneer
    if kept[0].word == "not":
        return Part("drop")  # "not u leaving mom on delivered for 3 days": the sneer's own construction
    if (heavy or contempt) and (
        kept[0].word in lexicon_set("imperatives") or kept[0].word in _COMMAND_FILLERS
    ):
        return Part("drop")  # "get a hobby that isn't me", "tell me again how to boil an egg"
    if dangles(list(clause.toks), kept):
        return Part("drop")  # "the smell of it is soo [disgusting] you can…": the cut word was the point
    if kept[0].word in _PREPOSITIONS and not _has_verb([t.word for t in kept[:-1]]):
        return Part("drop")  # "(Even) from Canada.", "At an angle.": a tail with nothing said
    elliptical = any(
        a.word in AUXILIARIES and b.word in ("and", "but") and c.word not in AUXILIARIES
        for a, b, c in zip(kept, kept[1:], kept[2:], strict=False)
    )
    if kept[-1].word in AUXILIARIES or elliptical:
        return Part("drop")  # "you have been", "you always have and…": nothing is said
    if kept[0].word in _SUBORDINATORS and text[clause.stop :].lstrip()[:1] in (",", ";", "-", "—"):
        return Part("drop")  # "While this doesn't ring a bell," is half a sentence once alone
    return Part("fact", sentence_case(render(kept, text)) + ending, heavy=heavy or stated)


def _stated(toks: Sequence[Tok]) -> bool:
    """Something named, then a verb saying what it does or is ("three people have maybed",
    "the roast will keep"): a statement, where "Real leadership stuff", "Poor lamb" and "Must
    feel so powerful" are asides with no one doing anything."""
    words = [t.word for t in toks]
    if words[0] in AUXILIARIES or is_past(words[0]) or words[0].endswith("ing"):
        return False
    return _has_verb(words[1:-1])


def _has_verb(words: Sequence[str]) -> bool:
    """An auxiliary, a clitic verb ("'s", "'ll") or a past form among ``words``."""
    return any(w in AUXILIARIES or w in _CLITIC_VERBS or is_past(w) for w in words)


def dangles(toks: Sequence[Tok], kept: Sequence[Tok]) -> bool:
    """Whether a cut left a word that needed what was cut: "will be one entire [cringe]" ends
    on it, "is soo [disgusting] you can smell it" runs on into the next clause."""
    position = {id(t): i for i, t in enumerate(toks)}
    at = [position.get(id(t), -1) for t in kept]
    if kept and 0 <= at[-1] < len(toks) - 1 and kept[-1].word in _DANGLING and toks[-1].is_word:
        return True
    return any(
        a >= 0 and b > a + 1 and t.word in _DEGREE and following.word in _CLAUSE_WORDS
        for t, following, a, b in zip(kept, kept[1:], at, at[1:], strict=False)
    )


_DEGREE = frozenset({"so", "soo", "sooo", "very", "such", "too"})
_DANGLING = _DEGREE | frozenset({"entire", "whole", "a", "an", "the", "one"})
_CLAUSE_WORDS = SUBJECTS | AUXILIARIES | frozenset({"and", "but", "that", "because", "when"})
_PREPOSITIONS = frozenset(
    {"from", "at", "in", "on", "with", "for", "by", "after", "before", "during", "since", "about"}
)
_CLITIC_VERBS = frozenset({"'s", "'ve", "'ll", "'re", "'d"})


def _compares(words: list[str]) -> bool:
    """A comparison that carries a sneer, even where the model saw only criticism: "I've met
    mirrors with more interest in other people", "a toddler could do it better than you"."""
    pairs = set(pairwise(words))
    seen = words[:1] == ["i"] and bool(set(words[1:4]) & {"met", "seen", "known", "had"})
    if seen and pairs & {("with", "more"), ("with", "less")}:
        return True
    return ("better", "than") in pairs and "you" in words


_VERDICT_HEAD = re.compile(r"^(it|that|this|thats|its) ?(is|was|'s|s)? ")
_HEDGES = frozenset({"so", "very", "really", "a", "bit", "just", "kind", "of", "kinda", "pretty", "quite", "such",
                     "too", "getting", "becoming", "honestly", "frankly", "bloody", "absolutely", "beyond"})  # fmt: skip


def _described(toks: Sequence[Tok]) -> bool:
    """ "the trash is full": a thing and what state it is in, not a verbless aside."""
    return (
        len(toks) > 2
        and toks[0].word in ("the", "our", "his", "her", "their")
        and any(t.word in ("is", "are", "was", "were", "'s", "has", "have") for t in toks[1:])
    )


def verdict_sentence(words: list[str]) -> bool:
    """ "it's so rude", "that's very bad manners", "your word means nothing": a judgement with no
    situation in it (two words or fewer after "it's" and its hedges, or a verdict phrase)."""
    joined = " ".join(words)
    if any(f" {phrase} " in f" {joined} " for phrase in lexicon()["verdict_phrases"]):
        return True
    head = _VERDICT_HEAD.match(joined)
    if head is None:
        return False
    rest = [w for w in joined[head.end() :].split() if w not in _HEDGES]
    timed = any(ch.isdigit() for ch in "".join(rest)) or set(rest) & _TIME_WORDS  # "it's half nine"
    return len(rest) <= 2 and not timed


_TIME_WORDS = frozenset(
    {"half", "quarter", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve", "o'clock", "midnight", "noon", "late", "early", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday", "today", "tonight", "tomorrow", "morning", "evening", "raining", "cold"}
)  # fmt: skip


@lru_cache(maxsize=2)
def sarcastic_openings(key: str) -> list[tuple[str, ...]]:
    """Openings of a sneer: ``sarcastic_openings`` in a contemptuous message only,
    ``sarcastic_always`` ("the irony…", "I'm sure…") in any flagged one."""
    spelled = [o.replace("'m", " 'm").replace("'ll", " 'll").replace("'s", " 's") for o in lexicon()[key]]
    return [tuple(o.replace("'m", "am").split()) if " 'm" in o else tuple(o.split()) for o in spelled] + [
        tuple(o.replace(" 'm", "").split()) for o in spelled if " 'm" in o
    ]


def _verdict(toks: Sequence[Tok]) -> bool:
    """ "you're a …", "ur such a …": a verdict on the person wherever it sits in a clause."""
    words = [t.word for t in toks]
    for i, word in enumerate(words[:-1]):
        named = i == 0 or words[i - 1] in _BEFORE_A_SUBJECT  # not "I gave you a list"
        if word in ("you", "your", "ur") and words[i + 1] in DETERMINERS and named:
            return True
        if (
            word == "you"
            and words[i + 1] in ("are", "were")
            and i + 2 < len(words)
            and words[i + 2] in DETERMINERS
        ):
            return True
    return False


_BEFORE_A_SUBJECT = frozenset(
    {"and", "but", "so", "because", "cos", "bc", ",", "honestly", "frankly", "just", "oh"}
)


def starts_with(words: list[str], openers: Sequence[tuple[str, ...]]) -> bool:
    return any(tuple(words[: len(o)]) == o for o in openers)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text

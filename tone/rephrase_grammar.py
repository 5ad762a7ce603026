"""The small grammar the rephraser needs: tokens with offsets, clauses, verbs and pronouns.

spaCy's blank English pipeline gives tokens but no tagger or parser, and the rephraser must
not download one, so this module works with what messages that criticise look like: a
clause with "you" as its subject, an optional run of auxiliaries and adverbs ("'ve", "never",
"even", "just"), then the behaviour. That is enough to find "the behaviour after *you
never/always*", to put it in the base form a request needs ("you never told me" → "tell
me") and to turn a clause round ("you made me feel small" → "I felt small").

Every token keeps its character offsets, so whatever is kept of a message is cut from the
user's own text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from tone.nlp import Annotated
from tone.text import normalise

RESOURCE = Path(__file__).parent / "resources" / "rephrase.json"

#: what a spelling stands for when the rephraser reads it (clitics, texting forms).
_READ_AS = {
    "'re": "are", "re": "are", "'m": "am", "'ve": "have", "ve": "have", "'ll": "will", "ll": "will",
    "'d": "would", "n't": "not", "nt": "not", "u": "you", "ya": "you", "yu": "you", "r": "are",
    "youre": "you", "ure": "you", "ive": "i", "im": "i", "ca": "can", "wo": "will",
}  # fmt: skip
_CLITIC_SPELLINGS = frozenset({"re", "ve", "ll", "nt"})
_CLITICS = frozenset({"'re", "'m", "'ve", "'ll", "'d", "n't", "'s", "nt", "re", "ve", "ll"})
SENTENCE_END = frozenset(
    {".", "!", "?", "…", "...", ";", "?!", "!?", "!!", "??", "!!!", "???", "..", "....", "\n"}
)
CLAUSE_BREAK = frozenset({",", "—", "–", "-", ":", "(", ")", "--"})
SUBJECTS = frozenset({"i", "you", "we", "he", "she", "it", "they", "that", "this", "there", "your", "my"})
CONJUNCTIONS = frozenset({"but", "and", "so", "because", "cause", "cos", "coz", "bc", "then", "or", "plus"})
AUXILIARIES = frozenset(
    {"do", "does", "did", "not", "can", "could", "will", "would", "should", "have", "has", "had",
     "are", "were", "was", "be", "been", "being", "is", "am", "must", "might", "may", "shall"}
)  # fmt: skip
_SUBJECT_TURN = {"you": "I", "i": "you", "we": "we"}
_OBJECT_TURN = {"you": "me", "me": "you", "your": "my", "my": "your", "yours": "mine", "mine": "yours",
                "yourself": "myself", "myself": "yourself", "u": "me", "ur": "my"}  # fmt: skip
_AGREEMENT = {("I", "are"): "am", ("I", "were"): "was", ("I", "'re"): "'m", ("you", "am"): "are",
              ("you", "was"): "were", ("you", "'m"): "'re"}  # fmt: skip


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The rephraser's word lists (``tone/resources/rephrase.json``)."""
    return dict(json.loads(RESOURCE.read_text(encoding="utf-8")))


@cache
def lexicon_set(key: str) -> frozenset[str]:
    """One of the rephraser's word lists as a set, for membership tests in loops."""
    return frozenset(lexicon()[key])


@cache
def topic_words() -> frozenset[str]:
    """The one-word nouns of the rephraser's topics ("dishes", "budget"), as one set."""
    return frozenset(w for topic in lexicon()["topics"] for w in topic["words"] if " " not in w)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words: the function words no subject or name is made of."""
    from tone.nlp import get_nlp

    return frozenset(get_nlp().Defaults.stop_words)


def content_words(text: str) -> frozenset[str]:
    """The lower-case words of ``text`` that are not stop words: what two phrases are compared by."""
    return frozenset(w for w in re.findall(r"\w+", text.lower()) if w not in stop_words())


def names_all(phrase: str, text: str) -> bool:
    """Whether ``text`` already names every content word of ``phrase`` (and it has some).

    >>> names_all("the school trip form", "Please sign the school trip form tonight."), names_all("the form", "Sign it")
    (True, False)
    """
    words = content_words(phrase)
    return bool(words) and words <= content_words(text)


@dataclass(frozen=True, slots=True)
class Tok:
    """A token of the original message: its text, how it reads, and where it is."""

    text: str
    word: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return any(ch.isalnum() for ch in self.text)


def tokens_of(text: str, doc: Annotated) -> list[Tok]:
    """The message's tokens with offsets; line breaks become tokens (they end sentences)."""
    toks: list[Tok] = []
    previous_end = 0
    for start, end in doc.offsets:
        if "\n" in text[previous_end:start] and toks:
            toks.append(Tok("\n", "\n", previous_end, previous_end))
        lower = normalise(text[start:end]).lower()  # "you’re" reads as "you're"
        attached = bool(toks) and toks[-1].end == start
        word = _READ_AS.get(lower, lower) if attached or lower not in _CLITIC_SPELLINGS else lower
        toks.append(Tok(text[start:end], word, start, end))
        previous_end = end
    return toks


@dataclass(frozen=True)
class Clause:
    """A stretch of a message between punctuation or a conjunction that starts a new subject."""

    toks: tuple[Tok, ...]
    end: str  # the punctuation that closed its sentence ("." when none)
    sentence: int

    @property
    def words(self) -> list[str]:
        return [t.word for t in self.toks]

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def stop(self) -> int:
        return self.toks[-1].end


def clauses_of(toks: Sequence[Tok]) -> list[Clause]:
    """Split tokens into clauses: at sentence ends, commas and dashes (not before a closing
    "please"), and at a conjunction followed by a subject ("..., and you didn't even call")."""
    sentences: list[list[Tok]] = [[]]
    ends: list[str] = []
    for tok in toks:
        if tok.word in SENTENCE_END or (not tok.is_word and tok.text[:1] in "!?."):
            if sentences[-1]:
                ends.append("?" if "?" in tok.text else "!" if "!" in tok.text else ".")
                sentences.append([])
        elif _is_emoji(tok):
            continue
        else:
            sentences[-1].append(tok)
    if not sentences[-1]:
        sentences.pop()
    else:
        ends.append(".")
    clauses: list[Clause] = []
    for number, (sentence, end) in enumerate(zip(sentences, ends, strict=True)):
        part: list[Tok] = []
        for i, tok in enumerate(sentence):
            follower = sentence[i + 1].word if i + 1 < len(sentence) else ""
            if (
                tok.word in CLAUSE_BREAK and _spaced(tok, sentence, i) and not _closing_please(sentence, i)
            ) or (tok.word in CONJUNCTIONS and follower in SUBJECTS | {"then"} and part):
                if part:
                    clauses.append(Clause(tuple(part), end, number))
                part = [] if tok.word in CLAUSE_BREAK else [tok]
            else:
                part.append(tok)
        if part:
            clauses.append(Clause(tuple(part), end, number))
    return clauses


def _closing_please(sentence: Sequence[Tok], i: int) -> bool:
    """Only "please" follows the break: "Send me the receipts tonight, please." stays one clause."""
    return [t.word for t in sentence[i + 1 :] if t.is_word] in (["please"], ["pls"], ["plz"])


def _is_emoji(tok: Tok) -> bool:
    return not tok.is_word and any(ord(ch) > 0x2000 for ch in tok.text) and tok.text not in ("…", "—", "–")


def render(toks: Sequence[Tok], text: str) -> str:
    """Kept tokens as text: adjacent tokens keep the user's own spacing, gaps get one space.

    Contractions split by the tokenizer ("do" + "n't") are rejoined.
    """
    pieces: list[str] = []
    for i, tok in enumerate(toks):
        if i and toks[i - 1].end == tok.start:
            pieces.append(tok.text)
        elif i and tokens_adjacent(toks[i - 1], tok, text):
            pieces.append(text[toks[i - 1].end : tok.start] + tok.text)
        else:
            glue = "" if not i or tok.text.lower() in _CLITICS or tok.text in ",.!?;:)" else " "
            pieces.append(glue + tok.text)
    return "".join(pieces)


def tokens_adjacent(a: Tok, b: Tok, text: str) -> bool:
    """Whether only spaces separate two tokens in the original."""
    return a.end <= b.start and not text[a.end : b.start].strip()


# ----------------------------------------------------------------------------- verbs


def base_form(verb: str) -> str:
    """The base form of a past or present verb, for "could you …" and "don't …".

    >>> [base_form(v) for v in ["told", "parked", "stopped", "tried", "used", "leaves", "text", "need", "agreed"]]
    ['tell', 'park', 'stop', 'try', 'use', 'leave', 'text', 'need', 'agree']
    >>> [base_form(v) for v in ["interrupting", "leaving", "stopping", "cancelling", "calling"]]
    ['interrupt', 'leave', 'stop', 'cancel', 'call']
    """
    lower = verb.lower()
    irregular = lexicon()["irregular_past"]
    if lower in irregular:
        return str(irregular[lower])
    if lower.endswith("ied") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith("ed") and len(lower) > 3:
        stem = lower[:-2]
        if stem + "e" in _E_VERBS():
            return stem + "e"
        if lower.endswith("eed"):
            return lower  # "need", "feed", "exceed" are base forms already
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
            return stem[:-1]
        return stem
    if lower.endswith("es") and lower[:-1] in _E_VERBS():
        return lower[:-1]
    if lower in _THIRD_IRREGULAR:
        return _THIRD_IRREGULAR[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "sses", "zzes")):
        return lower[:-2]
    if (
        lower.endswith("s")
        and len(lower) > 3
        and not lower.endswith(("ss", "us", "is"))
        and lower not in _NOT_VERBS
    ):
        return lower[:-1]
    if lower.endswith("ing") and len(lower) > 4 and lower not in _ING_NOUNS:
        return _ing_base(lower[:-3])
    return lower


#: -ing words that are not a verb's -ing form, or whose base the rules below would get wrong.
_ING_NOUNS = frozenset({"nothing", "something", "anything", "everything", "morning", "evening", "during",
                        "ceiling", "wedding", "meeting", "building", "feeling", "string", "spring",
                        "bring", "thing", "sing", "ring", "king", "wing", "sting", "swing", "cling", "fling"})  # fmt: skip
_NOT_VERBS = frozenset(
    {"always", "sometimes", "perhaps", "thanks", "news", "series", "lots", "plus", "towards"}
)
_THIRD_IRREGULAR = {"does": "do", "has": "have", "goes": "go", "is": "be"}
_ING_IRREGULAR = {"ly": "lie", "dy": "die", "ty": "tie"}
_DOUBLED_L = frozenset({"cancel", "travel", "label", "signal", "model", "level", "fuel", "control", "patrol"})


def _ing_base(stem: str) -> str:
    """ "interrupt" ← interrupting, "leave" ← leaving, "stop" ← stopping, "cancel" ← cancelling."""
    if stem in _ING_IRREGULAR:
        return _ING_IRREGULAR[stem]
    if stem + "e" in _E_VERBS():
        return stem + "e"
    if stem.endswith("ll") and stem[:-1] in _DOUBLED_L:
        return stem[:-1]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]
    return stem


_DOUBLING = frozenset({"stop", "plan", "drop", "shop", "chat", "skip", "swap", "spot", "grab", "drag", "quit",
                       "admit", "forget", "regret", "commit", "prefer", "refer", "occur", "snap", "slam"})  # fmt: skip


def ing_form(verb: str) -> str:
    """The -ing form of a base verb, for "about you finishing at 3".

    >>> [ing_form(v) for v in ["finish", "make", "get", "stop", "see", "lie", "text", "open"]]
    ['finishing', 'making', 'getting', 'stopping', 'seeing', 'lying', 'texting', 'opening']
    """
    lower = verb.lower()
    if lower.endswith("ie"):
        return lower[:-2] + "ying"
    if lower.endswith("e") and not lower.endswith(("ee", "ye", "oe")) and len(lower) > 2:
        return lower[:-1] + "ing"
    vowels = "aeiou"
    cvc = len(lower) == 3 and lower[0] not in vowels and lower[1] in vowels and lower[2] not in vowels + "wxy"
    if cvc or lower in _DOUBLING:
        return lower + lower[-1] + "ing"
    return lower + "ing"


def third_person(verb: str) -> str:
    """The form that follows "nobody" or "someone": "does", "has", "tidies", "washes", "puts".

    >>> [third_person(v) for v in ["do", "have", "tidy", "wash", "put", "play"]]
    ['does', 'has', 'tidies', 'washes', 'puts', 'plays']
    """
    lower = verb.lower()
    if lower in ("do", "go"):
        return lower + "es"
    if lower == "have":
        return "has"
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        return lower[:-1] + "ies"
    if lower.endswith(("s", "sh", "ch", "x", "z")):
        return lower + "es"
    return lower + "s"


@lru_cache(maxsize=1)
def _E_VERBS() -> frozenset[str]:
    return frozenset(lexicon()["ed_keep_e"])


def is_past(verb: str) -> bool:
    """Whether a verb form reads as past tense.

    >>> is_past("forgot"), is_past("parked"), is_past("need")
    (True, True, False)
    """
    lower = verb.lower()
    return (
        lower in lexicon()["irregular_past"]
        and lower not in ("put", "let", "read", "hurt", "cut", "set", "hit")
    ) or (lower.endswith("ed") and len(lower) > 3 and lower not in ("need", "feed", "bleed", "speed"))


# ----------------------------------------------------------------------------- pronouns


def turn_pronouns(words: Iterable[str]) -> list[str]:
    """Re-voice a clause: you ↔ I, your ↔ my, yourself ↔ myself, with verb agreement.

    A "you" that starts the clause or follows a conjunction is a subject ("I"); elsewhere it
    is an object ("me").

    >>> " ".join(turn_pronouns("you made me feel like my work does n't matter".split()))
    "I made you feel like your work does n't matter"
    >>> " ".join(turn_pronouns("you were rude to me in front of your sister".split()))
    'I was rude to you in front of my sister'
    >>> " ".join(turn_pronouns(["I", "'m", "sorry"]))
    "you 're sorry"
    """
    out: list[str] = []
    for i, word in enumerate(words):
        lower = word.lower()
        subject = i == 0 or out[-1].lower() in CONJUNCTIONS | {"when", "if", "that", "because", "like"}
        if lower in ("you", "u", "i") and subject:
            out.append(_SUBJECT_TURN["you" if lower == "u" else lower])
        elif lower in _OBJECT_TURN:
            out.append(_OBJECT_TURN[lower])
        else:
            previous = out[-1] if out else ""
            out.append(_AGREEMENT.get((previous, lower), word))
    return out


def _spaced(tok: Tok, sentence: Sequence[Tok], i: int) -> bool:
    """A dash inside a word ("forty-one", "avant-garde") does not break a clause."""
    if tok.word not in ("-", "–"):
        return True
    before = sentence[i - 1].end if i else -1
    after = sentence[i + 1].start if i + 1 < len(sentence) else -1
    return before != tok.start or after != tok.end

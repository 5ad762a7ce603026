"""Reading a flagged message for the rephraser: what is the point, and what is the attack?

Each clause becomes one :class:`Part`: a name the message is addressed to, a plain fact, a
request, a behaviour of the recipient (:class:`Behaviour`), or an attack to drop. Cue spans
decide most of it (an insult, a trait word, mockery or an eye-roll marks an attack; an
absolute is cut and the rest kept); the classifier's evidence spans catch the sarcasm that
no cue names ("Bold interior design choice.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from tone.nlp import Annotated
from tone.rephrase_grammar import (
    AUXILIARIES,
    SUBJECTS,
    Clause,
    Tok,
    base_form,
    clauses_of,
    is_past,
    lexicon,
    render,
    tokens_of,
)
from tone.results import ToneResult

FLAGGED = ("criticism", "contempt")
#: a clause whose evidence for criticism/contempt sums above this (log-odds) is an attack.
ATTACK_WEIGHT = 2.0
_GREETINGS = frozenset({"hi", "hey", "hello", "dear", "morning", "evening", "afternoon", "yo", "oi"})
_REQUEST_OPENERS = (
    ("could", "you"), ("can", "you"), ("would", "you"), ("will", "you"), ("please",), ("pls",),
    ("plz",), ("kindly",), ("can", "we"), ("could", "we"), ("let", "'s"), ("do", "you", "mind"),
    ("would", "you", "mind"), ("can", "i", "ask"), ("could", "i", "ask"), ("i", "need", "you", "to"),
    ("i", "'d", "like", "you", "to"), ("i", "would", "like", "you", "to"), ("can", "someone"),
    ("could", "someone"), ("can", "somebody"), ("can", "anyone"), ("could", "anyone"), ("can", "everyone"),
)  # fmt: skip
_MAKE = frozenset({"make", "made", "makes", "making"})
#: verbs about caring and thinking: "do you ever think about anyone else" attacks the person.
_CHARACTER = frozenset(
    {"think", "care", "consider", "respect", "appreciate", "value", "bother", "love", "understand",
     "realise", "realize", "ruin", "wreck", "destroy", "manage", "deserve", "expect", "pretend", "lie",
     "look", "sound", "seem", "act", "acting", "looks", "sounds", "seems"}
)  # fmt: skip
_DETERMINERS = frozenset({"a", "an", "the", "one", "such", "so", "some", "like", "that", "this"})
_NEG_CONTRACTIONS = {"didnt": "did", "dont": "do", "cant": "can", "wont": "will", "doesnt": "does",
                     "havent": "have", "hasnt": "has", "isnt": "is", "arent": "are", "wasnt": "was"}  # fmt: skip
_PRAISE = frozenset({"PRAISE", "GRATITUDE", "ENCOURAGEMENT", "VALIDATION", "AFFECTION"})
_STOP = frozenset(
    {"it", "is", "'s", "s", "with", "you", "i", "me", "a", "an", "the", "to", "of", "and", "that", "this",
     "are", "was", "be", "do", "not", "so", "just", "all", "at", "in", "on", "for", "my", "your", "we"}
)  # fmt: skip
_FRAMED = frozenset({"ACCUSING_QUESTION", "BLAME"})
_SAY = frozenset({"say", "tell", "promise", "ask", "agree", "text", "write", "mention"})
_NEGATIVE = frozenset({"not", "forgot", "forget", "left", "lost", "broke", "missed", "ignored", "late"})
_CLAUSE_STARTS = SUBJECTS | frozenset(
    {"the", "a", "an", "our", "his", "her", "their", "nobody", "everyone", "no"}
)
_WH = frozenset({"what", "when", "where", "which", "who", "how", "is", "are", "do", "does", "did", "will"})


@dataclass
class Voice:
    """How the writer writes, so suggestions sound like them (casual lowercase, "u", work)."""

    lowercase: bool = False
    texting: bool = False
    work: bool = False
    final_stop: bool = True

    def you(self, text: str) -> str:
        """``text`` with "you/your" as this writer spells them."""
        if not self.texting:
            return text
        return re.sub(r"\byou\b", "u", re.sub(r"\byour\b", "ur", text))


@dataclass(frozen=True)
class Behaviour:
    """Something the recipient does or did, as the message describes it, absolutes removed.

    ``kind`` says how the message framed it: ``never`` ("you never call"), ``didnt``,
    ``havent``, ``always`` (a habit: "you always leave…"), ``keep``, ``did`` (one past act),
    ``be`` / ``be_not`` / ``was`` ("you're late", "you're never ready", "you were late"),
    ``perfect`` ("you've parked…"), ``self`` ("why do I have to…") and ``affect`` ("you
    embarrassed me…", re-voiced as "I felt embarrassed…").
    """

    kind: str
    vp: str
    source: str = ""

    @property
    def base(self) -> str:
        verb, _, rest = self.vp.partition(" ")
        return f"{base_form(verb)} {rest}".strip()

    @property
    def habit(self) -> str:
        """The base form without the one occasion ("this week", "again"), for a request."""
        return _without_times(self.base)

    def feeling_sentence(self, feeling: str, voice: Voice) -> str:
        return voice.you(_FEELING[self.kind].format(f=feeling, base=self.base, vp=self.vp))

    def request(self, voice: Voice) -> str:
        frame = _REQUEST.get(self.kind, "")
        return voice.you(frame.format(base=self.habit, vp=_without_times(self.vp))) if frame else ""

    def i_statement(self, feeling: str, voice: Voice) -> str:
        return voice.you(_I_STATEMENT[self.kind].format(f=feeling, base=self.habit, vp=self.vp))


_FEELING = {
    "never": "I feel {f} when you don't {base}",
    "didnt": "I felt {f} when you didn't {base}",
    "havent": "I'm feeling {f} that you haven't {vp}",
    "always": "I feel {f} when you {vp}",
    "keep": "I feel {f} when you keep {vp}",
    "did": "I felt {f} when you {vp}",
    "be": "I feel {f} when you're {vp}",
    "be_not": "I feel {f} when you're not {vp}",
    "was": "I felt {f} when you were {vp}",
    "perfect": "I'm feeling {f} that you've {vp}",
    "self": "I feel {f} when I have to {vp}",
    "affect": "I felt {vp}",
}
_REQUEST = {
    "never": "could you {base}?",
    "didnt": "could you {base} next time?",
    "havent": "could you {base} soon?",
    "always": "could you try not to {base}?",
    "keep": "could you try not to keep {vp}?",
    "be": "could you try not to be {vp}?",
    "be_not": "could you try to be {vp}?",
    "perfect": "could you try not to {base}?",
}
#: the request that follows the feeling sentence when the message made none.
_AFTER_FEELING = {
    "never": "it would mean a lot if you did",
    "didnt": "could you next time?",
    "self": "could you take some of that on?",
}
_I_STATEMENT = {
    "never": "I'd really love it if you could {base}",
    "didnt": "I was really hoping you'd {base}",
    "havent": "I'd really appreciate it if you could {base} soon",
    "always": "I'd really appreciate it if you didn't {base}",
    "keep": "I'd love it if you could stop {vp}",
    "did": "I was {f} when you {vp}, and I'd like to talk about it",
    "be": "it would help me a lot if you could try not to be {vp}",
    "be_not": "it would mean a lot to me if you could be {vp}",
    "was": "I was {f} when you were {vp}, and I'd like to talk about it",
    "perfect": "I've been a bit {f} that you've {vp}",
    "self": "it would help me a lot if I didn't have to {vp} on my own",
    "affect": "I felt really {vp}, and I wanted you to know",
}


def _without_times(phrase: str) -> str:
    """Drop the occasion from a behaviour ("park across our drive this week" → "… drive")."""
    for time in lexicon()["time_phrases"]:
        phrase = re.sub(rf"(?i)\s+{re.escape(time)}$", "", phrase)
    return phrase


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


_VERDICT = Behaviour("verdict", "")


@dataclass(frozen=True)
class Part:
    kind: str  # vocative | fact | request | behaviour | drop
    text: str = ""
    behaviour: Behaviour | None = None


def read_message(text: str, doc: Annotated, result: ToneResult) -> Reading:
    """Read every clause of a flagged message and gather what the suggestions keep."""
    toks = tokens_of(text, doc)
    spans = _Spans(doc, result)
    contempt = "contempt" in result.labels
    clauses = clauses_of(toks)
    reading = Reading(_voice(text, toks))
    for index, clause in enumerate(clauses):
        opens = index == 0 or clauses[index - 1].sentence != clause.sentence
        part = read_clause(clause, spans, text, contempt, opens)
        if part.kind == "vocative" and not reading.vocative:
            reading.vocative = part.text
        elif part.kind == "fact":
            reading.items.append(part.text)
        elif part.kind == "request":
            reading.requests.append(part.text)
        elif part.kind == "behaviour" and part.behaviour:
            reading.items.append(part.behaviour)
    kept = " ".join([*reading.facts, *(b.vp for b in reading.behaviours), *reading.requests]).lower()
    _choose_feeling(reading, [t.word for t in toks], kept.split(), contempt)
    return reading


class _Spans:
    """Cue spans and per-token evidence weights, looked up by character offsets."""

    def __init__(self, doc: Annotated, result: ToneResult):
        words = lexicon()
        self.drop = [(c.start, c.end) for c in doc.cues if c.category in words["drop_categories"]]
        self.drop_framed = [
            (c.start, c.end)
            for c in doc.cues
            if c.category in words["drop_categories"] and c.category not in _FRAMED
        ]
        self.scoff = [(c.start, c.end) for c in doc.cues if c.category in ("EYE_ROLL", "DISGUST")]
        self.praise = [(c.start, c.end) for c in doc.cues if c.category in _PRAISE]
        self.repair = [(c.start, c.end) for c in doc.cues if c.category == "ABSOLUTE"]
        self.evidence = [
            (e.start, e.end, e.weight)
            for x in result.explanations
            if x.label in FLAGGED
            for e in x.spans
            if not e.cue or e.cue in words["drop_categories"]
        ]

    def dropped(self, tok: Tok, framed: bool = False) -> bool:
        """Inside an attack cue (``framed``: one the frame itself accounts for is fine)."""
        spans = self.drop_framed if framed else self.drop
        return any(a <= tok.start < b for a, b in spans)

    def repaired(self, tok: Tok) -> bool:
        return any(a <= tok.start < b for a, b in self.repair)

    def scoffed(self, tok: Tok) -> bool:
        """Inside an eye-roll or scoff ("smh", "ugh", "🙄"): cut it, keep the rest of the clause."""
        return any(a <= tok.start < b for a, b in self.scoff)

    def praised(self, tok: Tok) -> bool:
        return any(a <= tok.start < b for a, b in self.praise)

    def weight(self, toks: Sequence[Tok]) -> float:
        total = 0.0
        for a, b, w in self.evidence:
            inside = sum(1 for t in toks if a <= t.start < b)
            if inside:
                total += w * inside / max(1, len(_overlapping_words(a, b, toks)) or inside)
        return total


def _overlapping_words(a: int, b: int, toks: Sequence[Tok]) -> list[Tok]:
    return [t for t in toks if a <= t.start < b]


def read_clause(clause: Clause, spans: _Spans, text: str, contempt: bool, opens: bool) -> Part:
    """What one clause contributes: a name, a fact, a request, a behaviour — or nothing.

    ``opens``: the clause starts its sentence (a verb-first clause that does not is the tail
    of the clause before it: "…and then act surprised").
    """
    toks = _strip_openers([t for t in clause.toks if not spans.scoffed(t)])
    if not toks:
        return Part("drop")
    if _is_vocative(toks):
        return Part("vocative", render(toks, text))
    words = [t.word for t in toks]
    framed = _framed_behaviour(toks, words, spans, text)
    if framed is not None:
        return framed
    if _starts_with(words, _REQUEST_OPENERS):
        return _request(toks, words, spans, text)
    affect = _affect(toks, words, spans, text)
    if affect is not None:
        return Part("behaviour", behaviour=affect)
    if any(spans.dropped(t, framed=toks[0].word == "you") for t in toks):
        return Part("drop")
    behaviour = _you_behaviour(toks, spans, text)
    if behaviour is _VERDICT:
        return Part("drop")
    if behaviour is not None:
        if contempt and clause.end == "?":
            return Part("drop")  # "you're teaching people how to cook?": a sneer, not a behaviour
        if behaviour.kind == "did" and contempt and not set(words) & _NEGATIVE:
            return Part("drop")  # "wow, you made a cup of tea": praise said as a sneer
        if behaviour.kind == "did" and base_form(behaviour.vp.split()[0]) in _SAY:
            return _fact(clause, toks, spans, text, contempt, opens)
        return Part("behaviour", behaviour=behaviour)
    return _fact(clause, toks, spans, text, contempt, opens)


def _request(toks: list[Tok], words: list[str], spans: _Spans, text: str) -> Part:
    kept = _clean(toks, spans)
    if any(spans.dropped(t) for t in kept) or len(kept) < 3:
        return Part("drop")
    question = words[0] in ("could", "can", "would", "will", "do")
    if kept[-1].text in (".", "?", "!"):
        kept = kept[:-1]
    return Part("request", render(kept, text) + ("?" if question else "."))


def _fact(clause: Clause, toks: list[Tok], spans: _Spans, text: str, contempt: bool, opens: bool) -> Part:
    kept = _clean(toks, spans)
    words = {t.word for t in kept}
    if len([t for t in kept if t.is_word]) < 2 or spans.weight(toks) >= ATTACK_WEIGHT:
        return Part("drop")
    if clause.end == "?" and (kept[0].word not in _WH or contempt or spans.weight(toks) > 0.5):
        return Part("drop")  # rhetorical questions carry the attack, not the point
    if contempt and not words & (SUBJECTS | {"we", "our", "me"}):
        return Part("drop")  # a verbless aside in a contemptuous message is the sneer
    if not opens and kept[0].word not in _CLAUSE_STARTS and not kept[0].text[:1].isupper():
        return Part("drop")
    if not any(t.word.isalpha() and t.word not in _STOP for t in kept) or kept[0].word in ("don't", "do"):
        return Part("drop")  # "it's with you" once "every single time" is gone; "don't think I…"
    if _verdict(kept) or (contempt and any(spans.praised(t) for t in toks)):
        return Part("drop")  # "ur a big important …"; "so proud of you" in a sneer
    ending = "?" if clause.end == "?" else ""
    return Part("fact", _sentence_case(render(kept, text)) + ending)


def _verdict(toks: Sequence[Tok]) -> bool:
    """ "you're a …", "ur such a …": a verdict on the person wherever it sits in a clause."""
    words = [t.word for t in toks]
    for i, word in enumerate(words[:-1]):
        if word in ("you", "your", "ur") and words[i + 1] in _DETERMINERS:
            return True
        if (
            word == "you"
            and words[i + 1] in ("are", "were")
            and i + 2 < len(words)
            and words[i + 2] in _DETERMINERS
        ):
            return True
    return False


def _framed_behaviour(toks: list[Tok], words: list[str], spans: _Spans, text: str) -> Part | None:
    """Accusing questions that carry a behaviour ("how hard is it to text back?")."""
    for frame in _frames():
        prefix = frame["words"]
        if words[: len(prefix)] == prefix:
            rest = _clean(toks[len(prefix) :], spans)
            if not rest or any(spans.dropped(t, framed=True) for t in rest) or not rest[0].is_word:
                return Part("drop")
            if rest[0].word in _CHARACTER:
                return Part("drop")
            kind = {"always_be": "be", "self_ing": "self", "did": "always"}.get(frame["kind"], frame["kind"])
            vp = render(rest, text)
            return Part("behaviour", behaviour=Behaviour(kind, vp, vp))
    return None


@lru_cache(maxsize=1)
def _frames() -> list[dict[str, Any]]:
    """Question frames with their prefixes split as the tokenizer splits them ("ca n't")."""
    frames = []
    for frame in lexicon()["question_frames"]:
        spelled = (
            frame["prefix"].replace("can't", "can not").replace("won't", "will not").replace("n't", " not")
        )
        frames.append({"words": spelled.split(), "kind": frame["kind"]})
    return frames


def _you_behaviour(toks: list[Tok], spans: _Spans, text: str) -> Behaviour | None:
    """A clause with "you" as subject: the behaviour after "you (never|always|'ve|…)"."""
    if toks[0].word != "you":
        return None
    i, aux, neg, habit = 1, [], False, False
    names = lexicon()
    skippable = (
        AUXILIARIES | set(names["never"]) | set(names["always"]) | set(names["intensifiers"]) | {"keep"}
    )
    while i < len(toks) and (toks[i].word in skippable or toks[i].text.lower() in _NEG_CONTRACTIONS):
        word = toks[i].word
        if word == "keep" and not (i + 1 < len(toks) and toks[i + 1].word.endswith("ing")):
            break  # "you never keep your promises": here "keep" is the behaviour
        if toks[i].text.lower() in _NEG_CONTRACTIONS:
            aux.append(_NEG_CONTRACTIONS[toks[i].text.lower()])
            neg = True
            i += 1
            continue
        neg |= word in names["never"] or word == "not"
        habit |= word in names["always"] or spans.repaired(toks[i])
        if word in AUXILIARIES or word == "keep":
            aux.append(word)
        i += 1
    rest = _clean(toks[i:], spans)
    if not rest or not rest[0].is_word or rest[0].word in SUBJECTS:
        return None
    if rest[0].word in _CHARACTER or base_form(rest[0].word) in _CHARACTER:
        return _VERDICT  # "you don't care", "you ruined everything": a verdict, not a behaviour
    if set(aux) & {"are", "were", "was", "be", "been", "is"} and rest[0].word in _DETERMINERS:
        return _VERDICT  # "you're a …", "you've never been one for …": a verdict on the person
    return Behaviour(_kind(aux, neg, habit, rest[0].text), render(rest, text), render(toks, text))


def _kind(aux: list[str], neg: bool, habit: bool, verb: str) -> str:
    if "keep" in aux and verb.lower().endswith("ing"):
        return "keep"
    if any(a in aux for a in ("are", "were", "was", "be", "been", "is", "am")):
        if neg:
            return "be_not"
        return "was" if any(a in aux for a in ("were", "was")) else "be"
    if neg:
        if "did" in aux:
            return "didnt"
        if "have" in aux or "has" in aux:
            return "havent"
        return "never"
    if "have" in aux:
        return "perfect"
    if "did" in aux or (is_past(verb) and not habit):
        return "did"
    return "always"


def _affect(toks: list[Tok], words: list[str], spans: _Spans, text: str) -> Behaviour | None:
    """ "you made me feel small" / "you embarrassed me" → "I felt small" / "I felt embarrassed"."""
    if len(words) < 3 or words[0] != "you":
        return None
    for i in range(1, min(len(words) - 1, 4)):
        if words[i] in _MAKE and words[i + 1] == "me":
            j = i + 2 + (words[i + 2 : i + 3] == ["feel"])
            rest = toks[j:]
            if rest and (rest[0].word == "look" or spans.dropped(rest[0])):
                # "made me look stupid", "made me feel stupid" → "I felt embarrassed"
                rest = [rest[0], *rest] if rest[0].word != "look" else rest
                after = [t for t in rest[2:] if not spans.dropped(t)]
                return Behaviour("affect", f"embarrassed {render(after, text)}".strip())
            if rest and not any(spans.dropped(t, framed=True) for t in rest):
                return Behaviour("affect", render(rest, text))
            return None
        if words[i] in lexicon()["affect_verbs"] and words[i + 1] == "me":
            rest = [t for t in toks[i + 2 :] if not spans.dropped(t, framed=True)]
            return Behaviour("affect", f"{words[i]} {render(rest, text)}".strip())
    return None


def _clean(toks: Sequence[Tok], spans: _Spans) -> list[Tok]:
    """Tokens minus absolutes ("always", "for once") and intensifiers ("even", "literally")."""
    names = lexicon()
    phrases = [p.split() for p in names["absolute_phrases"] + names["intensifiers"] if " " in p]
    drop: set[int] = set()
    words = [t.word for t in toks]
    for phrase in phrases:
        for i in range(len(words) - len(phrase) + 1):
            if words[i : i + len(phrase)] == phrase:
                drop.update(range(i, i + len(phrase)))
    singles = set(names["always"]) | set(names["intensifiers"]) | set(names["never"])
    for i, tok in enumerate(toks):
        if tok.word in singles or (spans.repaired(tok) and tok.word != "you"):
            drop.add(i)
        follower = toks[i + 1].word if i + 1 < len(toks) else ""
        if tok.word == "single" and i and toks[i - 1].word == "every" and follower not in ("time", "day"):
            drop.discard(i - 1)  # "every single conversation" → "every conversation"
            drop.add(i)
    return [t for i, t in enumerate(toks) if i not in drop]


def _strip_openers(toks: list[Tok]) -> list[Tok]:
    """Leading interjections, conjunctions and stray punctuation ("ugh", "oh great", "and")."""
    openers = [o.split() for o in sorted(lexicon()["interjections"], key=lambda o: -len(o.split()))]
    changed = True
    while toks and changed:
        changed = False
        if not toks[0].is_word:
            toks, changed = toks[1:], True
            continue
        for opener in openers:
            if [t.word for t in toks[: len(opener)]] == opener:
                toks, changed = toks[len(opener) :], True
                break
    return toks


def _is_vocative(toks: list[Tok]) -> bool:
    words = [t for t in toks if t.is_word]
    if not words or len(words) > 3 or len(words) != len(toks):
        return False
    address = set(lexicon()["address_terms"])
    body = [t for t in words if t.word not in _GREETINGS]
    return bool(body) and all(
        t.word in address or (t.text[:1].isupper() and t.word not in SUBJECTS | AUXILIARIES) for t in body
    )


def _starts_with(words: list[str], openers: Sequence[tuple[str, ...]]) -> bool:
    return any(tuple(words[: len(o)]) == o for o in openers)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


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
    if best is not None:
        reading.feeling = best["feeling"]
        reading.voice.work = best.get("register") == "work"
    elif contempt and not reading.behaviours:
        reading.feeling = feelings["contempt"]
    else:
        reading.feeling = feelings["default"]

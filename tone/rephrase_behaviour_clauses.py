"""Finding what the recipient did in a clause of a flagged message.

A clause with "you" as its subject ("you never take the bins out", "you've parked across our
drive again"), an accusing question that carries a behaviour ("how hard is it to text back?")
or a clause that says how the writer was made to feel ("you embarrassed me") becomes a
:class:`~tone.rephrase_behaviour.Behaviour`: the verb phrase with absolutes cut, and the frame
the message put it in; a clause that judges the person instead ("you don't care") is a
:data:`~tone.rephrase_behaviour.VERDICT`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from tone.rephrase_behaviour import DETERMINERS, VERDICT, Behaviour
from tone.rephrase_cues import Spans, clean, cuts_negation
from tone.rephrase_grammar import AUXILIARIES, SUBJECTS, Tok, base_form, is_past, lexicon, render

_MAKE = frozenset({"make", "made", "makes", "making"})
#: verbs about caring and thinking: "do you ever think about anyone else" attacks the person.
CHARACTER = frozenset(
    {"think", "care", "consider", "respect", "appreciate", "value", "bother", "love", "understand",
     "realise", "realize", "ruin", "wreck", "destroy", "manage", "deserve", "expect", "pretend", "lie",
     "look", "sound", "seem", "act", "acting", "looks", "sounds", "seems"}
)  # fmt: skip
_NEG_CONTRACTIONS = {"didnt": "did", "dont": "do", "cant": "can", "wont": "will", "doesnt": "does",
                     "havent": "have", "hasnt": "has", "isnt": "is", "arent": "are", "wasnt": "was"}  # fmt: skip


def framed_behaviour(toks: list[Tok], words: list[str], spans: Spans, text: str) -> Behaviour | None:
    """Accusing questions that carry a behaviour ("how hard is it to text back?"); :data:`VERDICT`
    when what they ask about is the person ("do you even care…")."""
    for frame in _frames():
        prefix = frame["words"]
        if words[: len(prefix)] == prefix:
            rest = clean(toks[len(prefix) :], spans)
            if frame["kind"] in ("nobody", "only") and prefix[-1] not in ("who", "that"):
                rest = after_who(rest, frame["kind"])
            if not rest or any(spans.dropped(t, framed=True) for t in rest) or not rest[0].is_word:
                return VERDICT
            if rest[0].word in CHARACTER and not (len(rest) > 1 and rest[1].word == "to"):
                return _situation(rest, text) or VERDICT  # "think to put…" is a behaviour
            if prefix[0] == "do" and rest[0].word in ("need", "want", "have", "mean", "know"):
                return None  # "do you actually need help with X or Y?": a question, not a complaint
            said = [t.word for t in toks[len(prefix) : len(prefix) + 3]]
            if frame["kind"] == "why_be" and (rest[0].word in DETERMINERS or set(said) & {"such", "so"}):
                return VERDICT  # "why are you (being) so…", "…like this": the person, not a behaviour
            if frame["kind"] == "suggest" and said[:1] in (["just"], ["go"]):
                return VERDICT  # "why don't you just move to…", "why don't you go and…": a sneer
            kind = {"always_be": "be", "self_ing": "self", "did": "always"}.get(frame["kind"], frame["kind"])
            vp = render(rest, text)
            if kind == "keep":
                kind, vp = "always", f"{base_form(rest[0].text)} {render(rest[1:], text)}".strip()
            return Behaviour(kind, vp, vp)
    return None


def after_who(rest: list[Tok], kind: str) -> list[Tok]:
    """ "else in this house ever unloads…" → "unloads…"; "one in this house who unloads…" → same."""
    if kind == "only":
        at = next((i for i, t in enumerate(rest) if t.word in ("who", "that")), -1)
        return rest[at + 1 :] if at >= 0 else []
    if rest and rest[0].word == "else":
        rest = rest[1:]
    if (
        len(rest) > 2
        and rest[0].word in ("in", "around", "at")
        and rest[1].word in ("this", "the", "our", "my")
    ):
        rest = rest[3:]
    if rest and rest[0].word in ("here", "else"):
        rest = rest[1:]
    return rest


_PERSONS = frozenset(
    {"me", "us", "you", "him", "her", "them", "anyone", "anybody", "anything", "everyone", "nobody"}
)


def _situation(rest: list[Tok], text: str) -> Behaviour | None:
    """What a verdict was about: "care about the house" → the house; "ruined my weekend" → my
    weekend; "care that your dad's in hospital" → the fact that he is."""
    verb, follower = base_form(rest[0].word), rest[1].word if len(rest) > 1 else ""
    if verb == "care" and follower in ("what", "how", "whether", "if") and len(rest) > 2:
        return Behaviour("about", render(rest[1:], text))  # "never cared what happened to Mum's house"
    if verb == "care" and follower == "about" and len(rest) > 2 and rest[2].word not in _PERSONS:
        return Behaviour("about", render(rest[2:], text))  # not "cared about me": that is the verdict
    if verb == "care" and follower == "that" and len(rest) > 3:
        return Behaviour("fact", render(rest[2:], text))
    if (
        verb in ("ruin", "wreck", "destroy", "spoil")
        and len(rest) > 1
        and rest[1].word not in ("it", "everything")
    ):
        return Behaviour("about_past" if is_past(rest[0].word) else "about", render(rest[1:], text))
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
    return sorted(frames, key=lambda f: -len(f["words"]))  # the longest prefix that fits wins


def you_behaviour(toks: list[Tok], spans: Spans, text: str) -> Behaviour | None:
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
        following = toks[i + 1].word if i + 1 < len(toks) else ""
        if word == "keep" and not (following.endswith("ing") and base_form(following) != following):
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
    toks, negated = _and_never(toks, i)
    if cuts_negation(toks[i:]):
        return None
    rest = clean(toks[i:], spans)
    if len(rest) > 2 and rest[0].word in ("seem", "seems") and rest[1].word == "to":
        rest = rest[2:]  # "you never seem to hold a decision": the hedge, not the behaviour
    if not rest or not rest[0].is_word or rest[0].word in SUBJECTS or rest[0].word in ("and", "but", "or"):
        return None  # "you always have and one day…": the verb was left out
    if neg and "be" in aux and set(aux) & {"can", "could", "will", "would"}:
        return VERDICT  # "you can't be relied on", "you can't be trusted": a verdict on the person
    considered = base_form(rest[0].word) == "consider" and len(rest) > 1 and rest[1].word in ("me", "us")
    if (rest[0].word in CHARACTER or base_form(rest[0].word) in CHARACTER) and not considered:
        # "you don't care", "you ruined everything": a verdict, not a behaviour — but what it
        # was about ("you ruined my birthday") is the situation
        return _situation(rest, text) or VERDICT
    if set(aux) & {"have", "has"} and rest[0].word in ("no", "nothing", "zero"):
        return VERDICT  # "you have no consideration for…": a verdict, not something done
    last = [t.word for t in rest[:4]]
    if last[:2] == ["the", "last"] and ("to" in last or "who" in last):
        return Behaviour(
            "be" if "was" not in aux and "were" not in aux else "was", render(rest, text), render(toks, text)
        )
    if set(aux) & {"are", "were", "was", "be", "been", "is"} and rest[0].word in DETERMINERS:
        return VERDICT  # "you're a …", "you've never been one for …": a verdict on the person
    if neg and "can" in aux and "just" in [t.word for t in toks[1:i]]:
        aux = [a for a in aux if a != "can"]  # "you can't just keep it in your handbag": what is done
        neg = False
    modal = _modal(aux, neg, rest, text, render(toks, text))
    if modal is not None:
        return modal
    kind, vp = _kind(aux, neg, habit, rest[0].text), render(rest, text)
    if kind == "keep":  # "you keep interrupting me" → "when you interrupt me": no "keep" left to blame
        kind, vp = "always", f"{base_form(rest[0].text)} {render(rest[1:], text)}".strip()
    if negated:
        return _and_not(kind, vp, clean(negated, spans), render([*toks, *negated], text), text)
    return Behaviour(kind, vp, render(toks, text))


_MODALS = frozenset({"can", "could", "should", "would", "might", "may", "must", "will", "shall"})


def _modal(aux: list[str], neg: bool, rest: list[Tok], text: str, source: str) -> Behaviour | None:
    """What a modal makes of the clause: "you could have told me" is what was not done
    ("…when you didn't tell me"), "you should clean up" what is not done, "you shouldn't shout"
    what is done, "you could ring" or "you might want to check" a suggestion; "you can lose
    weight" names nothing done (:data:`VERDICT`: a jab or a remark, dropped). ``None`` without
    a modal, or where the frame reads as before ("you can't…", "you'll turn up when…")."""
    modals = set(aux) & _MODALS
    if not modals or modals <= {"will", "would"}:
        return None
    vp = render(rest, text)
    if "have" in aux:
        participle = is_past(rest[0].word) or rest[0].word.endswith("en")
        if not neg and participle and modals & {"could", "should", "might"}:
            base = f"{base_form(rest[0].text)} {render(rest[1:], text)}".strip()
            return Behaviour("didnt", base, source)  # "you could have told me"
        return VERDICT
    if modals & {"should", "must"}:
        return Behaviour("always" if neg else "never", vp, source)  # "you shouldn't shout", "you should ring"
    if neg:
        return None  # "you can't…", "you couldn't…": read as before
    if "could" in modals:
        return Behaviour("suggest", vp, source)  # "you could pick up a phone"
    if modals & {"might", "may"} and [t.word for t in rest[:2]] == ["want", "to"] and len(rest) > 2:
        return Behaviour("suggest", render(rest[2:], text), source)
    return VERDICT


def _and_not(kind: str, vp: str, negated: list[Tok], source: str, text: str) -> Behaviour | None:
    """ "you eat everything and never replace any of it" → "when you eat everything and don't
    replace any of it", asking for the second half; "you took it and never brought it back" →
    "…and didn't bring it back". Other frames ("you've…", "you're…") are not joined."""
    if kind not in ("always", "did") or not negated:
        return None
    asked = f"{base_form(negated[0].text)} {render(negated[1:], text)}".strip()
    past = kind == "did"
    negation = "didn't" if past else "don't"
    return Behaviour("and_not_past" if past else "and_not", f"{vp} and {negation} {asked}", source, asked)


def _and_never(toks: list[Tok], start: int) -> tuple[list[Tok], list[Tok]]:
    """A clause cut before "and never" + a verb: what the reader does, and what they then never do
    ("u eat everything and never replace any of it"). Without such a second half, the whole
    clause and nothing after."""
    for j in range(start + 1, len(toks) - 2):
        if toks[j].word == "and" and toks[j + 1].word in lexicon()["never"]:
            after = toks[j + 2 :]
            if after[0].word.isalpha() and after[0].word not in NOT_VERBS and not cuts_negation(after):
                return toks[:j], after
    return toks, []


#: words that cannot start a verb phrase after "and then" or "and never".
NOT_VERBS = (
    SUBJECTS
    | AUXILIARIES
    | DETERMINERS
    | frozenset({"me", "us", "him", "her", "them", "it", "not", "no", "ever"})
)


#: states that follow "you" with no verb, as texting drops "'re" ("you asleep on the sofa").
_STATES = frozenset(
    {"asleep", "awake", "out", "home", "away", "off", "upstairs", "downstairs", "outside", "online"}
)


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
    if not aux and verb.lower().endswith("ing") and base_form(verb) != verb.lower():
        return "be"  # "you pearl-clutching again", texting for "you're …-ing"
    if not aux and verb.lower() in _STATES:
        return "be"  # "you asleep in front of the racing": "you're asleep"
    return "always"


def promised(toks: list[Tok], text: str) -> Behaviour | None:
    """ "You said you'd take Bramble out", "u promised to ring the plumber": what was promised,
    up to the next "and"/"but" (what happened instead is another clause)."""
    words = [t.word for t in toks]
    for frame in _PROMISE_FRAMES:
        if words[: len(frame)] == list(frame):
            rest = toks[len(frame) :]
            cut = next(
                (i for i, t in enumerate(rest) if t.word in ("and", "but", "so", "like", "ago")), len(rest)
            )
            rest = [t for t in rest[:cut] if t.word not in ("even", "just", "definitely")]
            while rest and rest[-1].word in _WHEN_WORDS:
                rest.pop()  # "fix it (a month) ago": the when is not part of what was promised
            if rest and rest[0].word.isalpha() and rest[0].word not in ("be", "not", "never"):
                vp = render(rest, text)
                return Behaviour("promised", vp, vp)
    return None


_WHEN_WORDS = frozenset(
    {"a", "an", "the", "one", "two", "few", "couple", "of", "month", "months", "week", "weeks", "day", "days",
     "year", "years", "hour", "hours", "ages"}
)  # fmt: skip
_PROMISE_FRAMES = tuple(
    tuple(f.split())
    for f in ("you said you 'd", "you said you would", "you said you will", "you said you 'll",
              "you promised to", "you promised you 'd", "you promised you would", "you told me you 'd",
              "you told me you would", "you swore you 'd")
)  # fmt: skip


def affect(toks: list[Tok], words: list[str], spans: Spans, text: str) -> Behaviour | None:
    """ "you made me feel small" / "you embarrassed me" → "I felt small" / "I felt embarrassed";
    :data:`VERDICT` for "you make me want to…", which says what the writer would do, not feels."""
    if len(words) < 3 or words[0] != "you":
        return None
    for i in range(1, min(len(words) - 1, 4)):
        if words[i] in _MAKE and words[i + 1] == "me":
            if words[i + 2 : i + 3] == ["want"]:
                return VERDICT  # "you make me want to scream": no feeling to say as mine
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

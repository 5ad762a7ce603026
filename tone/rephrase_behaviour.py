"""What the recipient did, and how a gentle start-up says it.

A :class:`Behaviour` is the verb phrase a flagged message blamed the reader for, with
absolutes cut, and the frame the message put it in ("you never…", "you always…", "why
do I have to…"); :mod:`tone.rephrase_behaviour_clauses` finds it in a clause. Its templates
here turn it into a feeling sentence, a request and an I-statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tone.rephrase_grammar import (
    base_form,
    lexicon,
    third_person,
)

DETERMINERS = frozenset({"a", "an", "the", "one", "such", "so", "some", "like", "that", "this"})


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
    ``havent``, ``always`` (a habit: "you always leave…", "you keep leaving…"), ``did`` (one
    past act), ``be`` / ``be_not`` / ``was`` ("you're late", "you're never ready", "you were
    late"), ``perfect`` ("you've parked…"), ``self`` ("why do I have to…"), ``nobody`` ("why
    does nobody…"), ``only`` ("why am I the only one who…"), ``affect`` ("you embarrassed
    me…", re-voiced as "I felt embarrassed…") and ``about`` / ``about_past``: the situation an
    attack was about when the attack itself is dropped ("you're so controlling about the
    budget" → "the budget"), and ``rarely``: something done that a sneer marvelled at because
    it is rare ("Wow, you remembered to update the ticket"), said as the appreciation it
    could have been with the wish behind the sneer ("…if that happened every time"), and
    ``promised``: what the reader said they would do ("you said you'd take Bramble out"),
    said as what the writer was counting on.
    """

    kind: str
    vp: str
    source: str = ""
    #: for ``and_not`` / ``and_not_past`` ("you eat everything and never replace any of it"):
    #: what the reader never does, as the request asks it ("replace any of it").
    asked: str = ""

    @property
    def base(self) -> str:
        verb, _, rest = self.vp.partition(" ")
        return f"{base_form(verb)} {rest}".strip()

    @property
    def habit(self) -> str:
        """The base form without the one occasion ("this week", "again"), for a request."""
        return _without_times(self.base)

    def _fill(self, template: str, feeling: str) -> str:
        verb, _, rest = self.base.partition(" ")
        third = f"{third_person(verb)} {rest}".strip()
        return template.format(
            f=feeling, base=self.base, vp=self.vp, habit=self.habit, third=third, asked=self.asked
        )

    def feeling_sentence(self, feeling: str, voice: Voice) -> str:
        template = _FEELING[self.kind]
        if " when " in f" {self.vp} ":  # "I feel hurt that you yell when I drive", not "when … when"
            template = template.replace("when you", "that you", 1)
        return voice.you(self._fill(template, feeling))

    def when(self, voice: Voice) -> str:
        """The situation as a "when …" clause, to join to another behaviour's feeling sentence."""
        frame = _WHEN.get(self.kind, "")
        return voice.you(self._fill(frame, "")) if frame else ""

    def request(self, voice: Voice) -> str:
        frame = _REQUEST.get(self.kind, "")
        return (
            voice.you(frame.format(base=self.habit, vp=_without_times(self.vp), asked=self.asked))
            if frame
            else ""
        )

    def i_statement(self, feeling: str, voice: Voice) -> str:
        return voice.you(self._fill(_I_STATEMENT[self.kind], feeling))


_FEELING = {
    "never": "I feel {f} when you don't {base}",
    "didnt": "I felt {f} when you didn't {base}",
    "havent": "I'm feeling {f} that you haven't {vp}",
    "always": "I feel {f} when you {vp}",
    "and_not": "I feel {f} when you {vp}",
    "did": "I felt {f} when you {vp}",
    "and_not_past": "I felt {f} when you {vp}",
    "be": "I feel {f} when you're {vp}",
    "be_not": "I feel {f} when you're not {vp}",
    "was": "I felt {f} when you were {vp}",
    "perfect": "I'm feeling {f} that you've {vp}",
    "self": "I feel {f} when I have to {vp}",
    "nobody": "I feel {f} when nobody {third}",
    "only": "I feel {f} being the only one who {vp}",
    "affect": "I felt {vp}",
    "about": "I'm feeling {f} about {vp}",
    "about_past": "I felt {f} about {vp}",
    "rarely": "I really appreciated it when you {vp}",
    "promised": "I was counting on you to {base}, and I felt {f}",
    "last": "I feel {f} when I'm the last to {vp}",
    "suggest": "I think it would help if you could {base}",
    "why_be": "I'd like to understand why you're {vp}",
    "why_do": "I'd like to understand why you {vp}",
}
_WHEN = {
    "never": "when you don't {base}",
    "didnt": "when you didn't {base}",
    "havent": "when you haven't {vp}",
    "always": "when you {vp}",
    "and_not": "when you {vp}",
    "did": "when you {vp}",
    "and_not_past": "when you {vp}",
    "be": "when you're {vp}",
    "be_not": "when you're not {vp}",
    "was": "when you were {vp}",
    "perfect": "when you've {vp}",
    "self": "when I have to {vp}",
    "nobody": "when nobody {third}",
    "about": "about {vp}",
    "about_past": "about {vp}",
    "rarely": "when you {vp}",
    "promised": "when I was counting on you to {base}",
    "last": "when I'm the last to {vp}",
}
_REQUEST = {
    "never": "could you {base}?",
    "didnt": "could you {base} next time?",
    "havent": "could you {base} soon?",
    "always": "could you try not to {base}?",
    "and_not": "could you {asked}?",
    "and_not_past": "could you {asked} next time?",
    "be": "could you try not to be {vp}?",
    "be_not": "could you try to be {vp}?",
    "perfect": "could you try not to {base}?",
    "nobody": "could someone {base} next time?",
    "only": "could you {base} next time?",
    "rarely": "could you {base} every time?",
    "promised": "could you still {base}?",
    "last": "could you let me know sooner next time?",
    "suggest": "could you try to {base}?",
    "why_be": "could you tell me why you're {vp}?",
    "why_do": "could you tell me why you {vp}?",
}
#: the request that follows the feeling sentence when the message made none: it refers back
#: to the behaviour instead of repeating it word for word.
AFTER_FEELING = {
    "never": "it would mean a lot if you did",
    "didnt": "could you next time?",
    "havent": "could you let me know when you can?",
    "self": "could you take some of that on?",
    "nobody": "it would mean a lot if someone did",
    "only": "could you take a turn with it?",
    "always": "could we find a way to change that together?",
    "and_not": "it would mean a lot if you did",
    "and_not_past": "could you next time?",
    "be": "could we find a way to change that together?",
    "be_not": "could we find a way to change that together?",
    "perfect": "could we talk about it?",
    "did": "could we talk about it?",
    "was": "could we talk about it?",
    "affect": "could we talk about it?",
    "about": "could we talk about it?",
    "about_past": "could we talk about it?",
    "rarely": "it would help me a lot if that happened every time",
    "promised": "could you let me know next time if plans change?",
    "last": "could you let me know sooner next time?",
    "suggest": "could you give that a try?",
    "why_be": "could you tell me a bit more?",
    "why_do": "could you tell me a bit more?",
}
#: the kinds whose request after the feeling sentence is specific enough to beat the topic's.
SPECIFIC_AFTER_FEELING = frozenset(
    {
        "never",
        "didnt",
        "havent",
        "self",
        "nobody",
        "only",
        "rarely",
        "promised",
        "and_not",
        "and_not_past",
        "last",
    }
)
_I_STATEMENT = {
    "never": "I'd really love it if you could {base}",
    "didnt": "I was really hoping you'd {base}",
    "havent": "I'd really appreciate it if you could {base} soon",
    "always": "I'd really appreciate it if you didn't {base}",
    "and_not": "I'd really love it if you could {asked}",
    "and_not_past": "I was really hoping you'd {asked}",
    "did": "I was {f} when you {vp}, and I'd like to talk about it",
    "be": "it would help me a lot if you could try not to be {vp}",
    "be_not": "it would mean a lot to me if you could be {vp}",
    "was": "I was {f} when you were {vp}, and I'd like to talk about it",
    "perfect": "I've been a bit {f} that you've {vp}",
    "self": "it would help me a lot if I didn't have to {vp} on my own",
    "nobody": "it would help me a lot if someone could {habit} sometimes",
    "only": "it would help me a lot if I weren't the only one who {vp}",
    "affect": "I felt really {vp}, and I wanted you to know",
    "about": "I've been feeling {f} about {vp}, and I'd like us to talk about it",
    "about_past": "I was {f} about {vp}, and I'd like us to talk about it",
    "rarely": "it would mean a lot to me if you could {habit} more often",
    "promised": "it would mean a lot to me if you could {habit} when you say you will",
    "last": "it would help me a lot to hear sooner",
    "suggest": "it might be worth trying to {base}",
    "why_be": "it would help me to know why you're {vp}",
    "why_do": "it would help me to know why you {vp}",
}


def _without_times(phrase: str) -> str:
    """Drop the occasion from a behaviour ("park across our drive this week" → "… drive")."""
    for time in lexicon()["time_phrases"]:
        phrase = re.sub(rf"(?i)\s+{re.escape(time)}$", "", phrase)
    return phrase


#: a clause that reads as a verdict on the person, not a behaviour ("you don't care").
VERDICT = Behaviour("verdict", "")

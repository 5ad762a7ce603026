"""Suggested rewrites for criticism and contempt: the same point, said as a gentle start-up.

Gottman's antidote to criticism is to describe the situation, say how one feels and ask for
what one needs ("I feel worn out when the dishes pile up — could you take them tonight?");
the antidote to contempt is to drop the put-down and speak from one's own side. The
rephraser does that with rules over spaCy tokens and the cue spans the classifier already
found, deterministically and offline:

1. the message is cut into clauses (:mod:`tone.rephrase_grammar`);
2. each clause is *read*: a behaviour of the recipient ("you never take the bins out"), a
   request, a plain fact, a name — or an attack (insult, trait, mockery, sarcasm, eye-roll),
   which is dropped; absolutes and intensifiers are cut from what is kept;
3. up to three suggestions are written from what was read, each a different approach:
   feeling + situation + request, just the request, an I-statement about the situation.

Each :class:`Suggestion` carries the edits (character offsets in the original message) that
turn the original into it, so a user interface can show exactly what changed.

>>> from tone.rephrase import apply_edits
>>> from tone.results import Edit
>>> apply_edits("You never call", [Edit(0, 9, "Could you")])
'Could you call'
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from tone.nlp import Annotated, annotate, load_cue_patterns
from tone.rephrase_behaviour import AFTER_FEELING, SPECIFIC_AFTER_FEELING, Behaviour, Voice
from tone.rephrase_cues import profane
from tone.rephrase_grammar import content_words, lexicon, lexicon_set, names_all, stop_words, tokens_of
from tone.rephrase_reading import Reading, add_situations, read_message
from tone.rephrase_situation import Judge, plain_situations, reads_plain
from tone.results import Edit, Suggestion, ToneResult

#: labels a message must carry to get suggestions.
FLAGGED = ("criticism", "contempt")
MAX_SUGGESTIONS = 3
_UNITS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def apply_edits(original: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits right to left (offsets refer to ``original``)."""
    text = original
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def diff_edits(original: str, suggestion: str) -> tuple[Edit, ...]:
    """The edits that turn ``original`` into ``suggestion``, from a word-level diff.

    >>> diff_edits("you never call me", "could you call me?")
    (Edit(start=0, end=0, replacement='could '), Edit(start=3, end=9, replacement=''), Edit(start=17, end=17, replacement='?'))
    """
    a, b = _UNITS.findall(original), _UNITS.findall(suggestion)
    starts = [0]
    for unit in a:
        starts.append(starts[-1] + len(unit))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    edits = [
        Edit(starts[i1], starts[i2], "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return tuple(edits)


class Rephraser:
    """Writes suggestions for flagged messages.

    ``annotate`` is the model's own spaCy + cue step (``ToneModel.annotate``), so the
    rephraser reads a message with the cue rules the model was trained with; by default the
    shipped lexicons are used. ``judge`` is the model's own verdict (texts → labels): with it,
    a sneer's plain situation can be kept (:mod:`tone.rephrase_situation`), and of the drafts
    for each approach the first the model reads as neither criticism nor contempt is chosen —
    a suggestion tone itself would flag helps nobody.
    """

    def __init__(
        self,
        annotate_texts: Callable[[list[str]], Sequence[Annotated]] | None = None,
        max_suggestions: int = MAX_SUGGESTIONS,
        judge: Judge | None = None,
    ):
        self.annotate_texts = annotate_texts or _default_annotator()
        self.max_suggestions = max_suggestions
        self.judge = judge

    def rephrase(self, text: str, result: ToneResult, doc: Annotated | None = None) -> tuple[Suggestion, ...]:
        """Up to ``max_suggestions`` rewrites of ``text``; none unless it is criticism or contempt."""
        if not set(result.labels) & set(FLAGGED) or not text.strip():
            return ()
        doc = doc or self.annotate_texts([text])[0]
        reading = read_message(text, doc, result, self._vet)
        if not reading.items and self.judge is not None:
            situations = plain_situations(text, doc, result, self.judge)
            if situations:
                add_situations(reading, situations, text, doc, "contempt" in result.labels)
        suggestions: list[Suggestion] = []
        for approach, options in compose(reading):
            draft = self._best([d for d in options if self._is_clean(d)])
            if draft and _distinct(draft, [s.text for s in suggestions]):
                suggestions.append(Suggestion(draft, diff_edits(text, draft), approach))
            if len(suggestions) == self.max_suggestions:
                break
        if not suggestions:  # every draft kept an attack the rules could not cut out
            last = _finish(
                reading.voice,
                [_feeling_about(reading.feeling, ""), reading.voice.you("could we talk about it?")],
            )
            suggestions.append(Suggestion(last, diff_edits(text, last), "feeling"))
        return tuple(suggestions)

    def _best(self, drafts: list[str]) -> str | None:
        """The first draft the model does not flag; the first draft if it flags them all."""
        if self.judge is not None and len(drafts) > 1:
            readings = self.judge(drafts)
            unflagged = (
                d
                for d, r in zip(drafts, readings, strict=True)
                if all(r.get(label, 0.0) < 1.0 for label in FLAGGED)
            )
            return next(unflagged, drafts[0])
        return drafts[0] if drafts else None

    def _vet(self, sentences: list[str]) -> list[bool]:
        """Whether the model reads each sentence, alone, as plain (see :func:`reads_plain`)."""
        if self.judge is None:
            return [False] * len(sentences)
        return [reads_plain(reading) for reading in self.judge(sentences)]

    def _is_clean(self, draft: str) -> bool:
        """No insult, trait word, sneer, absolute or swear word survived composition."""
        forbidden = set(lexicon()["forbidden_in_suggestions"])
        doc = self.annotate_texts([draft])[0]
        if any(profane(t.word) for t in tokens_of(draft, doc)):
            return False
        return not any(c.category in forbidden for c in doc.cues)


def _default_annotator() -> Callable[[list[str]], Sequence[Annotated]]:
    patterns = load_cue_patterns()

    def annotate_texts(texts: list[str]) -> Sequence[Annotated]:
        return list(annotate(texts, patterns))

    return annotate_texts


def _distinct(text: str, others: Sequence[str]) -> bool:
    """Whether a suggestion differs from each earlier one by more than a word or two."""
    words = set(re.findall(r"\w+", text.lower()))
    for other in others:
        theirs = set(re.findall(r"\w+", other.lower()))
        if len(words ^ theirs) <= 2 or (words | theirs and len(words & theirs) / len(words | theirs) > 0.8):
            return False
    return True


# ----------------------------------------------------------------------------- composing


def _finish(voice: Voice, sentences: Sequence[str]) -> str:
    """Sentences joined into a message in the writer's voice: capitals, stops, lowercase."""
    # scare quotes are the sneer ('you were "busy"'): the suggestion says the words plainly
    plain = [re.sub(r'\s*["“”]\s*', _unquote, s) for s in sentences]
    text = tidy(" ".join(_sentence(s) for s in plain if s.strip()))
    if voice.lowercase:
        text = text.lower()
    if not voice.final_stop and text.endswith("."):
        text = text[:-1]
    return text


def _unquote(match: re.Match[str]) -> str:
    """A quote mark and the spaces round it become one space (none at the edges)."""
    return (
        " "
        if match.group(0)[:1].isspace() and match.group(0)[-1:].isspace()
        else (" " if match.group(0)[:1].isspace() or match.group(0)[-1:].isspace() else "")
    )


def _sentence(text: str) -> str:
    text = text.strip()
    if text[-1] not in ".?!":
        text += "."
    return text[0].upper() + text[1:]


def compose(reading: Reading) -> list[tuple[str, list[str]]]:
    """The drafts for a reading, best approach first: (approach, alternatives in order)."""
    voice = reading.voice
    drafts = [
        ("feeling", _feeling_drafts(reading)),
        ("request", [_request_draft(reading)]),
        ("i-statement", [_i_statement_draft(reading)]),
    ]
    return [
        (approach, [_finish(voice, sentences) for sentences in options if any(sentences)])
        for approach, options in drafts
    ]


#: sentence openers that are neither stop words nor names, so they lose their capital after
#: "Name, " like the stop words do.
_LOWER_AFTER_NAME = frozenset(
    {"let", "thanks", "thank", "sorry", "shame", "maybe", "probably", "today", "tonight", "tomorrow", "yesterday",
     "every", "please", "ok", "okay", "yes", "still", "lovely", "great", "good", "nice"}
)  # fmt: skip


def _opening(reading: Reading, sentences: list[str]) -> list[str]:
    """Address the person by the name the message used ("Graham, I feel…")."""
    if not reading.vocative or not sentences:
        return sentences
    first = sentences[0]
    opener = re.split(r"['’]", first.split(" ", 1)[0].lower())[0].rstrip(",.")
    common = (
        opener in _LOWER_AFTER_NAME
        or opener in stop_words()
        or opener in lexicon_set("imperatives")
        or (opener.endswith("ing") and len(opener) > 4)  # "Claire, letting…"
    )
    if common and not re.match(r"I\b|[A-Z][a-z]*[A-Z]|[A-Z]\w*\s+[A-Z]", first):
        first = first[:1].lower() + first[1:]  # "Claire, the school…" but "Claire, Callum tied…"
    return [f"{reading.vocative}, {first}", *sentences[1:]]


#: how many later behaviours join the first one's feeling sentence ("…, and when you …").
MAX_JOINED = 2
#: feeling sentences that take no "…, and when you …" after them ("I was counting on you to…",
#: "I'd like to understand why you…").
_NOT_JOINED = frozenset({"promised", "suggest", "why_be", "why_do"})


def _body(reading: Reading) -> list[str]:
    """Facts and behaviours in the message's order: the first behaviour becomes the feeling
    sentence and later ones join it ("I feel hurt when you X, and when you Y") so that no
    behaviour the message named is lost; after a feeling sentence that takes no "and when…"
    ("I'd like to understand why you…") they are sentences of their own."""
    voice, feeling = reading.voice, reading.feeling
    sentences: list[str] = []
    lead, joined, lead_kind = -1, 0, ""
    for item in reading.items:
        if isinstance(item, str):
            sentences.append(item)
            continue
        clause = item.when(voice)
        if lead_kind == "promised" and not joined and clause.startswith(voice.you("when you")):
            sentences[lead] += f" {clause}"  # "…, and I felt let down when you forgot"
            joined += 1
        elif lead >= 0 and clause and joined < MAX_JOINED and lead_kind not in _NOT_JOINED:
            if lead_kind.startswith("about") and clause.startswith("when "):
                clause = "that " + clause[len("when ") :]  # "…about doctors, and that you haven't phoned"
            sentences[lead] += f", and {clause}"
            joined += 1
        elif lead < 0 or not clause or lead_kind in _NOT_JOINED:
            sentences.append(item.feeling_sentence(feeling, voice))
            if lead < 0 and item.kind != "affect":
                lead, lead_kind = len(sentences) - 1, item.kind
    return sentences


def _request_after_feeling(reading: Reading) -> str:
    """The message's own request, else one that refers back to what was described instead of
    repeating it ("…when you leave it till the last minute. Could you try not to leave it
    till the last minute?" reads like a form)."""
    behaviours, voice = reading.behaviours, reading.voice
    if reading.request:
        return reading.request
    first = behaviours[0] if behaviours else None
    specific = first is not None and len(behaviours) == 1 and first.kind in SPECIFIC_AFTER_FEELING
    if first is not None and specific:
        return voice.you(AFTER_FEELING[first.kind])
    if reading.topic_request:
        return reading.topic_request
    if first is not None and len(behaviours) == 1:
        return voice.you(AFTER_FEELING.get(first.kind, "could we talk about it?"))
    return voice.you("could we talk about it?")


def _feeling_drafts(reading: Reading) -> list[list[str]]:
    """Feeling + situation + request; the second option avoids describing the behaviour."""
    feeling, voice = reading.feeling, reading.voice
    request = _request_after_feeling(reading)
    facts = reading.facts
    # the subject once: not "…about the money for the tickets. Please send me the money for the tickets"
    named = reading.subject and not names_all(reading.subject, request)
    about = f"I'm feeling {feeling} about {reading.subject}" if named else ""
    if reading.behaviours:
        # the second option avoids describing the behaviour; with nothing else to name it
        # would be a bare request, so it names what the message was about or is not offered
        topic = f"about {reading.topic}" if reading.topic else ""
        plain = (
            [
                *facts,
                voice.you(
                    f"I'm feeling {feeling} {_named_again(topic, facts) or _object_of(reading.behaviours[0], facts)}"
                ),
            ]
            if facts
            else [_feeling_about(feeling, topic)]
        )
        # several behaviours in one sentence can read as a charge sheet: the next option
        # keeps the facts and the first behaviour only
        first = [item for item in reading.items if isinstance(item, str) or item is reading.behaviours[0]]
        fewer = (
            [_opening(reading, [*_body(replace(reading, items=first)), request])]
            if len(reading.behaviours) > 1
            else []
        )
        return [_opening(reading, [*_body(reading), request]), *fewer, _opening(reading, [*plain, request])]
    if facts:
        return [
            _opening(
                reading, [*facts, f"I'm feeling {feeling} about it", _not_again_about_it(request, voice)]
            )
        ]
    return [_opening(reading, [about or _feeling_about(feeling, ""), request])]


def _named_again(about: str, facts: Sequence[str]) -> str:
    """ "about our anniversary" after facts that do not name it ("Forty-one years."), so the
    shorter suggestion still says what the behaviour was about; "" when the facts name it."""
    words = content_words(about)
    return about if words and not words & content_words(" ".join(facts)) else ""


_OBJECT_STARTS = frozenset({"our", "my", "your", "the", "his", "her", "their"})
_OBJECT_ENDS = frozenset(
    {"and", "but", "when", "to", "for", "with", "at", "in", "on", "from", "like", "because", "so", "that",
     "which", "who", "again", "before", "after", "without", "till", "until"}
)  # fmt: skip


def _object_of(behaviour: Behaviour, facts: Sequence[str]) -> str:
    """ "about our anniversary" from "forgot our anniversary": what the behaviour was done to,
    for the option that does not describe the behaviour; "about it" when it names nothing new."""
    words = behaviour.vp.split()
    if len(words) < 2 or words[1].lower() not in _OBJECT_STARTS:
        return "about it"
    phrase = list(
        itertools.takewhile(lambda w: w.lower() not in _OBJECT_ENDS and not w.endswith("ing"), words[2:7])
    )
    about = " ".join([words[1], *phrase])
    return f"about {about}" if phrase and _named_again(about, facts) else "about it"


def _feeling_about(feeling: str, about: str) -> str:
    """ "I'm feeling stressed about the budget", or "I'm feeling a bit stressed" with nothing to
    name: the last resort still says how the writer feels, never just the request."""
    return f"I'm feeling {feeling} {about}" if about else f"I'm feeling a bit {feeling}"


def _not_again_about_it(request: str, voice: Voice) -> str:
    """ "I'm feeling stressed about it. Could we talk about it?" says "about it" twice."""
    return (
        voice.you("could we talk it through?") if request == voice.you("could we talk about it?") else request
    )


def _request_draft(reading: Reading) -> list[str]:
    b = reading.behaviour
    request = reading.request or (b.request(reading.voice) if b else "")
    if not request:
        return []
    return _opening(reading, [*reading.facts, request])


def _i_statement_draft(reading: Reading) -> list[str]:
    b = reading.behaviour
    statement = b.i_statement(reading.feeling, reading.voice) if b is not None else ""
    if statement:
        return _opening(reading, [statement, *([reading.request] if reading.request else [])])
    if reading.facts:
        return _opening(reading, [*reading.facts, reading.voice.you(reading.i_statement)])
    return []


# ----------------------------------------------------------------------------- text tidying


def tidy(text: str) -> str:
    """Collapse the seams composition can leave: doubled spaces and punctuation, space before it.

    >>> tidy("I feel hurt ..  Could you call ?")
    'I feel hurt. Could you call?'
    """
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    text = re.sub(r"([,;:])\s*([.!?])", r"\2", text)
    text = re.sub(r"\.{2,}(?!\.)", ".", text)
    text = re.sub(r"([.!?])[.!?]+", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"^[,.;:\s]+", "", text)
    return text

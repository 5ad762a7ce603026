"""Cue spans as the rephraser reads them: which tokens are an attack, an absolute, a scoff.

The classifier's cue rules mark insults, trait words, mockery, absolutes and eye-rolls; its
explanations weigh the words that carried criticism or contempt. :class:`Spans` looks both up
by character offset, and :func:`clean` cuts absolutes and intensifiers from what is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from tone.nlp import Annotated
from tone.rephrase_grammar import Tok, lexicon, lexicon_set
from tone.results import ToneResult

FLAGGED = ("criticism", "contempt")
#: a clause whose evidence for criticism/contempt sums above this (log-odds) is an attack.
ATTACK_WEIGHT = 2.0
_PRAISE = frozenset({"PRAISE", "GRATITUDE", "ENCOURAGEMENT", "VALIDATION", "AFFECTION"})
_FRAMED = frozenset({"ACCUSING_QUESTION", "BLAME", "I_FEEL_JUDGEMENT"})
_TRAITS = frozenset({"YOU_TRAIT", "TRAIT_NEG", "INSULT", "YOU_INSULT"})


class Spans:
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
        self.trait = [(c.start, c.end) for c in doc.cues if c.category in _TRAITS]
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
        return any(a <= tok.start < b for a, b in spans) or (profane(tok.word) and not cuttable(tok.word))

    def repaired(self, tok: Tok) -> bool:
        return any(a <= tok.start < b for a, b in self.repair)

    def scoffed(self, tok: Tok) -> bool:
        """Inside an eye-roll or scoff ("smh", "ugh", "🙄"): cut it, keep the rest of the clause."""
        return any(a <= tok.start < b for a, b in self.scoff)

    def trait_word(self, tok: Tok) -> bool:
        """Inside a trait or insult said of the person ("you're so controlling", "rude")."""
        return any(a <= tok.start < b for a, b in self.trait)

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


def cuts_negation(toks: Sequence[Tok]) -> bool:
    """Whether :func:`clean` would cut a "never" that carries the clause's meaning: "players
    that will never be any good" must not become "players that will be any good". Callers
    that read the negation themselves (``you never X`` → ``you don't X``) strip it first."""
    return any(t.word in lexicon_set("never") for t in toks)


def handle(text: str) -> bool:
    """An @mention or a link: who a post is addressed to or where it points, not what it says."""
    return text.startswith("@") or "://" in text or text.startswith("www.")


def profane(word: str) -> bool:
    """A swear word: never part of a suggestion, whatever the cues say ("your sexy ass" is no
    subject). Most are read as an attack (:meth:`Spans.dropped`); the ones that only
    intensify are cut like "really" (:func:`cuttable`)."""
    return word in lexicon_set("profanity")


def cuttable(word: str) -> bool:
    """A swear word that only intensifies: "why the fucking hell" → "why", "bloody late" → "late"."""
    return word in lexicon_set("profane_intensifiers")


def clean(toks: Sequence[Tok], spans: Spans) -> list[Tok]:
    """Tokens minus absolutes ("always", "for once"), intensifiers ("even", "literally") and
    swear words ("fucking")."""
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
        cut = (
            tok.word in singles
            or cuttable(tok.word)
            or handle(tok.text)
            or (spans.repaired(tok) and tok.word != "you")
        )
        if cut and not _manner(tok.word, words[:i]):
            drop.add(i)
        follower = toks[i + 1].word if i + 1 < len(toks) else ""
        if tok.word == "single" and i and toks[i - 1].word == "every" and follower not in ("time", "day"):
            drop.discard(i - 1)  # "every single conversation" → "every conversation"
            drop.add(i)
    kept = [t for i, t in enumerate(toks) if i not in drop]
    return _when_for_every_time(toks, words, kept)


def _manner(word: str, before: list[str]) -> bool:
    """ "take anything I say *seriously*": an intensifier that is the verb's manner here."""
    return word == "seriously" and bool({"take", "takes", "taking", "took", "taken"} & set(before))


_WHEN_SUBJECTS = frozenset({"i", "you", "we", "he", "she", "they", "my", "your", "our", "the", "someone"})


def _when_for_every_time(toks: Sequence[Tok], words: list[str], kept: list[Tok]) -> list[Tok]:
    """ "you yell every single time I drive" → "you yell when I drive", "Every time we plan
    something it's…" → "When we plan something it's…": the cut absolute was also the conjunction."""
    for i in range(len(words) - 2):
        length = (
            3
            if words[i : i + 3] == ["every", "single", "time"]
            else 2
            if words[i : i + 2] == ["every", "time"]
            else 0
        )
        if length and i + length < len(words) and words[i + length] in _WHEN_SUBJECTS:
            after = toks[i + length]
            # at the start, only before a main clause: "Every time we plan something, it's…"
            leads = i == 0 and bool(set(words[i + length + 2 :]) & (_WHEN_SUBJECTS | {"it"}))
            if after in kept and (leads or (i > 0 and toks[i - 1] in kept)):
                at = kept.index(after)
                when = Tok("when", "when", toks[i].start, toks[i + length - 1].end)
                return [*kept[:at], when, *kept[at:]]
    return kept


def strip_openers(toks: list[Tok]) -> list[Tok]:
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

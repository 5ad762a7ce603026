"""What an attack still says about the situation, once the attack itself is dropped.

"You were so rude to my sister at lunch" attacks the person, but it is also about lunch with
the sister; "thanks SO much for leaving me one square of loo roll" mocks, but it is about the
loo roll; "I feel like you never listen" judges, but names a behaviour. The rephraser drops
the trait, the mockery and the judgement and keeps what they were about, so the suggestion
still says what happened:

- :func:`trait_situation`: the prepositional tail of a trait clause ("… about the budget");
- :func:`thanks_situation`: what a sarcastic thank-you was for;
- :func:`judged_clause`: the "you …" clause inside "I feel like you …";
- :func:`sneer_subject`: what a sarcastic fragment held up ("A 65-inch television.");
- :func:`topic_subject`: a topic noun with its determiner ("the budget"), the last resort.
"""

from __future__ import annotations

from collections.abc import Sequence

from tone.rephrase_behaviour import Behaviour
from tone.rephrase_cues import Spans, clean
from tone.rephrase_grammar import Tok, base_form, ing_form, lexicon, render, topic_words

_THANKS = (("thanks",), ("thank", "you"), ("thx",), ("ty",), ("cheers",))
_THANKS_FILLERS = frozenset({"so", "very", "much", "a", "lot", "soooo", "sooo", "soo", "for", "all"})
#: verbs a sarcastic thank-you inverts ("thanks for remembering" = you forgot): keep the object.
_INVERTED = frozenset(
    {"remember", "help", "let", "tell", "include", "invite", "come", "show", "ask", "reply", "call",
     "join", "wait", "check", "think", "be", "make", "notice", "support", "listen", "warn", "answer"}
)  # fmt: skip
POSSESSIVES = frozenset({"the", "my", "your", "our", "this", "that", "his", "her", "their", "these", "those"})
_FEEL = frozenset({"feel", "felt", "think", "thought", "reckon", "feels"})
_BEFORE_FEEL = frozenset(
    {"just", "really", "honestly", "do", "kinda", "sometimes", "genuinely", "still", "always", "'m", "am"}
)
_JUDGED_LINKS = frozenset({"like", "that", "as", "if", "just", "really", "sometimes", "honestly", "kinda"})


def trait_situation(toks: Sequence[Tok], spans: Spans, text: str) -> Behaviour | None:
    """ "you're so controlling about the budget" → about *the budget*; "you were so rude to my
    sister at lunch" → about *the way you spoke to my sister at lunch*."""
    marked = [i for i, t in enumerate(toks) if spans.trait_word(t)]
    if not marked:
        return None
    tail = _until_attack(toks[marked[-1] + 1 :], spans)
    tail = clean(tail, spans)
    if [t.word for t in tail[:2]] == ["not", "to"] and len(tail) > 2:
        return Behaviour("never", render(tail[2:], text))  # "typical of you not to answer"
    if tail and tail[0].word == "to" and len(tail) > 1 and toks[marked[-1]].word == "you":
        return Behaviour("always", render(tail[1:], text))  # "so typical of you to forget"
    if len(tail) < 2 or tail[0].word not in _TRAIT_LINKS:
        return None
    trait = {t.word for t in toks[: marked[-1] + 1]}
    past = bool(trait & {"were", "was"})
    link, rest = tail[0].word, render(tail[1:], text)
    if trait & set(lexicon()["manner_traits"]) and link in _MANNER:
        verb = _MANNER[link][past]
        return Behaviour("about_past" if past else "about", f"the way you {verb} {rest}")
    if link in ("about", "with", "over", "around", "regarding"):
        return Behaviour("about_past" if past else "about", rest)
    if link in ("when", "whenever"):
        return Behaviour("about_past" if past else "about", f"what happens when {rest}")
    return None


_TRAIT_LINKS = frozenset(
    {"about", "with", "over", "around", "regarding", "to", "towards", "when", "whenever"}
)
#: "rude to X" → "the way you talk to X" (present, past).
_MANNER = {
    "to": ("talk to", "spoke to"),
    "towards": ("talk to", "spoke to"),
    "with": ("talk to", "spoke to"),
    "about": ("talk about", "talked about"),
    "around": ("act around", "acted around"),
    "when": ("react when", "reacted when"),
    "whenever": ("react when", "reacted when"),
}


def thanks_situation(toks: Sequence[Tok], spans: Spans, text: str) -> Behaviour | None:
    """ "Thanks SO much for leaving me the one square of loo roll" → about *you leaving me the
    one square of loo roll*; "thank you for the diet advice" → about *the diet advice*."""
    words = [t.word for t in toks]
    opener = next((o for o in _THANKS if tuple(words[: len(o)]) == o), None)
    if opener is None:
        return None
    i = len(opener)
    while i < len(toks) and words[i] in _THANKS_FILLERS and words[i - 1] != "for":
        i += 1
    if i >= len(toks) or words[i - 1] != "for":
        return None
    rest = clean(_until_attack(toks[i:], spans), spans)
    if not rest or not rest[0].is_word:
        return None
    if rest[0].word.endswith("ing") and base_form(rest[0].word) != rest[0].word:
        if base_form(rest[0].word) in _INVERTED:
            rest = rest[1:]
            if not rest or rest[0].word not in POSSESSIVES:
                return None
            return Behaviour("about_past", render(rest, text))
        return Behaviour("about_past", f"you {render(rest, text)}")
    if rest[0].word in POSSESSIVES and len(rest) > 1:
        return Behaviour("about_past", render(rest, text))
    return None


def mocked_situation(toks: Sequence[Tok], spans: Spans, text: str) -> Behaviour | None:
    """ "must be nice to finish at 3 every day" → about *you finishing at 3 every day*; "nice of
    you to show up for the last five minutes" → about *you showing up for the last five minutes*."""
    words = [t.word for t in toks]
    for at, frame in ((at, frame) for at in range(min(3, len(words))) for frame in _MOCK_FRAMES):
        if tuple(words[at : at + len(frame)]) == frame:
            rest = clean(_until_attack(toks[at + len(frame) :], spans), spans)
            if len(rest) < 2 or not rest[0].word.isalpha() or rest[0].word in _NOT_VERBS_AFTER_TO:
                return None
            verb = rest[0].word if rest[0].word.endswith("ing") else ing_form(rest[0].word)
            if base_form(rest[0].word) in _INVERTED:  # "how kind of you to let us know": you didn't, really
                return Behaviour("about_past", f"how you went about {verb} {render(rest[1:], text)}")
            return Behaviour("about_past", f"you {verb} {render(rest[1:], text)}")
    return None


_MOCK_FRAMES = tuple(
    tuple(f.split())
    for f in ("must be nice to", "must be lovely to", "must be nice", "must be lovely", "nice of you to",
              "how nice of you to", "how kind of you to", "kind of you to", "good of you to", "glad you could",
              "nice of you to finally", "so nice of you to")
)  # fmt: skip
_NOT_VERBS_AFTER_TO = frozenset({"the", "a", "an", "be", "have", "not", "you", "me", "it", "that", "this"})


_WHY_FRAMES = (
    ("why", "is", "it", "that"),
    ("how", "come"),
    ("why", "is", "it"),
    ("is", "it", "just", "me", "or"),
)


def judged_clause(toks: list[Tok]) -> list[Tok]:
    """ "I just feel like you never listen" → "you never listen"; "why is it that you only…" →
    "you only…" (empty when it is not one)."""
    words = [t.word for t in toks]
    for frame in _WHY_FRAMES:  # "why is it that you only notice…" → "you only notice…"
        if tuple(words[: len(frame)]) == frame and words[len(frame) : len(frame) + 1] == ["you"]:
            return toks[len(frame) :]
    if words[:2] == ["it", "feels"] or words[:3] == ["it", "'s", "like"]:
        words, toks = ["i", *words[1:]], [toks[0], *toks[1:]]  # "it feels like you…" reads as "I feel…"
        if words[2] == "like":
            words[1] = "feel"
    if not words or words[0] != "i":
        return []
    for i, word in enumerate(words[1:5], start=1):
        if word in _FEEL:
            if not set(words[1:i]) <= _BEFORE_FEEL:
                return []  # "I was starting to think you'd emigrated": a sneer, not a judgement
            j = i + 1
            while j < len(words) and words[j] in _JUDGED_LINKS:
                j += 1
            if j < len(words) - 1 and words[j] == "you":
                return toks[j:]
            return []
    return []


def sneer_subject(toks: Sequence[Tok], spans: Spans, text: str) -> str:
    """The thing a sarcastic fragment holds up, as a subject to talk about: "A 65-inch
    television." → *the 65-inch television*; "Loving the damp towel on my pillow" → *the damp
    towel on my pillow*; "Leaving for a startup, Lucy?" → *you leaving for a startup*."""
    toks = list(toks)
    while toks and (toks[0].word in PRAISE_OPENERS or not toks[0].is_word or spans.dropped(toks[0])):
        toks = toks[1:]
    toks = clean(_until_attack(toks, spans), spans)
    words = [t.word for t in toks]
    if not 2 <= len(words) <= 9 or set(words) & _VERBISH:
        return ""
    if words[0] in ("a", "an"):
        return f"the {render(toks[1:], text)}"
    if words[0] in POSSESSIVES or words[0] == "another":
        return f"{words[0]} {render(toks[1:], text)}"
    if (
        words[0].endswith("ing")
        and base_form(words[0]) != words[0]
        and words[1] in _AFTER_VERB  # "deleting the slide", "leaving for…"; not "colouring pens"
    ):
        return f"you {toks[0].word} {render(toks[1:], text)}"
    return ""


PRAISE_OPENERS = frozenset(
    {"loving", "love", "loved", "lovely", "nice", "great", "brilliant", "wonderful", "fantastic", "perfect",
     "amazing", "genius", "move", "wow", "oh", "ah", "ooh", "well", "done", "i", "really", "just", "so", "and",
     "gosh", "goodness", "finally", "yes", "aye", "of", "course", "classic", "typical", "cool", "wee", "sure"}
)  # fmt: skip
_AFTER_VERB = frozenset(
    {"the", "a", "an", "my", "your", "our", "his", "her", "their", "for", "to", "with", "on", "in", "at", "out",
     "up", "off", "me", "us", "him", "them", "it", "this", "that", "all", "every", "into", "over", "around"}
)  # fmt: skip
_VERBISH = frozenset(
    {"is", "are", "was", "were", "'s", "has", "have", "had", "will", "can", "could", "would", "did", "do",
     "does", "you", "i", "we", "'re", "'ve", "'ll", "'d", "am", "'m", "should", "must", "might", "be",
     "s", "re", "ve", "ll"}  # the clitics of texting spellings: "thats", "youre", "theyve", "itll"
)  # fmt: skip


def topic_subject(toks: Sequence[Tok], spans: Spans, text: str) -> str:
    """The first topic noun the message names outside an attack, with its determiner ("the
    budget", "my birthday"): what the message was about when nothing else survives."""
    topics = topic_words()
    nouns = set(lexicon()["subject_nouns"])
    for i, tok in enumerate(toks[1:], start=1):
        before = toks[i - 1]
        if (
            tok.word in topics
            and tok.word in nouns
            and before.word in POSSESSIVES
            and not spans.dropped(tok)
            and not spans.dropped(before)
            and not of_attack(toks, i - 1, spans)
        ):
            after = toks[i + 1] if i + 1 < len(toks) else None
            compound = after is not None and _compound_noun(after, topics) and not spans.dropped(after)
            rendered = render([before, tok, *([after] if compound and after else [])], text)
            return rendered[:1].lower() + rendered[1:]  # "about your porridge", mid-sentence
    return ""


def of_attack(toks: Sequence[Tok], i: int, spans: Spans) -> bool:
    """Whether the phrase starting at ``toks[i]`` hangs off an attack by a preposition: "the
    genius *of the family*", "a clown *with a degree*" — it belongs to the insult."""
    return i > 1 and toks[i - 1].word in _ATTACHING and spans.dropped(toks[i - 2])


_ATTACHING = frozenset({"of", "with", "in", "from", "at", "on", "for"})


def _compound_noun(tok: Tok, topics: frozenset[str]) -> bool:
    """ "code *reviews*", "birthday *dinner*": a second noun that belongs to the first."""
    word = tok.word
    if not word.isalpha() or word in _NOT_NOUNS:
        return False
    return word in topics or (word.endswith("s") and len(word) > 3)


_NOT_NOUNS = frozenset({"is", "was", "has", "does", "this", "his", "its", "as", "us", "yes", "always", "thanks",
                        "goes", "says", "seems", "looks", "gets", "makes", "takes", "keeps", "needs"})  # fmt: skip


def _until_attack(toks: Sequence[Tok], spans: Spans) -> list[Tok]:
    """The tokens up to the next attack cue."""
    kept: list[Tok] = []
    for tok in toks:
        if spans.dropped(tok):
            break
        kept.append(tok)
    return kept

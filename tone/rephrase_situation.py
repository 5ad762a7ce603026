"""The situation behind a sneer, for messages where no behaviour or fact survived reading.

"Ollie, this is the third sprint in a row the migration ticket has slipped. I'm starting to
wonder whether deadlines mean anything to you." reads as criticism, and the strict reading in
:mod:`tone.rephrase_reading` drops both of its clauses, so a suggestion built from nothing
could only say "I'm feeling a bit concerned" — true, but the point is lost. The first
clause *is* the point: said plainly, with the feeling and a request after it, it is the
gentle start-up the message could have been.

So each clause is read again, more leniently: with its openers ("oh good"), absolutes and
intensifiers cut, a clause that states something about someone or something ("the
migration ticket has slipped", "you found the bug after three days", "Nisha lives twenty
minutes away") is kept — but only if the model itself scores it, alone, as neither
criticism nor contempt. The model has learned which plain-looking sentences are sarcasm;
word rules cannot list them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from tone.nlp import Annotated
from tone.rephrase_cues import Spans, clean, cuts_negation, strip_openers
from tone.rephrase_facts import dangles, sarcastic_openings, sentence_case, starts_with, verdict_sentence
from tone.rephrase_grammar import (
    AUXILIARIES,
    SUBJECTS,
    Clause,
    Tok,
    clauses_of,
    is_past,
    lexicon_set,
    render,
    stop_words,
    tokens_of,
)
from tone.results import ToneResult

#: the model's reading of texts: per label, its probability as a share of the label's
#: threshold (a label fires at 1.0).
Judge = Callable[[list[str]], Sequence[Mapping[str, float]]]

FLAGGED = frozenset({"criticism", "contempt"})
#: how far below its threshold a restated clause must stay: a sneer said plainly still
#: reads half as sneering ("You found the dishwasher." after "Well done, …"), a fact does not.
PLAIN_MARGIN = 0.6
#: at most this many plain clauses are kept: a suggestion restates, it does not retell.
MAX_SITUATIONS = 2
_MIN_WORDS = 3
_MIN_CONTENT_WORDS = 2
#: who or what a plain clause can be about; "I…" clauses in a sneer are the sneer
#: ("I'll just narrate my day to the salt grinder", "I may need to sit down").
_STARTS = (SUBJECTS - {"i"}) | frozenset(
    {
        "the",
        "a",
        "an",
        "our",
        "his",
        "her",
        "their",
        "its",
        "it's",
        "everyone",
        "someone",
        "nobody",
        "ur",
    }
)
#: first words that do not name who or what a clause is about (besides the lexicon's
#: imperatives): question words, conjunctions and fillers ("Try to keep up", "Why bother", "Just saying").
_NOT_NAMES = frozenset(
    {"i", "don't", "do", "dont", "maybe", "perhaps", "let", "please", "just", "yeah", "yes", "no", "nah", "well", "why", "what", "how", "who", "where", "when", "if", "because", "so", "but",
     "and", "or", "then", "also", "too", "only", "even", "still", "sorry", "thanks", "thank", "fuck", "enjoy",
     "good", "great", "nice", "lovely", "cute", "sure", "bless", "congrats", "welcome", "wow", "oh", "ah", "lol"}
)  # fmt: skip
_CLITICS = frozenset({"'s", "'re", "'ve", "'ll", "'d", "'m"})


def plain_situations(text: str, doc: Annotated, result: ToneResult, judge: Judge) -> list[str]:
    """The message's clauses that state a situation plainly, in order, as sentences."""
    toks = tokens_of(text, doc)
    spans = Spans(doc, result)
    clauses = clauses_of(toks)
    # a sentence that opens marvelling ("Wow, you remembered the bins") praises as a sneer:
    # what "you" did there is the sarcasm's vehicle, not the situation
    marvelled = {c.sentence for c in clauses if c.toks[0].word in lexicon_set("marvel_openers")}
    candidates = [
        said
        for i, clause in enumerate(clauses)
        if _opens(clauses, i, text, spans)
        and not (clause.sentence in marvelled and clause.toks[0].word == "you")
        and (said := _plain(clause, spans, text))
    ]
    if not candidates:
        return []
    readings = judge(candidates)
    return [c for c, reading in zip(candidates, readings, strict=True) if reads_plain(reading)][
        :MAX_SITUATIONS
    ]


def _insult_vocative(clause: Clause, spans: Spans) -> bool:
    """ "you lazy article", "you absolute muppet": "you", a few words, an attack among them and
    no verb — a name called, which is dropped, not a clause the one before leans on."""
    words = clause.words
    return (
        words[0] == "you"
        and 2 <= len(words) <= 4
        and any(spans.dropped(t) or spans.trait_word(t) for t in clause.toks[1:])
        and not any(w in AUXILIARIES or w in _CLITICS for w in words[1:])
    )


def reads_plain(reading: Mapping[str, float]) -> bool:
    """Far from criticism and contempt, and from praise too: praise in a sneer is sarcasm
    ("Your speech was a triumph."), and restated it would sit oddly before a hurt feeling."""
    return all(reading.get(label, 0.0) < PLAIN_MARGIN for label in (*FLAGGED, "support"))


def _opens(clauses: Sequence[Clause], index: int, text: str, spans: Spans) -> bool:
    """The clause is the rest of its sentence, from its start or after only a name ("Claire,
    the school…") or a colon: a clause after "so" or "and" leans on the one before ("…so
    there's no confusion"), and one with more of its sentence after it is half a thought
    ("if you think it's blue" before ", you're stupid") — unless all that follows is a name
    the writer called the reader ("…since Tuesday, you lazy article")."""
    rest = [c for c in clauses[index + 1 :] if c.sentence == clauses[index].sentence]
    if rest and not (len(rest) == 1 and _insult_vocative(rest[0], spans)):
        return False
    if index == 0 or clauses[index - 1].sentence != clauses[index].sentence:
        return True
    before = clauses[index - 1]
    if text[: clauses[index].toks[0].start].rstrip()[-1:] in (":", "—", "–", ";"):
        return True  # "Let me explain it slowly for you: the bin goes out on Tuesday."
    starts = index == 1 or clauses[index - 2].sentence != before.sentence
    return starts and len(before.toks) <= 2 and all(t.text[:1].isupper() for t in before.toks if t.is_word)


def _plain(clause: Clause, spans: Spans, text: str) -> str:
    """One clause said plainly, or "" when it is a question, an attack or no statement."""
    if clause.end == "?":
        return ""  # a question in a flagged message is rhetorical: it carries the attack
    if cuts_negation(clause.toks):
        return ""
    opened = strip_openers(list(clause.toks))
    if any(spans.scoffed(t) or spans.dropped(t) for t in opened):
        return ""  # cutting a sneer out of the middle leaves a broken clause ("…Callum was")
    kept = clean(opened, spans)
    if kept and not kept[-1].is_word:
        kept = kept[:-1]
    words = [t.word for t in kept]
    if len(words) < _MIN_WORDS or not _states(kept) or not _has_verb(words):
        return ""
    if verdict_sentence(words):
        return ""  # "that's a sensible plan", "it's very rude": a verdict, not a situation
    if dangles(opened, kept):
        return ""  # "the smell of it is soo …", "will be one entire …": the cut word was the point
    if starts_with(
        words, [*sarcastic_openings("sarcastic_openings"), *sarcastic_openings("sarcastic_always")]
    ):
        return ""
    if sum(1 for w in words if w.isalpha() and w not in stop_words()) < _MIN_CONTENT_WORDS:
        return ""
    return sentence_case(render(kept, text))


def _states(kept: Sequence[Tok]) -> bool:
    """The clause opens with who or what it is about: a pronoun, a determiner, a name or a
    noun ("Deflections don't help…") — not an imperative, an "-ing" or an "-ly" ("Loving the
    damp towel…", "Truly swept off my feet"), and not "I" (the writer's own sarcastic aside)."""
    first = kept[0]
    if first.word in _STARTS:
        return True
    if first.word == "i":  # "I told you the meeting was at nine" is a fact; "I'll just…" a sneer
        return len(kept) > 1 and kept[1].word not in AUXILIARIES and is_past(kept[1].word)
    return (
        first.word.isalpha()
        and first.word not in _NOT_NAMES
        and first.word not in lexicon_set("imperatives")
        and not first.word.endswith(("ing", "ly"))
    )


def _has_verb(words: Sequence[str]) -> bool:
    """A finite verb somewhere after the first word: "the boots are…", "Nisha lives…" (a
    verbless aside — "The birthday plan." — is where sarcasm hides)."""
    return any(
        w in AUXILIARIES or w in _CLITICS or (w.endswith(("ed", "s")) and w not in stop_words())
        for w in words[1:]
    )

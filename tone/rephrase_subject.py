"""What a message is about, as a noun phrase to name in a suggestion.

When nothing of a flagged message survives as a behaviour, a fact or a request, the
suggestion can still say what it was about: "I'm feeling worn out about the wee trail of mud
from the back door" keeps the point of "Lovely wee trail of mud from the back door right to
the kettle. Did you want a medal…?" where "I'm feeling a bit hurt" keeps nothing. Without a
tagger, nouns are guessed from what they are not (stop words, common verbs, "-ly" words,
cue words); a phrase is a run of them after a determiner or a number, with the
prepositional phrases that follow it ("of mud", "from the back door", "at 1am on a school
night"), or the object of an "-ing" verb that opens a sentence ("blasting music at 1am").

- :func:`noun_phrase`: the first short noun phrase outside any attack ("the title of this post");
- :func:`phrase_subject`: the richest noun phrase of the message, with its prepositional tail.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from tone.rephrase_cues import Spans, clean, handle, profane, strip_openers
from tone.rephrase_grammar import (
    AUXILIARIES,
    CONJUNCTIONS,
    Tok,
    base_form,
    clauses_of,
    lexicon,
    lexicon_set,
    render,
    stop_words,
    topic_words,
)
from tone.rephrase_salvage import POSSESSIVES, PRAISE_OPENERS, of_attack

#: words that cannot head a noun phrase: nouns that say nothing ("the way", "the time") and
#: adjectives ("the great …" is cut short).
_NOT_HEADS = frozenset(
    {"way", "time", "thing", "things", "point", "fact", "reason", "problem", "issue", "one", "ones", "same",
     "rest", "lot", "bit", "end", "kind", "sort", "type", "people", "guy", "guys", "person", "man", "woman",
     "size", "number", "amount", "part", "side", "level", "middle", "top", "bottom", "front", "back", "idea",
     "great", "good", "bad", "whole", "new", "old", "big", "little", "last", "first", "next", "other", "only",
     "real", "best", "worst", "deep", "nice", "fine", "lovely", "huge", "tiny", "long", "short", "high", "low",
     "full", "empty", "right", "wrong", "sure", "late", "early", "fault"}
)  # fmt: skip
_OF = frozenset({"of", "in", "on", "for", "about", "from", "at", "with"})
_DEGREE = frozenset({"not", "is", "was", "so", "be", "been", "are", "isn't", "it's", "its", "that's", "all"})
_MAX_PHRASE = 6


def noun_phrase(toks: Sequence[Tok], spans: Spans, text: str) -> str:
    """The first plain noun phrase outside any attack ("the title of this post", "your
    question"): what a message was about when nothing else of it survives, so the last-resort
    suggestion can still name it ("I'm feeling frustrated about the title of this post").

    Without a tagger a noun is guessed: a run of one to three words after a determiner, none a
    stop word, an "-ing", "-ly" or "-ed" form, or inside a cue; "of this post" may follow.
    """
    for i, tok in enumerate(toks[:-1]):
        if tok.word not in POSSESSIVES or spans.dropped(tok) or of_attack(toks, i, spans):
            continue
        if tok.word in ("that", "this") and i and toks[i - 1].word in _DEGREE:
            continue  # "not that deep", "is this serious": a degree, not a thing
        if tok.word in ("that", "this") and toks[i + 1].word in ("s", "'s", "is"):
            continue  # "thats crazy": a verdict, not a thing
        before = [t.word for t in toks[max(i - 2, 0) : i]]
        if before[-1:] == ["than"] or before in (["much", "like"], ["just", "like"]):
            continue  # "much like your quick coffees…", "…than your Xbox": the comparison is the sneer
        head = _noun_run(toks[i + 1 :], spans)
        if not head or head[-1].word in _NOT_HEADS or head[-1].word.endswith(_ADJECTIVE_ENDINGS):
            continue
        if tok.word in ("that", "this") and head[-1].word.endswith("s") and not head[-1].word.endswith("ss"):
            continue  # "that infection rates…": "that" is a conjunction before a plural
        if i + 1 + len(head) < len(toks) and profane(toks[i + 1 + len(head)].word):
            continue  # "your sexy ass": the head is the swear word
        phrase = [tok, *head]
        after = toks[i + 1 + len(head) :]
        if len(after) > 2 and after[0].word in _OF and after[1].word in POSSESSIVES:
            tail = _noun_run(after[2:], spans)
            if tail and len(phrase) + 2 + len(tail) <= _MAX_PHRASE:
                phrase += [after[0], after[1], *tail]
        rendered = render(phrase, text)
        return rendered[:1].lower() + rendered[1:] if tok.word in POSSESSIVES else rendered
    return ""


def _noun_run(toks: Sequence[Tok], spans: Spans) -> list[Tok]:
    run: list[Tok] = []
    for tok in toks[:2]:
        word = tok.word
        if (
            not word.isalpha()
            or word in stop_words()
            or word in lexicon_set("common_verbs")
            or word in lexicon_set("address_terms")
            or word in lexicon_set("interjections")
            or word.endswith(("ing", "ly", "ed"))
            or spans.dropped(tok)
            or spans.repaired(tok)
            or word in lexicon_set("intensifiers")
        ):
            break
        run.append(tok)
    return run


#: prepositions that attach a phrase to the noun before it ("trail *of* mud *from* the door").
_PREPOSITIONS = frozenset(
    {"of", "on", "from", "at", "in", "to", "with", "for", "after", "before", "during", "since", "over",
     "under", "behind", "outside", "across", "into", "around", "near"}
)  # fmt: skip
_DETERMINERS = POSSESSIVES | {"a", "an", "another", "ur", "some"}
#: first words of a question that asks nothing (a rhetorical question carries the sneer: "Did
#: you want a medal for finding the kitchen?") or of an exclamation ("What a visionary").
_RHETORICAL = AUXILIARIES | {"what", "why", "how", "who", "where", "when", "which", "whose"}
_NEGATIONS = frozenset({"no", "not", "nah", "nope"})
#: stop words that still modify a noun ("the *back* door", "my *own* team"); never heads.
_MODIFIERS = frozenset(
    {"back", "front", "top", "bottom", "last", "next", "first", "whole", "own", "third", "other"}
)
_MAX_TOKENS = 10
_MIN_CONTENT = 2


def phrase_subject(toks: Sequence[Tok], spans: Spans, text: str, images: frozenset[str] | None = None) -> str:
    """The longest noun phrase of the first clause that has one, with its prepositional tail:
    "the wee trail of mud from the back door", "you blasting music at 1am on a school night",
    "£240 on a gaming chair"; "" when there is none. The first clause, not the whole message:
    a sneer's situation tends to come before its embellishment ("Impressive slide deck, Steve.
    I didn't know they still made clip art."). ``images``: :func:`compared_words` of the
    message, when the caller has them already."""
    clauses = clauses_of(toks)
    images = compared_words(toks) if images is None else images
    for index, clause in enumerate(clauses):
        if clause.toks[0].word in _RHETORICAL:
            continue
        opened = strip_openers(list(clause.toks))
        cut = clause.toks[: len(clause.toks) - len(opened)]
        body = _before_comparison(
            _compounds([t for t in clean(opened, spans) if not spans.scoffed(t) and t.text not in _QUOTES])
        )
        if not body:
            continue
        opens = index == 0 or clauses[index - 1].sentence != clause.sentence
        gerund = not cut and opens and _gerund(body[0])
        bare = gerund or (body[0].text[:1].islower() and not {t.word for t in cut} & _NEGATIONS)
        phrases = [_chain(body, i, spans, gerund and i == 0, bare and i == 0) for i in range(len(body))]
        best = max(phrases, key=_content)  # the first of the longest
        if _content(best) and not {t.word for t in best} & images:
            return _as_subject(best, gerund and best[0] is body[0], text)
    return ""


def compared_words(toks: Sequence[Tok]) -> frozenset[str]:
    """The words of every comparison's image ("it's like talking to a brick wall"): a later
    fragment that names it again ("A brick wall with opinions…") carries the same sneer."""
    words: set[str] = set()
    for clause in clauses_of(toks):
        cut = _before_comparison(list(clause.toks))
        words |= {t.word for t in clause.toks[len(cut) :] if t.word.isalpha() and t.word not in stop_words()}
    return frozenset(words)


def _before_comparison(body: list[Tok]) -> list[Tok]:
    """The clause up to a comparison: what follows "than" or "it's like" is the sneer's image
    ("…less important than your Xbox", "It's like talking to a goldfish", "much like your
    quick coffees")."""
    for i, tok in enumerate(body):
        if tok.word == "than" or (tok.word == "like" and i and body[i - 1].word in _BEFORE_LIKE):
            return body[:i]
    return body


_BEFORE_LIKE = frozenset(
    {
        "'s",
        "s",
        "is",
        "was",
        "be",
        "'re",
        "re",
        "are",
        "much",
        "just",
        "more",
        "look",
        "looks",
        "feels",
        "sounds",
    }
)


def _compounds(body: list[Tok]) -> list[Tok]:
    """Words joined by hyphens as one token ("700-page", "Sherlock-level", "thirty-five")."""
    merged: list[Tok] = []
    for tok in body:
        if len(merged) >= 2 and merged[-1].text == "-" and _glued(merged[-2], merged[-1], tok):
            first = merged[-2]
            merged[-2:] = [Tok(f"{first.text}-{tok.text}", f"{first.word}-{tok.word}", first.start, tok.end)]
        else:
            merged.append(tok)
    return merged


def _chain(body: Sequence[Tok], i: int, spans: Spans, gerund: bool, bare: bool) -> list[Tok]:
    """The phrase starting at ``body[i]``: [-ing verb] determiners/numbers, a noun run, then
    prepositional phrases while they parse; [] when none starts there. ``bare``: a noun may
    open it without a determiner (at the clause's start in lower case, "wee trail of mud", or
    after the "-ing" verb, "blasting music"); mid-clause a bare word is as often a verb.
    """
    if i and (_determiner(body[i - 1]) or (_nounish(body[i - 1], spans) and not _determiner(body[i]))):
        return []  # a phrase starts where its determiners start, not inside a noun run
    if i and body[i - 1].word in ("not", "no"):
        return []  # "a B, not a death sentence": what it is not is the sneer's image
    if of_attack(body, i, spans):
        return []  # "the genius of the family": the phrase belongs to the insult
    j = i + 1 if gerund else i
    start = j
    j = _noun_group(body, j, spans, bare=bare)
    if j == start:
        return []
    while j + 1 < len(body) and body[j].word in _PREPOSITIONS and not spans.dropped(body[j], framed=True):
        end = _noun_group(body, j + 1, spans, bare=True, after_preposition=True)
        if end == j + 1 or end - i > _MAX_TOKENS:
            break
        j = end
    phrase = list(body[i:j])
    if not gerund and not _determiner(body[i]) and _content(phrase) < _MIN_CONTENT:
        return []  # one bare word ("Sorry", "busy", "act") is as likely no noun at all
    return phrase


def _noun_group(
    body: Sequence[Tok], j: int, spans: Spans, bare: bool, after_preposition: bool = False
) -> int:
    """Where a determiner/number + noun run starting at ``j`` ends (``j`` if there is none).
    ``bare``: a noun may come first without a determiner ("music", "mud")."""
    k = j
    while k < len(body) and k - j < 2 and _determiner(body[k]) and not spans.dropped(body[k], framed=True):
        if _lone_determiner(body, k):
            return j
        k += 1
    if k == j and not bare:
        return j
    run_start = k
    while k < len(body) and k - run_start < 4 and _nounish(body[k], spans):
        k += 1
    if k < len(body) and profane(body[k].word):
        return j  # "your sexy ass": the head is the swear word
    while k > run_start and not _head(body[k - 1]):
        k -= 1  # "a gaming chair", not "a gaming"; "the great", never
    if (
        k - run_start > 1
        and body[k - 1].word.endswith("s")
        and base_form(body[k - 1].word) in lexicon_set("common_verbs")
    ):
        k -= 1  # "how an overdraft works": the verb after the noun
    numbers = run_start > j and all(_number(t) for t in body[j:run_start])
    if k == run_start and numbers and (after_preposition or j == 0):
        return run_start  # "at 1am", "by 4pm", "£85 (on a phone case)": a time or a sum is a whole phrase
    return k if k > run_start else j


def _glued(*toks: Tok) -> bool:
    """Written with no space between ("700-page")."""
    return all(a.end == b.start for a, b in pairwise(toks))


def _determiner(tok: Tok) -> bool:
    return tok.word in _DETERMINERS or _number(tok)


def _lone_determiner(body: Sequence[Tok], k: int) -> bool:
    """ "ur mad", "thats sweet", "ur gonna": "ur" and "that" are "you're" and "that's" here.
    Without a tagger "ur" is read as "your" only before a plural, a known noun or two words
    that can be nouns, before a noun and its verb, or after a preposition ("ur jokes", "ur
    phone", "ur new gf", "ur opinion has…", "in ur life")."""
    word, after = body[k].word, body[k + 1].word if k + 1 < len(body) else ""
    if word not in ("ur", "that", "this"):
        return False
    if after in _CLITIC_WORDS:
        return True
    if word in ("that", "this") and after.endswith("s") and not after.endswith("ss"):
        return True  # "that infection rates…": a conjunction before a plural
    if word != "ur":
        return False
    if k and body[k - 1].word in _PREPOSITIONS:
        return False  # "once in ur life"
    then = body[k + 2].word if k + 2 < len(body) else ""
    known = after.endswith("s") or after in lexicon_set("subject_nouns") or after in topic_words()
    return not (known or then in AUXILIARIES or (then.isalpha() and then not in stop_words()))


_CLITIC_WORDS = frozenset(
    {"s", "'s", "is", "re", "'re", "a", "an", "the", "so", "not", "gonna", "going", "such"}
)


def _number(tok: Tok) -> bool:
    """ "40", "£240", "1am" (its "am" too: the tokenizer splits "1am"), "twelve"."""
    if handle(tok.text):
        return False
    return (
        any(ch.isdigit() for ch in tok.text)
        or tok.word in lexicon_set("number_words")
        or tok.text.lower() in _CLOCK
        or tok.text in _CURRENCY
    )


_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
_CURRENCY = frozenset({"£", "$", "€"})
_CLOCK = frozenset({"am", "pm", "a.m.", "p.m."})


def _gerund(tok: Tok) -> bool:
    """An "-ing" verb opening a sentence ("blasting music…", "checking my location…")."""
    word = tok.word
    return (
        word.endswith("ing")
        and base_form(word) != word
        and word not in PRAISE_OPENERS
        and word not in lexicon_set("ing_adjectives")
    )


def _nounish(tok: Tok, spans: Spans) -> bool:
    """Could be a noun or a noun's modifier ("wee", "school", "gaming", "back")."""
    word = tok.word
    return (
        (word.replace("-", "").isalpha() or _number(tok))
        and len(word) > 1
        and (word not in stop_words() or word in _MODIFIERS)
        and word not in CONJUNCTIONS
        and word not in lexicon_set("not_nouns")
        and not profane(word)
        and word not in lexicon_set("common_verbs")
        and word not in lexicon()["irregular_past"]
        and word not in lexicon_set("address_terms")
        and word not in lexicon_set("interjections")
        and word not in lexicon_set("intensifiers")
        and (not word.endswith("ly") or word in lexicon_set("ly_nouns"))
        and not (
            spans.dropped(tok, framed=True) or spans.repaired(tok) or spans.praised(tok) or spans.scoffed(tok)
        )
    )


def _head(tok: Tok) -> bool:
    """Can end a noun phrase: not an adjective-like filler or an "-ing"/"-ed" modifier."""
    word = tok.word
    ending = word.endswith(("ing", "ed", *_ADJECTIVE_ENDINGS))
    return (word not in _NOT_HEADS and word not in _MODIFIERS and not ending) or _number(tok)


#: endings of adjectives, which modify a noun but cannot end its phrase ("your insightful").
_ADJECTIVE_ENDINGS = ("ful", "ous", "less", "ible", "ish")


def _content(phrase: Sequence[Tok]) -> int:
    """How many words of the phrase name something (not "ur", "the", "40", "thirty")."""
    return sum(
        1
        for t in phrase
        if t.word.replace("-", "").isalpha()
        and t.word not in stop_words()
        and not _determiner(t)
        and not _number(t)
    )


def _as_subject(phrase: Sequence[Tok], gerund: bool, text: str) -> str:
    """The phrase as the object of "about": "a" becomes "the", a determiner loses its capital,
    an opening "-ing" verb gets its doer ("you blasting music…")."""
    first, rest = phrase[0], render(phrase[1:], text)
    if gerund:
        return f"you {first.text.lower()} {rest}"
    if first.word in ("a", "an"):
        return f"the {rest}"
    if first.word in _DETERMINERS:
        return f"{first.text.lower()} {rest}"
    if _number(first):
        sign = text[first.start - 1 : first.start] if text[first.start - 1 : first.start] in _CURRENCY else ""
        said = sign + render(phrase, text)  # "£85" even when the sign was cut as punctuation
        return said[:1].lower() + said[1:]  # "thirty years in Ontario"
    return f"the {render(phrase, text)}"  # "Lovely wee trail of mud…" → "the wee trail of mud…"

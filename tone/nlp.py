"""spaCy in one place: the blank English tokenizer plus the cue rules, and nothing else.

Cue rules are data: ``tone/resources/cues/*.jsonl`` hold SpanRuler-style patterns
(``{"label", "pattern", "id"}``, validated with spaCy's pattern schema) and
``categories.json`` says which tone each cue category is evidence for. They are compiled
into one token trie (:mod:`tone.cue_rules`) because spaCy's ``Matcher`` is linear in the
number of token patterns. The same spans feed the classifier's features, the explanations
shown to users and the rephraser, so they are computed once per message here.

Nothing needs a model download: ``spacy.blank("en")`` gives the tokenizer and norm
exceptions ("'re" → "are"); a small texting map ("u" → "you") is applied on top.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from tone.chunks import ChunkMemo, ChunkOffsets, FlatTokens, TokenizedChunk
from tone.cue_rules import CueRules
from tone.errors import ModelError
from tone.text import normalise

RESOURCES = Path(__file__).parent / "resources"
CUES_DIR = RESOURCES / "cues"
#: messages per spaCy batch; large enough to amortise overhead, small enough to stream.
BATCH_SIZE = 512

_ELONGATION = re.compile(r"(.)\1{2,}")
#: token attributes read per token: the lexeme, its (token-level) norm, its character offset.
_ATTRS = ("ORTH", "NORM", "IDX")


@dataclass(frozen=True, slots=True)
class Cue:
    """A span of the message that a cue rule marked, with character offsets."""

    start: int
    end: int
    text: str
    category: str


@dataclass(frozen=True, slots=True)
class Annotated:
    """What the rest of tone needs from spaCy for one message."""

    text: str
    tokens: tuple[str, ...]
    cues: tuple[Cue, ...]
    #: character ``(start, end)`` of each token, aligned with ``tokens`` (a tuple, or
    #: :class:`~tone.chunks.ChunkOffsets` that equal one and are worked out when first read).
    offsets: Sequence[tuple[int, int]] = ()


def load_cue_patterns(directory: Path = CUES_DIR) -> list[dict[str, Any]]:
    """Read every ``*.jsonl`` pattern file in ``directory``, checking each line's shape.

    Files are read in name order so the pattern list (and the model built on it) is
    deterministic.
    """
    patterns: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    patterns.append(_parse_pattern_line(line, path, number))
    return patterns


def _parse_pattern_line(line: str, path: Path, number: int) -> dict[str, Any]:
    try:
        pattern = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ModelError(f"invalid JSON in cue pattern ({exc.msg})", path=path, line=number) from None
    if not isinstance(pattern, dict) or not {"label", "pattern"} <= pattern.keys():
        raise ModelError("a cue pattern needs 'label' and 'pattern'", path=path, line=number)
    if not isinstance(pattern["pattern"], str | list):
        raise ModelError("'pattern' must be a phrase or a list of tokens", path=path, line=number)
    if isinstance(pattern["pattern"], list):
        from spacy.schemas import validate_token_pattern

        problems = validate_token_pattern(pattern["pattern"])
        if problems:
            raise ModelError(f"invalid token pattern: {problems[0]}", path=path, line=number)
    return pattern


def load_cue_categories(directory: Path = CUES_DIR) -> dict[str, tuple[str, ...]]:
    """Map each cue category to the tones it is evidence for (``none`` included)."""
    path = directory / "categories.json"
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {name: tuple(entry.get("tones", ())) for name, entry in raw.items()}


def fingerprint(patterns: Sequence[dict[str, Any]]) -> str:
    """A stable hash of a pattern list, so compiled rules can be cached and models checked."""
    canonical = json.dumps(list(patterns), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def get_nlp() -> Any:
    """``spacy.blank("en")``: the tokenizer and its norm exceptions, nothing to download.

    spaCy is imported here, not at module import, so that ``tone --help`` stays instant.
    """
    import spacy

    return spacy.blank("en")


def compile_rules(patterns: Sequence[dict[str, Any]]) -> CueRules:
    """Compile cue patterns into one trie; phrases are tokenized exactly as messages are."""
    tokenizer = get_nlp().tokenizer
    return CueRules.compile(patterns, lambda phrase: [t.text for t in tokenizer(normalise(phrase))])


_RULES: dict[str, CueRules] = {}


def get_rules(patterns: Sequence[dict[str, Any]]) -> CueRules:
    """Compiled rules for ``patterns``, cached by fingerprint (compiling takes ~0.2 s)."""
    key = fingerprint(patterns)
    if key not in _RULES:
        _RULES[key] = compile_rules(patterns)
    return _RULES[key]


@lru_cache(maxsize=1)
def texting_norms() -> dict[str, str]:
    """Texting spellings mapped to the word they stand for ("u" → "you")."""
    path = RESOURCES / "texting_norms.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def token_form(lower: str, norm: str, norms: dict[str, str]) -> str:
    """The form a token contributes to word features.

    >>> token_form("u", "u", {"u": "you"})
    'you'
    >>> token_form("sooooo", "sooooo", {})
    'soo'
    """
    form = norms.get(lower, norm)
    return _ELONGATION.sub(r"\1\1", form)


def annotate(
    texts: Iterable[str],
    rules: CueRules | Sequence[dict[str, Any]],
    batch_size: int = BATCH_SIZE,
) -> Iterator[Annotated]:
    """Tokenize ``texts`` with spaCy and mark their cues, streaming, in input order.

    Messages are assembled from memoised chunks (:mod:`tone.chunks`), with the same tokens and
    offsets as a spaCy ``Doc`` of the whole text, which the few messages the memo cannot
    assemble still get (:func:`annotate_with_docs` is that path for every message).
    """
    if not isinstance(rules, CueRules):
        rules = get_rules(rules)
    tokenizer = get_nlp().tokenizer
    lexicon = _lexicon(rules)
    memo = _chunk_memo(rules)
    iterator = iter(texts)
    while batch := [normalise(text) for text in islice(iterator, batch_size)]:
        assembled = memo.assemble(batch)
        found = iter(rules.find_many([tokens.symbols for tokens in assembled if tokens is not None]))
        for text, tokens in zip(batch, assembled, strict=True):
            if tokens is None:
                yield _annotated(text, tokenizer(text), lexicon, rules)
            else:
                yield _with_matches(text, tokens.forms, tokens.offsets, next(found))


def annotate_with_docs(
    texts: Iterable[str],
    rules: CueRules | Sequence[dict[str, Any]],
    batch_size: int = BATCH_SIZE,
) -> Iterator[Annotated]:
    """:func:`annotate` with a spaCy ``Doc`` for every message: the reference it must equal."""
    if not isinstance(rules, CueRules):
        rules = get_rules(rules)
    nlp = get_nlp()
    lexicon = _lexicon(rules)
    iterator = iter(texts)
    while batch := [normalise(text) for text in islice(iterator, batch_size)]:
        for text, doc in zip(batch, nlp.tokenizer.pipe(batch, batch_size=batch_size), strict=True):
            yield _annotated(text, doc, lexicon, rules)


def _annotated(text: str, doc: Any, lexicon: _Lexicon, rules: CueRules) -> Annotated:
    words, offsets = lexicon.words(doc)
    forms = tuple(entry[0] for entry in words)
    symbols = [entry[1] for entry in words]
    return _with_matches(text, forms, tuple(offsets), rules.find_symbols(symbols) if symbols else [])


def _with_matches(
    text: str,
    tokens: tuple[str, ...],
    offsets: tuple[tuple[int, int], ...] | ChunkOffsets,
    matches: list[tuple[int, int, str]],
) -> Annotated:
    """The annotation of ``text`` with the cue rules' ``matches`` (token ranges) as spans."""
    if not matches:
        return Annotated(text, tokens, (), offsets)
    if isinstance(offsets, ChunkOffsets):
        starts, ends = offsets.bounds()
    else:
        starts, ends = [a for a, _ in offsets], [b for _, b in offsets]
    cues = tuple(
        Cue(starts[a], ends[b - 1], text[starts[a] : ends[b - 1]], label)
        for a, b, label in sorted(matches, key=lambda m: (starts[m[0]], ends[m[1] - 1], m[2]))
    )
    return Annotated(text, tokens, cues, offsets)


class _Lexicon:
    """What annotation needs from each distinct token, computed once per ``(orth, norm)``.

    An entry is ``(form, cue-rule symbol, is_space, length)``; the norm is part of the key
    because tokenizer exceptions give a token its own norm ("'re" → "are").
    """

    MAX_ENTRIES = 100_000  # bounds memory on huge, varied inputs (~25 MB); refilled as needed

    def __init__(self, vocab: Any, norms: dict[str, str], rules: CueRules):
        self.vocab = vocab
        self.norms = norms
        self.rules = rules
        self.entries: dict[tuple[int, int], tuple[str, int, bool, int]] = {}

    def words(self, doc: Any) -> tuple[list[tuple[str, int, bool, int]], list[tuple[int, int]]]:
        """The entries and ``(start, end)`` offsets of the doc's tokens that are not whitespace."""
        # Token objects are slow to create; reading the doc as an array of hashes, and each
        # distinct (orth, norm) once, made annotation ~3x faster (same tokens, same offsets).
        entries = self.entries
        words = []
        offsets = []
        for orth, norm, idx in doc.to_array(_ATTRS).tolist():
            entry = entries.get((orth, norm)) or self.add(orth, norm)
            if not entry[2]:
                words.append(entry)
                offsets.append((idx, idx + entry[3]))
        return words, offsets

    def add(self, orth: int, norm: int) -> tuple[str, int, bool, int]:
        if len(self.entries) > self.MAX_ENTRIES:
            self.entries.clear()
        lexeme = self.vocab[orth]
        text = lexeme.orth_
        form = token_form(lexeme.lower_, self.vocab.strings[norm], self.norms)
        symbol = self.rules.symbol(lexeme.lower_, text, lexeme.is_punct)
        entry = (form, symbol, lexeme.is_space, len(text))
        self.entries[(orth, norm)] = entry
        return entry


# one table per compiled rule set (the symbols are the rules' own), dropped with the rules.
_LEXICONS: WeakKeyDictionary[CueRules, _Lexicon] = WeakKeyDictionary()


def _lexicon(rules: CueRules) -> _Lexicon:
    lexicon = _LEXICONS.get(rules)
    if lexicon is None:
        lexicon = _LEXICONS[rules] = _Lexicon(get_nlp().vocab, texting_norms(), rules)
    return lexicon


def chunk_memo(rules: CueRules) -> ChunkMemo:
    """The chunk tokenizer of ``rules`` (shared with :func:`annotate`): new chunks, special-case cuts."""
    return _chunk_memo(rules)


def tokenize_whole(texts: list[str], rules: CueRules) -> FlatTokens:
    """Normalised messages tokenized whole by spaCy, as :func:`annotate` does when chunks cannot be used."""
    lexicon, tokenizer = _lexicon(rules), get_nlp().tokenizer
    words = [lexicon.words(tokenizer(text)) for text in texts]
    return FlatTokens(
        [entry[0] for entries, _ in words for entry in entries],
        [entry[1] for entries, _ in words for entry in entries],
        np.array([start for _, offsets in words for start, _ in offsets], dtype=np.int64),
        np.array([end for _, offsets in words for _, end in offsets], dtype=np.int64),
        np.array([len(entries) for entries, _ in words], dtype=np.int64),
    )


def tokenize_chunks_flat(chunks: list[str], rules: CueRules) -> FlatTokens:
    """:func:`_tokenize_chunks` laid end to end: the same tokens, told apart with numpy.

    A chunk's tokens are those that start within it in the joined text (the line breaks
    between chunks are whitespace tokens, which are dropped), found by one ``searchsorted``
    instead of a Python loop over tokens.
    """
    lexicon, tokenizer = _lexicon(rules), get_nlp().tokenizer
    forms: list[str] = []
    symbols: list[int] = []
    starts, ends, counts = [], [], []
    for first in range(0, len(chunks), _CHUNKS_PER_DOC):
        group = chunks[first : first + _CHUNKS_PER_DOC]
        entries, offsets = lexicon.words(tokenizer("\n".join(group)))
        steps = np.fromiter(map(len, group), dtype=np.int64, count=len(group)) + 1
        bases = np.cumsum(steps) - steps
        bounds = np.array(offsets, dtype=np.int64).reshape(-1, 2)
        chunk_of = np.searchsorted(bases, bounds[:, 0], side="right") - 1
        forms += [entry[0] for entry in entries]
        symbols += [entry[1] for entry in entries]
        starts.append(bounds[:, 0] - bases[chunk_of])
        ends.append(bounds[:, 1] - bases[chunk_of])
        counts.append(np.bincount(chunk_of, minlength=len(group)))
    empty = [np.zeros(0, dtype=np.int64)]
    return FlatTokens(forms, symbols, *(np.concatenate(parts or empty) for parts in (starts, ends, counts)))


def _chunk_memo(rules: CueRules) -> ChunkMemo:
    memo = _CHUNK_MEMOS.get(rules)
    if memo is None:
        lexicon = _lexicon(rules)
        memo = _CHUNK_MEMOS[rules] = ChunkMemo(
            lambda chunks: _tokenize_chunks(chunks, lexicon), special_case_cuts()
        )
    return memo


#: new chunks tokenized in one Doc
_CHUNKS_PER_DOC = 1000


def _tokenize_chunks(chunks: list[str], lexicon: _Lexicon) -> list[TokenizedChunk]:
    """Each chunk's tokens (forms, symbols, starts, ends), from one Doc per thousand chunks.

    The chunks are joined with line breaks: each becomes its own run of non-space characters,
    tokenized exactly as alone, and a line break is a token of its own, which no special case
    of several tokens contains (:func:`special_case_cuts` checks), so no match spans two chunks.
    """
    tokenizer = get_nlp().tokenizer
    tokenized: list[TokenizedChunk] = []
    for first in range(0, len(chunks), _CHUNKS_PER_DOC):
        group = chunks[first : first + _CHUNKS_PER_DOC]
        entries, offsets = lexicon.words(tokenizer("\n".join(group)))
        position = base = 0
        for chunk in group:
            end = base + len(chunk)
            stop = position
            while stop < len(offsets) and offsets[stop][0] < end:
                stop += 1
            tokenized.append(
                (
                    tuple(entry[0] for entry in entries[position:stop]),
                    tuple(entry[1] for entry in entries[position:stop]),
                    tuple(start - base for start, _ in offsets[position:stop]),
                    tuple(end_ - base for _, end_ in offsets[position:stop]),
                )
            )
            position, base = stop, end + 1
    return tokenized


_CHUNK_MEMOS: WeakKeyDictionary[CueRules, ChunkMemo] = WeakKeyDictionary()


@lru_cache(maxsize=1)
def special_case_cuts() -> frozenset[tuple[str, str]] | None:
    """Where a special case of the tokenizer could be cut in two by a space, as text.

    spaCy matches its special cases as token sequences over the whole doc; each is cut into
    tokens as it would be without special cases (the same tokenizer with no rules). A match
    across two chunks puts the tokens before the cut at the end of one chunk and the rest at
    the start of the next, so each cut between two tokens gives a pair ``(text before, text
    after)``, e.g. ``("(", ":")`` for ``"(:"`` (see :mod:`tone.chunks`). ``None`` when a special
    case holds whitespace between other characters: its match could span a whitespace token,
    so no message is assembled from chunks.
    """
    from spacy.tokenizer import Tokenizer

    tokenizer = get_nlp().tokenizer
    if any(len(rule) > 1 and any(c.isspace() for c in rule) for rule in tokenizer.rules):
        return None
    bare = Tokenizer(
        tokenizer.vocab,
        rules={},
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
    )
    cuts: set[tuple[str, str]] = set()
    for rule in tokenizer.rules:
        texts = [token.text for token in bare(rule)]
        cuts.update(("".join(texts[:cut]), "".join(texts[cut:])) for cut in range(1, len(texts)))
    return frozenset(cuts)

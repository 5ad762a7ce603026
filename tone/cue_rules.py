"""Cue rules compiled into one automaton, so matching costs the same for 40 or 4,000 rules.

The rules are written as spaCy SpanRuler patterns (phrases, or token patterns using
``LOWER``/``ORTH`` with ``IN`` lists, ``IS_PUNCT``, ``{}`` and the ``?``/``+``/``*`` operators) and
validated with spaCy's own pattern schema. spaCy's ``Matcher`` tries every token pattern at
every token and calls a Python predicate for each ``IN`` list: with the ~2,000 token patterns
of our lexicons it scored ~400 messages/s.

Compiled, the rules are one small nondeterministic automaton (NFA) over token keys: a shared
prefix trie, with private nodes for ``*``/``+``, built as one ``dict`` from ``"node key"``
strings to the node(s) reached. The compiled rules travel inside each saved model, and the
shipped lexicons make ~300k edges: as a dict that took 0.17 s to unpickle (a tenth of a cold
``tone score``) and ~40 MB in every process. Once compiled, the edges are frozen into three
numpy arrays (edge codes ``node * len(keys) + key``, sorted; offsets; target nodes), which
load in milliseconds; each node's edges are read back into a small dict the first time
matching reaches that node.

Matching runs the NFA as a lazily built deterministic automaton (as RE2 does): a DFA state
is the set of NFA nodes alive after some tokens, and each ``(state, token class)`` step is
computed once, then cached, so a token costs one dictionary lookup per live start position
however many nodes are alive. A token's class is which of the rules' keys it offers (its
lower form, its exact text, punctuation or not), so the cache is bounded by the rules'
vocabulary, not the input's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tone.errors import ModelError

#: how many tokens a ``*`` or ``+`` may cover. spaCy's are unbounded; three keeps matching
#: linear in message length, and cue phrases ("you [really just] messed up") need no more.
MAX_REPEAT = 3

#: cached DFA steps kept before the cache is emptied and rebuilt from use (bounds memory).
MAX_CACHED_STEPS = 200_000

Tokenize = Callable[[str], Sequence[str]]
#: what a token offers the rules: its lower form, its exact text, and whether it is punctuation.
Token = tuple[str, str, bool]

_DEAD = -1
_SYMBOL_BITS = 24


def _keys_of_spec(spec: dict[str, Any]) -> list[str]:
    """The token keys one token spec accepts: ``l:<lower>``, ``o:<orth>`` or ``p`` (punct)."""
    keys: list[str] = []
    for attr, tag in (("LOWER", "l"), ("NORM", "l"), ("ORTH", "o")):
        if attr in spec:
            value = spec[attr]
            values = value["IN"] if isinstance(value, dict) else [value]
            keys += [f"{tag}:{v.lower() if tag == 'l' else v}" for v in values]
    if "IS_PUNCT" in spec:
        keys.append("p" if spec["IS_PUNCT"] else "w")
    if not set(spec) - {"OP"}:
        keys.append("any")  # {} matches any token, as in spaCy
    if not keys or set(spec) - {"LOWER", "NORM", "ORTH", "IS_PUNCT", "OP"}:
        raise ValueError(f"unsupported token spec {spec}; use LOWER, ORTH, IN, IS_PUNCT or {{}}")
    return keys


class CueRules:
    """A compiled set of cue rules; ``find`` returns ``(start, end, label)`` token spans.

    Rules share one prefix trie; a ``*``/``+`` token becomes up to MAX_REPEAT private nodes,
    so the structure is a small automaton and ``edges`` maps ``"node key"`` to the node (or
    nodes) it reaches.

    >>> rules = CueRules.compile(
    ...     [{"label": "BLAME", "pattern": [{"LOWER": "you"}, {"LOWER": {"IN": ["always", "never"]}, "OP": "+"}]}],
    ...     str.split,
    ... )
    >>> rules.find([("you", "You", False), ("never", "never", False), ("always", "always", False)])
    [(0, 2, 'BLAME'), (0, 3, 'BLAME')]
    """

    def __init__(self) -> None:
        #: while compiling: ``"node key"`` → the node (or nodes) it reaches; then frozen.
        self.edges: dict[str, int | tuple[int, ...]] = {}
        self.labels: dict[int, tuple[str, ...]] = {}
        self._trie: dict[str, int] = {}
        self._size = 1
        self._freeze()

    @classmethod
    def compile(cls, patterns: Iterable[dict[str, Any]], tokenize: Tokenize) -> CueRules:
        """Compile SpanRuler-style patterns; phrase patterns are split with ``tokenize``."""
        rules = cls()
        for number, pattern in enumerate(patterns, start=1):
            label = pattern["label"]
            body = pattern["pattern"]
            specs = [{"LOWER": t.lower()} for t in tokenize(body)] if isinstance(body, str) else body
            try:
                rules._add(specs, label)
            except (ValueError, KeyError, TypeError) as exc:
                raise ModelError(f"cue pattern {number} ({label}): {exc}") from None
        rules._trie = {}  # only needed while compiling; keeps saved models small
        rules._freeze()
        return rules

    def _add(self, specs: Sequence[dict[str, Any]], label: str) -> None:
        frontier = [0]
        for spec in specs:
            keys = _keys_of_spec(spec)
            op = spec.get("OP")
            if op in ("*", "+"):
                frontier = self._repeat(frontier, keys, optional=op == "*")
                continue
            if op not in (None, "?", "!"):
                raise ValueError(f"unsupported operator {op!r}")
            if op == "!":
                raise ValueError("negation ('!') is not supported in cue rules")
            reached = sorted({self._child(node, key) for node in frontier for key in keys})
            frontier = sorted({*frontier, *reached}) if op == "?" else reached
        for node in frontier:
            if node:
                self.labels[node] = tuple(sorted({*self.labels.get(node, ()), label}))

    def _repeat(self, frontier: list[int], keys: list[str], *, optional: bool) -> list[int]:
        """``*``/``+``: up to MAX_REPEAT private steps (a bounded loop keeps matching linear)."""
        reached = list(frontier) if optional else []
        current = frontier
        for _ in range(MAX_REPEAT):
            step = self._new_node()
            for node in current:
                for key in keys:
                    self._link(f"{node} {key}", step)
            current = [step]
            reached.append(step)
        return sorted(set(reached))

    def _new_node(self) -> int:
        self._size += 1
        return self._size - 1

    def _link(self, edge: str, node: int) -> None:
        # one target (the common case) is stored as an int: faster to unpickle and to follow
        targets = self.edges.get(edge)
        if targets is None:
            self.edges[edge] = node
        elif isinstance(targets, int):
            if targets != node:
                self.edges[edge] = (targets, node)
        elif node not in targets:
            self.edges[edge] = (*targets, node)

    def _child(self, node: int, key: str) -> int:
        """The shared trie child of ``node`` by ``key`` (created on first use)."""
        edge = f"{node} {key}"
        child = self._trie.get(edge)
        if child is None:
            child = self._trie[edge] = self._new_node()
            self._link(edge, child)
        return child

    # -- frozen edges, and the lazily built DFA (a cache, rebuilt after unpickling) -----------

    def _freeze(self) -> None:
        """Move ``edges`` into sorted arrays (see the module docstring)."""
        import numpy as np

        keys = sorted({edge.split(" ", 1)[1] for edge in self.edges})
        index = {key: i for i, key in enumerate(keys)}
        coded = sorted(
            (int(node) * len(keys) + index[key], (targets,) if isinstance(targets, int) else targets)
            for node, key in (edge.split(" ", 1) for edge in self.edges)
            for targets in (self.edges[f"{node} {key}"],)
        )
        self._keys = keys
        self._codes = np.array([code for code, _ in coded], dtype=np.int64)
        self._offsets = np.cumsum([0, *(len(targets) for _, targets in coded)], dtype=np.int64)
        self._targets = np.array([t for _, targets in coded for t in targets], dtype=np.int64)
        self.edges = {}
        self._reset_dfa()

    def _reset_dfa(self) -> None:
        self._key_ids = {key: i for i, key in enumerate(self._keys)}
        self._lowers = frozenset(k[2:] for k in self._keys if k.startswith("l:"))
        self._orths = frozenset(k[2:] for k in self._keys if k.startswith("o:"))
        self._uses_punct = bool({"p", "w"} & self._key_ids.keys())
        self._uses_any = "any" in self._key_ids
        self._symbols: dict[tuple[str | None, str | None, bool | None], int] = {}
        self._symbol_keys: list[tuple[int, ...]] = []
        self._node_edges: dict[int, dict[int, list[int]]] = {}
        self._clear_steps()

    def _clear_steps(self) -> None:
        self._state_ids: dict[frozenset[int], int] = {frozenset({0}): 0}
        self._states: list[frozenset[int]] = [frozenset({0})]
        self._state_labels: list[tuple[str, ...]] = [()]
        self._steps: dict[int, int] = {}
        self._node_edges.clear()

    def __getstate__(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "_size": self._size,
            "_keys": self._keys,
            "_codes": self._codes,
            "_offsets": self._offsets,
            "_targets": self._targets,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._trie = {}
        if "_codes" in state:
            self.edges = {}
            self._reset_dfa()
        else:  # pickled before the edges were frozen
            self._freeze()

    def _out(self, node: int) -> dict[int, list[int]]:
        """``key id → target nodes`` for one node, read from the arrays on first use."""
        import numpy as np

        base = node * len(self._keys)
        low, high = np.searchsorted(self._codes, [base, base + len(self._keys)]).tolist()
        offsets = self._offsets[low : high + 1].tolist()
        targets = self._targets[offsets[0] : offsets[-1]].tolist() if high > low else []
        start = offsets[0]
        out = {
            code - base: targets[offsets[i] - start : offsets[i + 1] - start]
            for i, code in enumerate(self._codes[low:high].tolist())
        }
        self._node_edges[node] = out
        return out

    def symbol(self, lower: str, orth: str, is_punct: bool) -> int:
        """The token's class: the rule keys it offers (unused ones are left out).

        Callers that see the same token often may cache it and call :meth:`find_symbols`.
        """
        signature = (
            lower if lower in self._lowers else None,
            orth if orth in self._orths else None,
            is_punct if self._uses_punct else None,
        )
        symbol = self._symbols.get(signature)
        if symbol is None:
            lower_key, orth_key, punct = signature
            keys = [f"l:{lower_key}"] if lower_key is not None else []
            keys += [f"o:{orth_key}"] if orth_key is not None else []
            keys += ["p" if punct else "w"] if punct is not None else []
            keys += ["any"] if self._uses_any else []
            symbol = self._symbols[signature] = len(self._symbol_keys)
            self._symbol_keys.append(tuple(self._key_ids[k] for k in keys if k in self._key_ids))
        return symbol

    def _step(self, state: int, symbol: int) -> int:
        """The DFA state after ``state`` reads a token of class ``symbol`` (computed, cached)."""
        target: set[int] = set()
        keys = self._symbol_keys[symbol]
        if keys:
            node_edges = self._node_edges
            for node in self._states[state]:
                out = node_edges.get(node)
                if out is None:
                    out = self._out(node)
                for key in keys:
                    reached = out.get(key)
                    if reached:
                        target.update(reached)
        if not target:
            result = _DEAD
        else:
            frozen = frozenset(target)
            result = self._state_ids.get(frozen, len(self._states))
            if result == len(self._states):
                self._state_ids[frozen] = result
                self._states.append(frozen)
                labels = {label for node in frozen for label in self.labels.get(node, ())}
                self._state_labels.append(tuple(sorted(labels)))
        self._steps[state << _SYMBOL_BITS | symbol] = result
        return result

    def find(self, tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
        """All rule matches in a token sequence, overlapping ones included, in order.

        ``tokens`` are ``(lower, orth, is_punct)`` triples.
        """
        return self.find_symbols([self.symbol(*token) for token in tokens])

    def trim_steps(self) -> None:
        """Empty the cached steps once there are more than :data:`MAX_CACHED_STEPS` (bounds memory)."""
        if len(self._steps) > MAX_CACHED_STEPS:
            self._clear_steps()

    def find_many(self, sequences: Sequence[Sequence[int]]) -> list[list[tuple[int, int, str]]]:
        """:meth:`find_symbols` of each sequence, all stepped at once (:mod:`tone.cue_batch`)."""
        return self.batch_matcher().find_many(sequences)

    def batch_matcher(self) -> Any:
        """The :class:`~tone.cue_batch.BatchMatcher` of these rules (one, made on first use, never pickled)."""
        matcher = self.__dict__.get("_batch_matcher")
        if matcher is None:
            from tone.cue_batch import BatchMatcher

            matcher = self.__dict__["_batch_matcher"] = BatchMatcher(self)
        return matcher

    def find_symbols(self, symbols: Sequence[int]) -> list[tuple[int, int, str]]:
        """:meth:`find` for tokens already reduced to their classes with :meth:`symbol`."""
        self.trim_steps()
        steps, step, state_labels = self._steps, self._step, self._state_labels
        # Each token's first step, in one pass: the tokens that start no rule (~40%) stop there.
        cached: list[int | None] = [steps.get(symbol) for symbol in symbols]  # key of state 0: the symbol
        firsts = [
            step(0, symbol) if first is None else first for symbol, first in zip(symbols, cached, strict=True)
        ]
        count = len(symbols)
        matches: list[tuple[int, int, str]] = []
        for start, state in enumerate(firsts):
            if state == _DEAD:
                continue
            labels = state_labels[state]
            if labels:
                matches.extend((start, start + 1, label) for label in labels)
            for position in range(start + 1, count):
                symbol = symbols[position]
                following = steps.get(state << _SYMBOL_BITS | symbol)
                if following is None:
                    following = step(state, symbol)
                if following == _DEAD:
                    break
                state = following
                labels = state_labels[state]
                if labels:
                    matches.extend((start, position + 1, label) for label in labels)
        return sorted(set(matches)) if matches else matches

    def __len__(self) -> int:
        """The number of edges (``"node key"`` pairs) of the compiled automaton."""
        return len(self._codes)

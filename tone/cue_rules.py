"""Cue rules compiled into one token trie, so matching costs the same for 40 or 4,000 rules.

The rules are written as spaCy SpanRuler patterns (phrases, or token patterns using
``LOWER``/``ORTH`` with ``IN`` lists, ``IS_PUNCT``, ``{}`` and the ``?``/``+``/``*`` operators) and
validated with spaCy's own pattern schema. spaCy's ``Matcher`` tries every token pattern at
every token and calls a Python predicate for each ``IN`` list: with the ~2,000 token patterns
of our lexicons it scored ~400 messages/s. Expanded into a trie over token keys, every rule
is tried at once: one dictionary lookup per token and live branch.

The trie is stored flat — one ``dict`` from ``"node key"`` strings to child ids — because a
flat dict of strings unpickles an order of magnitude faster than nested dicts, and the
compiled rules travel inside each saved model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tone.errors import ModelError

#: how many tokens a ``*`` or ``+`` may cover. spaCy's are unbounded; three keeps matching
#: linear in message length, and cue phrases ("you [really just] messed up") need no more.
MAX_REPEAT = 3

Tokenize = Callable[[str], Sequence[str]]


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


def token_keys(lower: str, orth: str, is_punct: bool) -> tuple[str, ...]:
    """The keys a token offers to the trie: its lower form, its text, punct/word, any."""
    return (f"l:{lower}", f"o:{orth}", "p" if is_punct else "w", "any")


class CueRules:
    """A compiled set of cue rules; ``find`` returns ``(start, end, label)`` token spans.

    Rules share one prefix trie; a ``*``/``+`` token becomes up to MAX_REPEAT private nodes,
    so the structure is a small automaton and ``edges`` maps ``"node key"`` to the node (or
    nodes) it reaches.
    """

    def __init__(self) -> None:
        self.edges: dict[str, int | tuple[int, ...]] = {}
        self.labels: dict[int, tuple[str, ...]] = {}
        self._trie: dict[str, int] = {}
        self._size = 1

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

    def find(self, keys: Sequence[tuple[str, ...]]) -> list[tuple[int, int, str]]:
        """All rule matches in a token sequence, overlapping ones included, in order."""
        edges, labels = self.edges, self.labels
        matches: set[tuple[int, int, str]] = set()
        for start in range(len(keys)):
            frontier: set[int] = {0}
            position = start
            while frontier and position < len(keys):
                reached: set[int] = set()
                for node in frontier:
                    for key in keys[position]:
                        targets = edges.get(f"{node} {key}")
                        if targets is None:
                            continue
                        if isinstance(targets, int):
                            reached.add(targets)
                        else:
                            reached.update(targets)
                frontier = reached
                position += 1
                for node in frontier:
                    for label in labels.get(node, ()):
                        matches.add((start, position, label))
        return sorted(matches)

    def __len__(self) -> int:
        return len(self.edges)

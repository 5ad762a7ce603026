"""What a WhatsApp message body is: typed text, a placeholder, a system line, a call, …

Everything localised comes from ``whatsapp_strings.json``; this module only says in which
order the checks run. Cheap exact lookups come first, so that an ordinary text message costs
a few dictionary probes and no regex.
"""

from __future__ import annotations

import re

from tone.io.chats._common import clean_body, clean_name, load_strings

_S = load_strings("whatsapp_strings.json")

TITLE_PREFIXES: tuple[str, ...] = tuple(_S["chat_file_prefixes"])
_PLACEHOLDERS: dict[str, str] = _S["media_placeholders"]
_DELETED = frozenset(_S["deleted"])
_EDITED = tuple(
    variant
    for marker in _S["edited_markers"]
    for variant in (" " + marker + ".", " " + marker, marker + ".", marker)
)
_CALLS = frozenset(_S["calls"])
_CALL_RE = re.compile("|".join(f"(?:{p})" for p in _S["call_patterns"]))
_LOCATION = tuple(_S["location_prefixes"])
_LIVE_LOCATION = frozenset(_S["live_location"])
_POLL = tuple(_S["poll_prefixes"])
_VIEW_ONCE = frozenset(_S["view_once"])
_ATTACH_SUFFIX = tuple(" " + s for s in _S["attachment_suffixes"])
_ATTACH_WORDS = "|".join(re.escape(w) for w in _S["attachment_words"])
_ATTACHED_TAG = re.compile(rf"^<(?:{_ATTACH_WORDS}): [^>]+>$|^\S+\.\w{{2,5}} <(?:{_ATTACH_WORDS})>$")
_SYSTEM_RE = re.compile("|".join(f"(?:{p})" for patterns in _S["system_patterns"].values() for p in patterns))
_E2E_RE = re.compile("|".join(f"(?:{p})" for p in _S["e2e_patterns"]))
# A sender name seen before ": " is suspicious (maybe a system line quoting something) when
# it holds a quote mark or reads like a sentence.
_SUSPECT_NAME = re.compile(r"[\"“”«»„]|(?:\S+\s){4}")
_UNSAVED = re.compile(r"^~[\s\u202f\u00a0]*")
_MAX_NAME = 80

Classified = tuple[str, str, bool, tuple[str, ...], int]


def e2e_notice(body: str) -> bool:
    """Whether ``body`` is the end-to-end encryption notice that opens most exports."""
    return _E2E_RE.match(clean_body(body)) is not None


def split_author(rest: str, *, bracketed: bool) -> tuple[str | None, str, tuple[str, ...]]:
    """Split ``Name: text`` after a header into ``(author, text, flags)``.

    No ``": "`` means a system line without an author (Android). The split is at the
    *first* ``": "`` (names may hold `` - `` but the header consumed the first one), and an
    unsaved contact's ``~`` prefix becomes the ``"unsaved_contact"`` flag.

    >>> split_author("Dr. A - Clinic: see you", bracketed=False)
    ('Dr. A - Clinic', 'see you', ())
    >>> split_author("~\\u202fBeto: hola", bracketed=True)
    ('Beto', 'hola', ('unsaved_contact',))
    >>> split_author("Ana added Ben", bracketed=False)
    (None, 'Ana added Ben', ())
    """
    cut = rest.find(": ")
    if cut < 0:
        if rest.endswith(":") and 0 < len(rest) - 1 <= _MAX_NAME:
            cut = len(rest) - 1  # "Name:" with an empty body
        else:
            return None, rest, ()
    name = rest[:cut]
    if len(name) > _MAX_NAME or (
        not bracketed and _SUSPECT_NAME.search(name) and _SYSTEM_RE.match(clean_body(rest))
    ):
        return None, rest, ()
    body = rest[cut + 2 :]
    unsaved = _UNSAVED.match(name)
    if unsaved:
        return clean_name(name[unsaved.end() :]), body, ("unsaved_contact",)
    return clean_name(name), body, ()


def classify(
    author: str | None, first: str, more: list[str], bracketed: bool, title: str | None
) -> list[Classified]:
    """Classify a complete body; returns ``(kind, text, edited, flags, line_offset)`` items.

    An Android attachment followed by caption lines gives two items: the media and the
    caption as text, since the caption is what the person wrote.
    """
    marked = first.startswith("\u200e")
    text = clean_body("\n".join([first, *more]) if more else first)
    edited = False
    if text.endswith(">") or text.endswith(">."):
        for marker in _EDITED:
            if text.endswith(marker):
                text, edited = text[: -len(marker)].rstrip(), True
                break
    if author is None or _is_e2e(author, text, marked, bracketed, title):
        return [("system", text, edited, (), 0)]
    first_line = text.split("\n", 1)[0].strip()
    if more and _is_attachment(first_line):
        caption = text.split("\n", 1)[1].strip()
        return [("media", first_line, False, (), 0), ("text", caption, edited, ("caption",), 1)]
    kind, flags = _kind_of(text.strip())
    # iOS gives system lines an author (the group, or the person acting: Pustur#258) and
    # starts them with an LRM; media placeholders carry the LRM too, so they go first.
    if kind == "text" and marked and bracketed and _SYSTEM_RE.match(text):
        kind = "system"
    return [(kind, text, edited, flags, 0)]


def _is_e2e(author: str, text: str, marked: bool, bracketed: bool, title: str | None) -> bool:
    """The encryption notice, authored on iOS by the chat itself (its title)."""
    return (marked or author == title or not bracketed) and _E2E_RE.match(text) is not None


def _kind_of(body: str) -> tuple[str, tuple[str, ...]]:
    """The kind of a one-sender body, from the cheapest test to the dearest."""
    kind = _PLACEHOLDERS.get(body)
    if kind is not None:
        return kind, ()
    if body in _VIEW_ONCE:
        return "media", ("view_once",)
    if body in _DELETED or body.rstrip(".") in _DELETED:
        return "deleted", ()
    if body in _CALLS or (body.endswith(("call", "nruf gestartet")) and _CALL_RE.fullmatch(body)):
        return "call", ()
    if body in _LIVE_LOCATION or (body.startswith(_LOCATION) and "http" in body):
        return "location", ()
    if body.startswith(_POLL):
        return "poll", ()
    if _is_attachment(body):
        return "media", ()
    return "text", ()


def _is_attachment(line: str) -> bool:
    """``IMG-….jpg (file attached)`` (Android) or ``<attached: …>`` (iOS)."""
    if line.endswith(_ATTACH_SUFFIX):
        return True
    return line.endswith(">") and _ATTACHED_TAG.match(line) is not None

"""Markup shared by the HTML report's sections: escaping, the colour of each label, section frames.

Every section module builds its HTML from these, so escaping and colours stay the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from tone.report_summary import Sender, clean, count

#: Okabe–Ito colours (safe for the common colour-vision deficiencies), one per label, everywhere.
LABEL_COLOURS = {"criticism": "#E69F00", "contempt": "#D55E00", "support": "#009E73", "need": "#0072B2"}
EXTRA_COLOURS = ("#CC79A7", "#56B4E9", "#F0E442")
NONE_COLOUR = "#D3D3CE"


def esc(value: object) -> str:
    """Clean and HTML-escape a value for text or a quoted attribute.

    >>> esc('<b title="x">&</b>')
    '&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;'
    """
    return escape(clean(value), quote=True)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` and the word in the right number.

    >>> plural(1, "message"), plural(1204, "message"), plural(2, "is", "are")
    ('1 message', '1,204 messages', '2 are')
    """
    return f"{count(n)} {word if n == 1 else (words or word + 's')}"


def colours_for(labels: Sequence[str]) -> dict[str, str]:
    """One colour per label: the fixed four, then spare colours for any other label."""
    spare = iter(EXTRA_COLOURS * (len(labels) // len(EXTRA_COLOURS) + 1))
    return {label: LABEL_COLOURS.get(label) or next(spare) for label in labels}


def swatch(colour: str) -> str:
    """A small colour square to put before a label's name (never instead of it)."""
    return f'<i class="sw" style="background:{colour}" aria-hidden="true"></i>'


def sender_name(sender: Sender, detail: str) -> str:
    """A sender's name (isolated for right-to-left text, full name on hover) over a line of detail.

    ``detail`` is markup written by the report itself, not escaped here.
    """
    return (
        f'<div class="who"><bdi title="{esc(sender.name)}">{esc(sender.name)}</bdi>'
        f"<small>{detail}</small></div>"
    )


def section(anchor: str, title: str, how: str, body: str) -> str:
    """A report section: its heading, the "How to read this" line, then ``body``.

    ``title`` and ``how`` are the report's own words; ``body`` is markup already escaped.
    """
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-h"><h2 id="{anchor}-h">{title}</h2>'
        f'<p class="how"><span>How to read this:</span> {how}</p>\n{body}</section>'
    )


def more_senders(shown: Sequence[Sender], hidden: Sequence[Sender]) -> str:
    """The line saying how many senders (and messages) a per-sender chart leaves out, if any."""
    if not hidden:
        return ""
    rest = sum(s.messages for s in hidden)
    return (
        f'<p class="note">Showing the {len(shown)} senders with the most messages; '
        f"{plural(len(hidden), 'more sender')} with {plural(rest, 'message')} in total "
        f"{'is' if len(hidden) == 1 else 'are'} not shown.</p>"
    )


def empty(text: str) -> str:
    """What a section says when it has nothing to show (``text`` is the report's own words)."""
    return f'<p class="empty">{text}</p>'

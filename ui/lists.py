"""The lists inside a unit's text ("ci-après : 1. … 2. …", "a) … ; b) …"), found so the page can
show each item on its own line, as the report prints it; the text itself is never changed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

# An item starts after a colon, semicolon or full stop and a space: "1. Questions", "a) Ouverture".
_NUMBERED = re.compile(r"(?<=[:;.] )(\d{1,2})\. (?=[^\W\d_])")
_LETTERED = re.compile(r"(?<=[:;.] )([a-z])\) (?=[^\W\d_])")
#: A list has at least this many items (a lone "1." is not one).
MIN_ITEMS = 2


@dataclass(frozen=True)
class Item:
    """Where a list item starts in a text, and its depth (1: "1.", 2: "a)")."""

    start: int
    depth: int


def _chain(text: str, pattern: re.Pattern[str], first: str) -> list[int]:
    """The starts of the longest run of items numbered ``first``, the next, ... in order, the first
    one right after a colon (the lead-in "ci-après :" or "suivants :")."""
    found = [(m.start(), m[1]) for m in pattern.finditer(text)]
    best: list[int] = []
    for i, (start, mark) in enumerate(found):
        if mark != first or text[start - 2] != ":":
            continue
        run, expected = [start], chr(ord(first) + 1)
        for later, later_mark in found[i + 1 :]:
            if later_mark == expected:
                run.append(later)
                expected = str(int(expected) + 1) if expected.isdigit() else chr(ord(expected) + 1)
        if len(run) > len(best):
            best = run
    return best if len(best) >= MIN_ITEMS else []


def list_items(text: str) -> list[Item]:
    """The list items of ``text`` in order: numbered items (depth 1) and lettered ones (depth 2)."""
    numbered = [Item(s, 1) for s in _chain(text, _NUMBERED, "1")]
    lettered = [Item(s, 2 if numbered and s > numbered[0].start else 1) for s in _chain(text, _LETTERED, "a")]
    return sorted(numbered + lettered, key=lambda item: item.start)


def _marked(text: str, start: int, end: int, mark: tuple[int, int] | None) -> str:
    """``text[start:end]`` escaped, the part inside ``mark`` (a span of ``text``) in <mark>."""
    if mark is None or mark[1] <= start or mark[0] >= end:
        return escape(text[start:end])
    lo, hi = max(start, mark[0]), min(end, mark[1])
    return f"{escape(text[start:lo])}<mark>{escape(text[lo:hi])}</mark>{escape(text[hi:end])}"


def text_html(text: str, quote: str = "", tail: str = "") -> str:
    """A unit's text as HTML: escaped, each list item in a block of its own (``span.li``, its
    depth in ``li-1`` / ``li-2``), the quoted sentence(s) marked when the quote is in it.
    The characters are the text's own: removing the tags and unescaping gives the text back
    (followed by ``tail``, kept on the last line: a closing " »")."""
    found = text.find(quote) if quote else -1
    mark = (found, found + len(quote)) if found >= 0 else None
    items = list_items(text)
    if not items:
        return _marked(text, 0, len(text), mark) + escape(tail)
    bounds = [item.start for item in items] + [len(text)]
    out = [_marked(text, 0, bounds[0], mark)]
    for item, end in zip(items, bounds[1:], strict=True):
        last = escape(tail) if end == len(text) else ""
        out.append(f'<span class="li li-{item.depth}">{_marked(text, item.start, end, mark)}{last}</span>')
    return "".join(out)

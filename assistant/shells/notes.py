"""Briefing notes as Markdown, standalone HTML or JSON (DOCX is in ``notes_docx``)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..answer.briefing import BriefEntry, Briefing, LibraryBriefing, Note, separator
from ..errors import UserInputError

FORMATS = ("md", "html", "json", "docx")


#: The header's first line names the body that met: "Organe : Groupe de travail sur …". The
#: notes' "Réunion" label read twice with the report's own words ("Réunion : réunion du
#: Groupe de travail…", "Meeting: réunion du…").
BODY_LABEL = {"fr": "Organe", "en": "Body", "es": "Órgano", "ar": "الهيئة", "ru": "Орган", "zh": "机构"}
#: Note languages written right to left: their labels turn, the report's quotes do not.
RTL = frozenset({"ar"})
_RTL_ATTR = ' dir="rtl"'
#: The report's words inside an Arabic note's line keep their order (Unicode isolates).
LTR_ISOLATE, END_ISOLATE = "\u2066", "\u2069"


def header_lines(briefing: Briefing) -> list[tuple[str, str]]:
    """(label, value) pairs of the note's header, skipping what the report did not say.

    The body that met ("Groupe de travail sur …"), else the meeting as the report names it,
    capitalised, with no label when that label would be the value's first word; then place,
    dates and symbol, in the report's own words.
    """
    meta, labels = briefing.meta, briefing.labels
    if meta.body:
        first = (BODY_LABEL[briefing.lang], meta.body)
    else:
        meeting = meta.meeting[:1].upper() + meta.meeting[1:]
        repeats = meeting.split(" ", 1)[0].casefold() in {labels["meeting"].casefold(), "réunion", "meeting"}
        first = ("" if repeats else labels["meeting"], meeting)
    pairs = [
        first,
        (labels["place"], meta.place),
        (labels["dates"], meta.dates),
        (labels["symbol"], meta.symbol),
    ]
    if briefing.lang in RTL:  # "التواريخ: 14 et 15 octobre 2021" would read "et 15 octobre 2021 14"
        return [(k, f"{LTR_ISOLATE}{v}{END_ISOLATE}") for k, v in pairs if v]
    return [(k, v) for k, v in pairs if v]


def _md_quote(entry: BriefEntry, excerpt_label: str) -> str:
    mark = f" ({excerpt_label})" if entry.excerpt else ""
    return f"> « {entry.quote} » {entry.citation}{mark}"


def _title(note: Note) -> str:
    return f"{note.labels['briefing']}{separator(note.lang)}{note.topic}"


def to_markdown(briefing: Note) -> str:
    """The briefing as Markdown: header, at a glance, recommendations, deliberations by section.

    Across a library: the reports searched, at a glance, then a heading per report with its
    own header, recommendations and deliberations.
    """
    if isinstance(briefing, LibraryBriefing):
        return _library_markdown(briefing)
    labels = briefing.labels
    lines = [f"# {_title(briefing)}", "", f"**{briefing.meta.title}**", ""]
    lines += _md_header(briefing)
    lines += ["", f"**{labels['glance']}** — {briefing.at_a_glance}", ""]
    if not briefing.discussed:
        lines.append(labels["not_discussed"])
        return "\n".join(lines) + "\n"
    return "\n".join(lines + _md_body(briefing, "##"))


def _md_header(briefing: Briefing) -> list[str]:
    sep = separator(briefing.lang)
    return [f"- {k}{sep}{v}" if k else f"- {v}" for k, v in header_lines(briefing)]


def _md_body(briefing: Briefing, h2: str) -> list[str]:
    """Recommendations and deliberations, their headings at level ``h2``."""
    labels, lines = briefing.labels, []
    if briefing.recommendations:
        lines += [f"{h2} {labels['recommendations']}", ""]
        for entry in briefing.recommendations:
            lines += [f"**{briefing.entry_label(entry)}**", "", _md_quote(entry, labels["excerpt"]), ""]
    if briefing.deliberations:
        lines += [f"{h2} {labels['deliberations']}", ""]
        for section in briefing.deliberations:
            lines += [f"{h2}# {section.heading}", ""]
            for entry in section.entries:
                lines += [_md_quote(entry, labels["excerpt"]), ""]
    return lines


def _library_line(note: LibraryBriefing) -> tuple[str, str]:
    return note.labels["library"], ", ".join(doc_id for doc_id, _ in note.reports)


def _library_markdown(note: LibraryBriefing) -> str:
    labels = note.labels
    key, value = _library_line(note)
    sep = separator(note.lang)
    lines = [f"# {_title(note)}", "", f"- {key}{sep}{value}", ""]
    lines += [f"**{labels['glance']}** — {note.at_a_glance}", ""]
    if not note.discussed:
        lines.append(labels["library_not_discussed"])
        return "\n".join(lines) + "\n"
    for part in note.parts:
        lines += [f"## {part.meta.title}", "", *_md_header(part), ""]
        lines += [f"**{labels['glance']}** — {part.at_a_glance}", "", *_md_body(part, "###")]
    return "\n".join(lines)


_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #999; } h3 { font-size: 1rem; color: #333; }
blockquote { margin: 0.6rem 0 1rem; padding: 0.3rem 1rem; border-left: 4px solid #5b92e5;
             background: #f4f7fb; }
.cite { font-weight: bold; color: #1f4e9c; white-space: nowrap; } .excerpt { color: #666; font-size: 0.9em; }
.glance { background: #eef2e6; padding: 0.5rem 1rem; } dl { display: grid; grid-template-columns: auto 1fr; }
dt { font-weight: bold; padding-right: 1rem; } dd { margin: 0; }
[dir=rtl] dt { padding: 0 0 0 1rem; }
[dir=rtl] [lang=fr], [dir=rtl] [lang=en] { direction: ltr; unicode-bidi: isolate; text-align: left; }
"""


def _html_entry(entry: BriefEntry, excerpt_label: str) -> str:
    excerpt = f' <span class="excerpt">({html.escape(excerpt_label)})</span>' if entry.excerpt else ""
    return (
        f'<blockquote lang="fr" id="ref-{html.escape(entry.ref)}">« {html.escape(entry.quote)} » '
        f'<span class="cite">{html.escape(entry.citation)}</span>{excerpt}</blockquote>'
    )


def to_html(briefing: Note) -> str:
    """The briefing as one standalone HTML page (inline CSS, no scripts or external resources).

    Across a library: the reports searched, at a glance, then a section per report.
    """
    labels, e = briefing.labels, html.escape
    title = _title(briefing)
    parts = [
        "<!DOCTYPE html>",
        # an Arabic note turns; the report's words in it (lang="fr") stay left to right (_CSS)
        f'<html lang="{e(briefing.lang)}"{_RTL_ATTR if briefing.lang in RTL else ""}>'
        '<head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    if isinstance(briefing, LibraryBriefing):
        key, value = _library_line(briefing)
        parts.append(f"<dl><dt>{e(key)}</dt><dd>{e(value)}</dd></dl>")
        parts.append(
            f'<p class="glance"><strong>{e(labels["glance"])}</strong> — {e(briefing.at_a_glance)}</p>'
        )
        if not briefing.discussed:
            parts.append(f"<p>{e(labels['library_not_discussed'])}</p>")
        for part in briefing.parts:
            parts.append(f'<section id="doc-{e(part.doc_id or "")}"><h2 lang="fr">{e(part.meta.title)}</h2>')
            parts += _html_header(part)
            parts.append(
                f'<p class="glance"><strong>{e(labels["glance"])}</strong> — {e(part.at_a_glance)}</p>'
            )
            parts += _html_body(part, 3)
            parts.append("</section>")
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"
    parts.append(f'<p lang="fr"><strong>{e(briefing.meta.title)}</strong></p>')
    parts += _html_header(briefing)
    parts.append(f'<p class="glance"><strong>{e(labels["glance"])}</strong> — {e(briefing.at_a_glance)}</p>')
    if not briefing.discussed:
        parts.append(f"<p>{e(labels['not_discussed'])}</p>")
    parts += _html_body(briefing, 2)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_glance(note: Note) -> str:
    e = html.escape
    return f'<p class="glance"><strong>{e(note.labels["glance"])}</strong> — {e(note.at_a_glance)}</p>'


def _html_header(briefing: Briefing) -> list[str]:
    e = html.escape
    if header := header_lines(briefing):
        # the values are the report's own words (French in an English note)
        lang = e(briefing.meta.language)
        rows = "".join(f'<dt>{e(k)}</dt><dd lang="{lang}">{e(v)}</dd>' for k, v in header)
        return [f"<dl>{rows}</dl>"]
    return []


def _html_body(briefing: Briefing, level: int) -> list[str]:
    """Recommendations and deliberations, their headings at ``<h{level}>``."""
    labels, e, parts = briefing.labels, html.escape, []
    h2, h3 = f"h{level}", f"h{level + 1}"
    if briefing.recommendations:
        parts.append(f"<{h2}>{e(labels['recommendations'])}</{h2}>")
        for entry in briefing.recommendations:
            parts.append(f"<h4>{e(briefing.entry_label(entry))}</h4>{_html_entry(entry, labels['excerpt'])}")
    if briefing.deliberations:
        parts.append(f"<{h2}>{e(labels['deliberations'])}</{h2}>")
        for section in briefing.deliberations:
            parts.append(f'<{h3} lang="fr">{e(section.heading)}</{h3}>')
            parts.extend(_html_entry(entry, labels["excerpt"]) for entry in section.entries)
    return parts


def to_json(briefing: Note) -> str:
    """The briefing as JSON (``Briefing.to_dict`` or ``LibraryBriefing.to_dict``)."""
    return json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render(briefing: Note, fmt: str) -> str:
    """The briefing as text in ``fmt`` ("md", "html" or "json").

    Raises:
        UserInputError: unknown format, or "docx" (a file format: use ``write``).
    """
    renderers = {"md": to_markdown, "html": to_html, "json": to_json}
    if fmt not in renderers:
        hint = " DOCX is written to a file: pass -o FILE." if fmt == "docx" else ""
        raise UserInputError(f"Unknown text format {fmt!r}: use md, html or json.{hint}")
    return renderers[fmt](briefing)


def write(briefing: Note, fmt: str, path: Path) -> Path:
    """Write the briefing to ``path`` in ``fmt`` ("md", "html", "json" or "docx"); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "docx":
        from .notes_docx import write_docx

        write_docx(briefing, path)
    else:
        path.write_text(render(briefing, fmt), encoding="utf-8")
    return path

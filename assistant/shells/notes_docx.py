"""Briefing notes as Word documents (python-docx, imported only when a DOCX is asked for)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..answer.briefing import BriefEntry, Briefing, LibraryBriefing, Note, separator
from ..errors import ConfigError
from .notes import RTL, header_lines

CITATION_STYLE = "Citation"


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise ConfigError(
            "DOCX output needs python-docx: `pip install python-docx` (or use --format md|html|json)."
        ) from None
    return docx


def write_docx(briefing: Note, path: Path) -> None:
    """Write the briefing as a .docx with Word headings, quotes in the Quote style and styled citations.

    Across a library: the reports searched, at a glance, then a level-1 heading per report.
    """
    docx = _docx()
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    styles = document.styles
    citation = styles.add_style(CITATION_STYLE, WD_STYLE_TYPE.CHARACTER)
    citation.font.bold = True
    citation.font.color.rgb = RGBColor(0x1F, 0x4E, 0x9C)
    styles["Quote"].font.size = Pt(11)
    labels = briefing.labels
    sep = separator(briefing.lang)
    # an Arabic note's own words run right to left; the report's (titles, headings, quotes) do not
    turn = _right_to_left if briefing.lang in RTL else (lambda paragraph: paragraph)
    document.core_properties.title = f"{labels['briefing']}{sep}{briefing.topic}"
    document.core_properties.language = briefing.lang
    turn(document.add_heading(f"{labels['briefing']}{sep}{briefing.topic}", level=0))
    if isinstance(briefing, LibraryBriefing):
        turn(_pair(document, labels["library"], ", ".join(doc_id for doc_id, _ in briefing.reports), sep))
        turn(_glance(document, labels["glance"], briefing.at_a_glance))
        if not briefing.discussed:
            turn(document.add_paragraph(labels["library_not_discussed"]))
        for part in briefing.parts:
            document.add_heading(part.meta.title, level=1)
            _header(document, part, sep, turn)
            turn(_glance(document, labels["glance"], part.at_a_glance))
            _body(document, part, 2, turn)
        document.save(str(path))
        return
    document.add_paragraph().add_run(briefing.meta.title).bold = True
    _header(document, briefing, sep, turn)
    turn(_glance(document, labels["glance"], briefing.at_a_glance))
    if not briefing.discussed:
        turn(document.add_paragraph(labels["not_discussed"]))
    _body(document, briefing, 1, turn)
    document.save(str(path))


def _right_to_left(paragraph: Any) -> Any:
    """The paragraph set right to left (Word's bidi paragraph property), for an Arabic note's labels."""
    from docx.oxml import OxmlElement

    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    return paragraph


def _pair(document: Any, key: str, value: str, sep: str) -> Any:
    paragraph = document.add_paragraph(style="List Bullet")
    if key:
        paragraph.add_run(f"{key}{sep}").bold = True
    paragraph.add_run(value)
    return paragraph


def _header(document: Any, briefing: Briefing, sep: str, turn: Callable[[Any], Any]) -> None:
    for key, value in header_lines(briefing):
        turn(_pair(document, key, value, sep))


def _glance(document: Any, label: str, text: str) -> Any:
    glance = document.add_paragraph()
    glance.add_run(f"{label} — ").bold = True
    glance.add_run(text)
    return glance


def _body(document: Any, briefing: Briefing, level: int, turn: Callable[[Any], Any]) -> None:
    """Recommendations and deliberations, their headings at ``level`` (``turn``: the labels' direction)."""
    labels = briefing.labels
    if briefing.recommendations:
        turn(document.add_heading(labels["recommendations"], level=level))
        for entry in briefing.recommendations:
            turn(document.add_heading(briefing.entry_label(entry), level=3))
            _quote(document, entry, labels["excerpt"])
    if briefing.deliberations:
        turn(document.add_heading(labels["deliberations"], level=level))
        for section in briefing.deliberations:
            document.add_heading(section.heading, level=level + 1)
            for entry in section.entries:
                _quote(document, entry, labels["excerpt"])


def _quote(document: Any, entry: BriefEntry, excerpt_label: str) -> None:
    paragraph = document.add_paragraph(style="Quote")
    paragraph.add_run(f"« {entry.quote} » ")
    paragraph.add_run(entry.citation, style=CITATION_STYLE)
    if entry.excerpt:
        paragraph.add_run(f" ({excerpt_label})")

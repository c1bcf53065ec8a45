"""Briefing notes as Word documents (python-docx, imported only when a DOCX is asked for)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..answer.briefing import BriefEntry, Briefing
from ..errors import ConfigError

CITATION_STYLE = "Citation"


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise ConfigError(
            "DOCX output needs python-docx: `pip install python-docx` (or use --format md|html|json)."
        ) from None
    return docx


def write_docx(briefing: Briefing, path: Path) -> None:
    """Write the briefing as a .docx with Word headings, quotes in the Quote style and styled citations."""
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
    sep = " : " if briefing.lang == "fr" else ": "
    document.core_properties.title = f"{labels['briefing']}{sep}{briefing.topic}"
    document.core_properties.language = briefing.lang
    document.add_heading(f"{labels['briefing']}{sep}{briefing.topic}", level=0)
    document.add_paragraph().add_run(briefing.meta.title).bold = True
    meta = briefing.meta
    for key, value in (
        (labels["meeting"], meta.meeting),
        (labels["place"], meta.place),
        (labels["dates"], meta.dates),
        (labels["symbol"], meta.symbol),
    ):
        if value:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{key}{sep}").bold = True
            paragraph.add_run(value)
    glance = document.add_paragraph()
    glance.add_run(f"{labels['glance']} — ").bold = True
    glance.add_run(briefing.at_a_glance)
    if not briefing.discussed:
        document.add_paragraph(labels["not_discussed"])
    if briefing.recommendations:
        document.add_heading(labels["recommendations"], level=1)
        for entry in briefing.recommendations:
            document.add_heading(briefing.entry_label(entry), level=3)
            _quote(document, entry, labels["excerpt"])
    if briefing.deliberations:
        document.add_heading(labels["deliberations"], level=1)
        for section in briefing.deliberations:
            document.add_heading(section.heading, level=2)
            for entry in section.entries:
                _quote(document, entry, labels["excerpt"])
    document.save(str(path))


def _quote(document: Any, entry: BriefEntry, excerpt_label: str) -> None:
    paragraph = document.add_paragraph(style="Quote")
    paragraph.add_run(f"« {entry.quote} » ")
    paragraph.add_run(entry.citation, style=CITATION_STYLE)
    if entry.excerpt:
        paragraph.add_run(f" ({excerpt_label})")

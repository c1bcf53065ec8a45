"""The parser: units, numbering, sections and the cleaning of PDF debris."""

from __future__ import annotations

import re

import pytest

from assistant import Report, ReportFormatError, parse_report
from assistant.config import project_root

REPORT_PATH = project_root() / "index" / "sources" / "wg-smuggling-of-migrants-2021-fr.txt"


def test_report_has_41_paragraphs_and_12_recommendations(report: Report) -> None:
    paragraphs = [u.ref for u in report.units if u.kind == "paragraph"]
    recommendations = [u.ref for u in report.units if u.kind == "recommendation"]
    assert paragraphs == [str(n) for n in range(1, 42)]
    assert recommendations == [f"R{n}" for n in range(1, 13)]


@pytest.mark.parametrize(
    ("ref", "first", "last"),
    [
        ("1", "En application de la résolution 5/3", "transnationale organisée."),
        ("4", "À sa huitième réunion", "présentées ci-après."),
        ("R1", "Les États parties sont encouragés à améliorer", "conformément à leur droit interne."),
        ("R12", "Les États parties devraient s’efforcer", "réseaux criminels à ces fins."),
        ("16", "M. Brito De Barros, exposant", "d’une très grande complexité."),
        ("38", "Les organisations et mécanismes intergouvernementaux", "la coopération en Europe."),
        ("41", "À sa 4e séance, le 15 octobre 2021", "II, IV et V du présent rapport."),
    ],
)
def test_units_keep_the_reports_words(report: Report, ref: str, first: str, last: str) -> None:
    text = report.unit(ref).text
    assert text.startswith(first)
    assert text.endswith(last)


def test_no_url_footnote_or_link_debris_in_any_unit(report: Report) -> None:
    for unit in report.units:
        assert "http" not in unit.text and "www." not in unit.text, unit.ref
        assert "sharepoint" not in unit.text.lower(), unit.ref
        assert "____" not in unit.text, unit.ref
        assert "\n" not in unit.text and "  " not in unit.text, unit.ref
    # the footnote call after "site Web de la réunion" is dropped with its footnote
    assert "site Web de la réunion. Les délégations" in report.unit("32").text


def test_page_break_continuations_and_split_words_are_repaired(report: Report) -> None:
    assert "ses groupes de travail" in report.unit("2").text  # "grou pes"
    assert "transrégionale et internationale" in report.unit("18").text  # "internat ionale"
    assert "Mme Hickman a présenté" in report.unit("15").text  # "M me"
    assert "l’ampleur de ce phénomène" in report.unit("R8").text  # "l ’ampleur"
    # a page break inside paragraph 38 (after the footnote and link lines) is joined
    assert (
        "Bureau de la Conseillère spéciale du Secrétaire général pour la prévention" in report.unit("38").text
    )
    words = " ".join(u.text for u in report.units).split()
    assert "grou" not in words and "pes" not in words


def test_paragraph_30_keeps_its_agenda(report: Report) -> None:
    text = report.unit("30").text
    for item in (
        "1. Questions d’organisation",
        "2. Analyse de l’influence",
        "4. Questions diverses.",
        "5. Adoption du rapport.",
    ):
        assert item in text
    assert report.unit("31").text.startswith("Comme le Bureau élargi")


def test_sections_paths(report: Report) -> None:
    assert report.unit("1").section == "I. Introduction"
    assert report.unit("R7").section.startswith(
        "II. Recommandations > B. Recommandations sur comment renforcer"
    )
    assert report.unit("R7").section.endswith("trafic illicite de personnes migrantes")
    assert report.unit("18").section.startswith("III. Résumé des délibérations > B. Comment renforcer")
    assert report.unit("24").section == "IV. Organisation de la réunion > A. Ouverture de la réunion"
    assert report.unit("41").section == "V. Adoption du rapport"
    assert all(u.doc_id == "wg-smuggling-of-migrants-2021-fr" for u in report.units)


def test_a_gap_in_the_numbering_is_reported_by_number() -> None:
    raw = REPORT_PATH.read_text(encoding="utf-8")
    broken = re.sub(r"(?m)^12\. Plusieurs", "Plusieurs", raw.replace(" 12. Plusieurs", "12. Plusieurs"))
    with pytest.raises(
        ReportFormatError, match=r"found paragraph 13 after paragraph 11; paragraph 12 is missing"
    ):
        parse_report(broken, "broken")


def test_a_text_without_paragraphs_is_refused() -> None:
    with pytest.raises(ReportFormatError, match="No numbered paragraphs"):
        parse_report("Just some text\nwith no structure.\n", "empty")


def test_unit_lookup_by_ref(report: Report) -> None:
    assert report.unit("R7").label == "Recommandation 7"
    assert report.unit("18").label == "Paragraphe 18"
    with pytest.raises(KeyError):
        report.unit("42")

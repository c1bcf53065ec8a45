"""The library of reports: adding a report from its PDF or text, listing and removing it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Report, ReportFormatError, Settings, UserInputError, create_assistant, load_report
from assistant.config import project_root
from assistant.index.embeddings import SentenceTransformerEmbedder, UseEmbedder
from assistant.ingest.library import add_report, document_symbol, list_reports
from assistant.shells import cli

REPORT_PATH = project_root() / "index" / "sources" / "wg-smuggling-of-migrants-2021-fr.txt"
SYNTHETIC_PATH = project_root() / "tests" / "data" / "synthetic-2022.txt"


def _pdf_of(text_path: Path, pdf_path: Path) -> Path:
    """A PDF of the report's text, one text line per PDF line, pages of 70 lines (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(pdf_path), pagesize=A4)
    for i, line in enumerate(text_path.read_text(encoding="utf-8").splitlines()):
        if i and i % 70 == 0:
            page.showPage()
        page.setFont("Helvetica", 9)
        page.drawString(40, A4[1] - 40 - 11 * (i % 70), line)
    page.save()
    return pdf_path


def _same_units(a: Report, b: Report) -> None:
    assert [u.ref for u in a.units] == [u.ref for u in b.units]
    for x, y in zip(a.units, b.units, strict=True):
        assert x.section == y.section, x.ref
        assert " ".join(x.text.split()) == " ".join(y.text.split()), x.ref


def test_units_from_the_pdf_equal_units_from_the_text(tmp_path: Path, report: Report) -> None:
    pdf = _pdf_of(REPORT_PATH, tmp_path / "report.pdf")
    added = add_report(tmp_path / "sources", pdf)
    assert added.doc_id == "report" and (tmp_path / "sources" / "report.txt").is_file()
    _same_units(added, report)
    _same_units(list_reports(tmp_path / "sources")[0], report)


def test_a_report_added_from_pdf_to_an_empty_folder_answers(
    tmp_path: Path, embedder: SentenceTransformerEmbedder, gate: UseEmbedder
) -> None:
    pdf = _pdf_of(REPORT_PATH, tmp_path / "wg-2021.pdf")
    settings = Settings.from_env(env={}, sources_dir=tmp_path / "sources", data_dir=tmp_path / "data")
    add_report(settings.sources_dir, pdf)
    answer = create_assistant(settings, embedder=embedder, gate=gate).ask(
        "Qu'est-ce que l'opération Turquesa ?"
    )
    assert answer.cited == "16" and "Turquesa" in answer.quote


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Un texte sans paragraphes numérotés.\n", "No numbered paragraphs"),
        ("I. Introduction\n1. Premier paragraphe.\n3. Troisième paragraphe.\n", "2"),
    ],
)
def test_a_file_that_is_not_a_report_is_refused_and_nothing_written(
    tmp_path: Path, text: str, message: str
) -> None:
    source = tmp_path / "bad.txt"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ReportFormatError, match=message):
        add_report(tmp_path / "sources", source)
    assert not (tmp_path / "sources").exists() or list((tmp_path / "sources").iterdir()) == []


def test_cli_add_list_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "sources"
    monkeypatch.setenv("ASSISTANT_SOURCES_DIR", str(sources))
    bad = tmp_path / "notes.txt"
    bad.write_text("Rien de numéroté ici.\n", encoding="utf-8")
    assert cli.main(["add", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "No numbered paragraphs" in err and str(bad) in err and not sources.exists()
    assert cli.main(["add", str(tmp_path / "missing.pdf")]) == 2
    assert "No such file" in capsys.readouterr().err

    add_report(sources, REPORT_PATH, "wg-2021")
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "wg-2021" in out and "41 paragraphs, 12 recommendations" in out
    assert "Groupe de travail sur le trafic illicite de migrants" in out
    assert "14 et 15 octobre 2021, Vienne; language fr" in out and "cited as" not in out

    assert cli.main(["remove", "nope"]) == 2
    assert "No report 'nope'" in capsys.readouterr().err
    assert cli.main(["remove", "wg-2021"]) == 0
    assert list(sources.glob("*.txt")) == []


def test_a_second_report_is_added_but_not_the_same_report_twice(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    add_report(sources, REPORT_PATH, "wg-2021")
    with pytest.raises(UserInputError, match="already in the library as 'wg-2021'"):
        add_report(sources, REPORT_PATH, "wg-2021")  # the same again
    with pytest.raises(UserInputError, match="already in the library as 'wg-2021'"):
        add_report(sources, REPORT_PATH, "wg-2022")
    with pytest.raises(UserInputError, match="cannot be a document id"):
        add_report(tmp_path / "other", REPORT_PATH, "../escape")
    assert add_report(sources, SYNTHETIC_PATH).doc_id == "synthetic-2022"
    assert sorted(p.name for p in sources.iterdir()) == ["synthetic-2022.txt", "wg-2021.txt"]


def test_document_symbol() -> None:
    assert document_symbol("Nations Unies  CTOC/COP/WG.7/2021/3\nDistr. générale") == "CTOC/COP/WG.7/2021/3"
    assert document_symbol("A/RES/75/1 adopted") == "A/RES/75/1"
    assert document_symbol(load_report(REPORT_PATH).title) is None


def test_the_same_pdf_twice_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = _pdf_of(SYNTHETIC_PATH, tmp_path / "synthetic.pdf")
    sources = tmp_path / "sources"
    add_report(sources, pdf)
    with pytest.raises(UserInputError, match="already in the library as 'synthetic'"):
        add_report(sources, pdf)
    with pytest.raises(UserInputError, match="already in the library as 'synthetic'"):
        add_report(sources, pdf, "other-id")
    monkeypatch.setenv("ASSISTANT_SOURCES_DIR", str(sources))
    assert cli.main(["add", str(pdf)]) == 2
    captured = capsys.readouterr()
    assert "already in the library" in captured.err and "Added" not in captured.out
    assert [p.name for p in sources.iterdir()] == ["synthetic.txt"]


def test_a_text_file_named_pdf_gives_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("Ceci n'est pas un PDF.\n", encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_SOURCES_DIR", str(tmp_path / "sources"))
    assert cli.main(["add", str(fake)]) == 2
    captured = capfd.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if line.strip()]
    assert len(lines) == 1 and f"Cannot read {fake} as a PDF" in lines[0], lines
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")]  # no repair warnings

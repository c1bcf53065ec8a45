"""A library of two reports: the real 2021 report and a small SYNTHETIC 2022 one (tests/data):
qualified citations, --doc, lookups, briefings, gold files, the chat page, incremental indexing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from browser import ask, chromium, free_port, new_page, shot

from assistant import (
    Assistant,
    Briefing,
    LibraryBriefing,
    Settings,
    UserInputError,
    create_assistant,
    load_report,
)
from assistant.answer.citations import named_doc, parse_citation, qualified_citations
from assistant.answer.retrieval import lookup_keys
from assistant.config import project_root
from assistant.errors import IndexNotReadyError
from assistant.evaluation.harness import GoldQuestion, Outcome, cited_as, evaluate, load_gold
from assistant.index.e5_numpy import NumpyE5Embedder
from assistant.index.embeddings import UseEmbedder
from assistant.index.store import Record
from assistant.ingest.library import add_report, remove_report
from assistant.shells import cli, notes

REPORT_PATH = project_root() / "index" / "sources" / "wg-smuggling-of-migrants-2021-fr.txt"
SYNTHETIC_PATH = project_root() / "tests" / "data" / "synthetic-2022.txt"
REAL, SYNTHETIC = "wg-2021", "synthetic-2022"


# --- citations, without the model ---------------------------------------------------------------


def test_parse_citation() -> None:
    docs = [REAL, SYNTHETIC]
    assert parse_citation("synthetic-2022/R2", docs) == (SYNTHETIC, "R2")
    assert parse_citation("WG-2021/18", docs) == (REAL, "18")
    assert parse_citation("18", [REAL]) == (REAL, "18")
    assert parse_citation("wg-2021/r7", [REAL]) == (REAL, "R7")
    with pytest.raises(UserInputError, match="ambiguous with several reports: write DOCID/18"):
        parse_citation("18", docs)
    with pytest.raises(UserInputError, match="Unknown report 'nope'"):
        parse_citation("nope/18", docs)
    with pytest.raises(UserInputError, match="not a citation"):
        parse_citation("wg-2021/x", docs)


def test_citations_named_in_a_question() -> None:
    docs = [REAL, SYNTHETIC]
    assert qualified_citations("compare synthetic-2022/R2 and wg-2021/16", docs) == [
        (SYNTHETIC, "R2"),
        (REAL, "16"),
    ]
    assert qualified_citations("unknown/16 and 2021/16", docs) == []
    assert named_doc("paragraph 18 of wg-2021", docs) == REAL
    assert named_doc("paragraph 18 of wg-2021.", docs) == REAL
    assert named_doc("paragraph 18", docs) is None
    keys = [(REAL, "5"), (REAL, "18"), (SYNTHETIC, "5"), (SYNTHETIC, "R2")]
    assert lookup_keys("synthetic-2022/R2", keys) == [(SYNTHETIC, "R2")]
    assert lookup_keys("para 5 of synthetic-2022", keys) == [(SYNTHETIC, "5")]
    assert lookup_keys("para 5", keys) == [(REAL, "5"), (SYNTHETIC, "5")]
    assert lookup_keys("paragraphe 18 du rapport synthetic-2022", keys) == []


def test_the_synthetic_report_is_marked_and_parses() -> None:
    report = load_report(SYNTHETIC_PATH)
    assert "SYNTHETIC" in report.title and "SYNTHÉTIQUE" in report.unit("1").text
    assert report.refs == [*(str(i) for i in range(1, 4)), "R1", "R2", "R3", *(str(i) for i in range(4, 11))]
    assert report.metadata.dates == "6 et 7 juillet 2022" and report.metadata.language == "fr"


# --- two reports, the real model and a real Chroma ----------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Settings:
    """A sources folder with the real report, indexed; the synthetic report is added by ``two``."""
    root = tmp_path_factory.mktemp("library")
    settings = Settings.from_env(
        env={}, sources_dir=root / "sources", data_dir=root / "data", cache_dir=model_cache
    )
    add_report(settings.sources_dir, REPORT_PATH, REAL)
    return settings


@pytest.fixture(scope="module")
def two(library: Settings, embedder: NumpyE5Embedder, gate: UseEmbedder) -> Assistant:
    """The library after `add` of the synthetic report: only its units were embedded."""
    one = create_assistant(library, embedder=embedder, gate=gate)
    assert one.build_index().built and not one.qualified
    names = sorted(one.store._all_names())
    add_report(library.sources_dir, SYNTHETIC_PATH)
    built = create_assistant(library, embedder=embedder, gate=gate)
    asked: list[Collection[str] | None] = []
    records = built._records

    def counted(docs: Collection[str] | None = None):  # type: ignore[no-untyped-def]
        asked.append(docs)
        return records(docs)

    built._records = counted  # type: ignore[method-assign]
    update = built.build_index()
    assert update.updated and update.added_docs == (SYNTHETIC,) and update.dropped_docs == ()
    assert asked == [[SYNTHETIC]]  # the real report was not embedded again
    assert sorted(built.store._all_names()) == names  # same collections, written in place
    assert update.counts["dense"] == 53 + 13
    return built


def test_two_reports_answer_from_the_right_report_with_qualified_citations(two: Assistant) -> None:
    assert two.qualified and two.doc_ids == [SYNTHETIC, REAL]
    social = two.ask("Comment les passeurs utilisent-ils les réseaux sociaux ?", k=3)
    assert not social.abstained and social.cited == f"{SYNTHETIC}/4"
    assert social.text.endswith(f"[{SYNTHETIC}/4]")
    assert social.report is not None and "SYNTHETIC" in social.report.title
    turquesa = two.ask("Qu'est-ce que l'opération Turquesa ?", k=3)
    assert turquesa.cited == f"{REAL}/16" and "Turquesa" in turquesa.quote
    assert turquesa.report is not None and "14 et 15 octobre 2021" in turquesa.report.title
    assert all("/" in ref for ref in turquesa.citations)
    data = turquesa.to_dict()
    assert data["passages"][0] == {**data["passages"][0], "ref": f"{REAL}/16", "doc_id": REAL}
    assert data["report"]["doc_id"] == REAL and data["report"]["dates"] == "14 et 15 octobre 2021"
    text = cli.render_answer(turquesa)
    assert f"[{REAL}/16]" in text and "— Rapport de la réunion" in text


def test_doc_restricts_to_one_report(two: Assistant, capsys: pytest.CaptureFixture[str]) -> None:
    only = two.ask("Qu'est-ce que l'opération Turquesa ?", k=5, doc=SYNTHETIC)
    assert only.passages and all(p.unit.doc_id == SYNTHETIC for p in only.passages)
    assert two.ask("Qu'est-ce que l'opération Turquesa ?", doc=REAL).cited == f"{REAL}/16"
    ranking = two.rank("cryptomonnaie", doc=REAL)
    assert len(ranking.hits) == 53 and {h.chunk.unit.doc_id for h in ranking.hits} == {REAL}
    with pytest.raises(UserInputError, match=f"Unknown report 'nope': the library holds {SYNTHETIC}, {REAL}"):
        two.ask("Turquesa", doc="nope")
    assert cli.main(["ask", "Turquesa", "--doc", "nope"]) == 2
    assert "Unknown report 'nope'" in capsys.readouterr().err


def test_qualified_lookups(two: Assistant) -> None:
    r2 = two.ask(f"{SYNTHETIC}/R2", k=1)
    assert r2.cited == f"{SYNTHETIC}/R2" and r2.quote == two.unit(f"{SYNTHETIC}/R2").text
    assert two.ask(f"paragraph 5 of {REAL}", k=1).cited == f"{REAL}/5"
    both = two.ask("para 5", k=2)
    assert sorted(both.citations) == [f"{SYNTHETIC}/5", f"{REAL}/5"]
    missing = two.ask(f"{SYNTHETIC}/30")
    assert missing.abstained and "paragraphs 1-10 and recommendations R1-R3" in missing.text
    assert two.ask(f"{REAL}/30", k=1).cited == f"{REAL}/30"


def test_brief_across_two_reports(two: Assistant, tmp_path: Path) -> None:
    from docx import Document

    financial = two.brief("enquêtes financières")
    assert isinstance(financial, LibraryBriefing) and financial.discussed and financial.lang == "fr"
    # each report's relevant units, not only those of the report whose unit ranks first
    assert [p.doc_id for p in financial.parts] == [SYNTHETIC, REAL]
    assert {f"{SYNTHETIC}/R2", f"{REAL}/R6", f"{REAL}/18"} <= set(financial.refs)
    for part in financial.parts:
        assert part.refs and all(r.startswith(f"{part.doc_id}/") for r in part.refs)
    assert financial.refs == [r for p in financial.parts for r in p.refs]
    # the same cut-off as for one report: restricted to a report, a brief keeps the same units or more
    only_real = two.brief("enquêtes financières", doc=REAL)
    assert isinstance(only_real, Briefing) and set(financial.parts[1].refs) <= set(only_real.refs)
    assert json.loads(notes.render(only_real, "json"))["doc_id"] == REAL
    markdown = notes.render(financial, "md")
    synthetic, real = markdown.index("## Rapport de la réunion"), markdown.index("14 et 15 octobre 2021")
    assert "- Rapports : synthetic-2022, wg-2021" in markdown and synthetic < real
    assert "6 et 7 juillet 2022" in markdown[synthetic:real] and "### Recommandations" in markdown
    assert "> « Les États parties sont encouragés" in markdown and f"[{REAL}/R6]" in markdown
    html = notes.render(financial, "html")
    assert f'<section id="doc-{REAL}">' in html and f'id="ref-{SYNTHETIC}/R2"' in html
    data = json.loads(notes.render(financial, "json"))
    assert [r["doc_id"] for r in data["reports"]] == [SYNTHETIC, REAL] and data["refs"] == financial.refs
    assert [r["doc_id"] for r in data["library"]] == [SYNTHETIC, REAL]
    word = Document(str(notes.write(financial, "docx", tmp_path / "note.docx")))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 2 and "2022" in headings[0] and "14 et 15 octobre 2021" in headings[1]
    assert any(f"[{REAL}/18]" in p.text for p in word.paragraphs)

    crypto = two.brief("cryptomonnaies")
    assert isinstance(crypto, LibraryBriefing) and f"{SYNTHETIC}/R2" in crypto.refs
    assert crypto.parts[0].doc_id == SYNTHETIC and "SYNTHETIC" in crypto.parts[0].meta.title
    real = two.brief("opération Turquesa")
    assert f"{REAL}/16" in real.refs
    restricted = two.brief("cryptomonnaies", doc=REAL)
    assert isinstance(restricted, Briefing) and all(r.startswith(f"{REAL}/") for r in restricted.refs)
    assert "SYNTHETIC" not in restricted.meta.title


def test_a_declined_topic_names_no_one_report(two: Assistant) -> None:
    declined = two.brief("nuclear disarmament")
    assert isinstance(declined, LibraryBriefing) and not declined.discussed and declined.refs == []
    for fmt in ("md", "html"):
        text = notes.render(declined, fmt)
        assert "No report of the library discusses this topic" in text
        assert "Rapport de la réunion" not in text and "2021" not in text.replace("wg-2021", "")
    assert "Reports: synthetic-2022, wg-2021" in notes.render(declined, "md")


def test_chat_page_briefing_across_the_library(two: Assistant) -> None:
    """The Briefing tab shows ``notes.render(briefing, "md")`` and offers ``notes.write`` files."""
    markdown = notes.render(two.brief("cryptomonnaies", lang="en"), "md")
    assert markdown.startswith("# Briefing note: cryptomonnaies") and f"[{SYNTHETIC}/R2]" in markdown


def test_gold_with_qualified_refs(two: Assistant, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "s1",
            "question": "Comment les passeurs utilisent-ils les réseaux sociaux ?",
            "expected": [f"{SYNTHETIC}/4", f"{SYNTHETIC}/R1"],
        },
        {"id": "r1", "question": "Qu'est-ce que l'opération Turquesa ?", "expected": [f"{REAL}/16"]},
        {"id": "n1", "question": "What is the capital of Peru?", "expected": []},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    questions = cited_as(load_gold(gold), two.doc_ids)
    assert questions[1].expected == (f"{REAL}/16",)

    def production(question: str) -> Outcome:
        answer = two.ask(question, k=5)
        return Outcome(answer.citations, answer.abstained, answer.quote)

    summary, _ = evaluate(questions, production)
    assert summary["hit@1"] == 1.0 and summary["abstain_correct"] == 1.0, summary["failures"]
    # a single-report gold file keeps working; qualified refs of that report are read as bare ones
    single = [GoldQuestion("q", "Turquesa ?", ("16", f"{REAL}/R7"))]
    assert cited_as(single, [REAL])[0].expected == ("16", "R7")
    with pytest.raises(UserInputError, match="ambiguous"):
        cited_as(single, two.doc_ids)


def test_chat_page_renders_qualified_citations(two: Assistant) -> None:
    from assistant.ui import render

    answer = two.ask("Comment les passeurs utilisent-ils les réseaux sociaux ?", k=2)
    html = render.answer_html(answer, "library", "en")
    cited = f"{SYNTHETIC}/4"
    assert f'href="?ref={cited}" data-ref="{cited}"' in html
    assert f"paragraph 4 [{cited}]" in html and 'class="source"' in html and "SYNTHETIC" in html
    looked_up = two.ask(f"{SYNTHETIC}/R1", k=1).passages[0]
    assert f">Recommendation 1 [{SYNTHETIC}/R1]</a>" in render.passage_html(looked_up, "en")  # not "r1"
    copied = render.copy_text(answer, "library", "en")  # names the report quoted, not the page's title
    assert "SYNTHETIC" in copied and copied.endswith("para. 4)") and "library" not in copied
    page = render.report_html(two.reports, "en")
    assert f'id="{cited}"' in page and f'id="{REAL}/16"' in page
    side = render.context_html(two.report(SYNTHETIC), "4", "en", qualified=True)
    assert f'data-ref="{cited}"' in side and f'data-ref="{SYNTHETIC}/R3"' in side and "SYNTHETIC" in side
    one = render.report_html([two.report(REAL)], "en")
    assert 'id="16"' in one and f"{REAL}/" not in one


def _copy_of(library: Settings, tmp_path: Path) -> Settings:
    """Settings for a copy of the two-report library (sources and built index) under tmp_path."""
    settings = Settings.from_env(
        env={}, sources_dir=tmp_path / "sources", data_dir=tmp_path / "data", cache_dir=library.cache_dir
    )
    shutil.copytree(library.sources_dir, settings.sources_dir)
    shutil.copytree(library.data_dir, settings.data_dir)
    return settings


def _real_only(
    library: Settings, tmp_path: Path, embedder: NumpyE5Embedder, gate: UseEmbedder
) -> tuple[Settings, Assistant]:
    """A copy of the library with the synthetic report removed, and its assistant, indexed."""
    settings = _copy_of(library, tmp_path)
    remove_report(settings.sources_dir, SYNTHETIC)
    one = create_assistant(settings, embedder=embedder, gate=gate)
    one.build_index()
    return settings, one


def test_removal_goes_back_to_unqualified_citations(
    two: Assistant, library: Settings, tmp_path: Path, embedder: NumpyE5Embedder, gate: UseEmbedder
) -> None:
    settings = _copy_of(library, tmp_path)
    remove_report(settings.sources_dir, SYNTHETIC)
    one = create_assistant(settings, embedder=embedder, gate=gate)
    update = one.build_index()
    assert update.dropped_docs == (SYNTHETIC,) and update.added_docs == ()
    assert update.counts["dense"] == 53 and not one.qualified
    answer = one.ask("Qu'est-ce que l'opération Turquesa ?", k=3)
    assert answer.cited == "16" and answer.report is None and "doc_id" not in answer.to_dict()["passages"][0]
    assert "report" not in answer.to_dict()


def test_an_interrupted_update_keeps_a_complete_index_without_the_half_written_report(
    two: Assistant, library: Settings, tmp_path: Path, embedder: NumpyE5Embedder, gate: UseEmbedder
) -> None:
    settings = _copy_of(library, tmp_path)
    changed = settings.sources_dir / f"{SYNTHETIC}.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n11. Paragraphe ajouté pour le test (SYNTHÉTIQUE).\n",
        encoding="utf-8",
    )
    broken = create_assistant(settings, embedder=embedder, gate=gate)
    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)

    def failing(docs: Collection[str] | None = None) -> dict[str, list[Record]]:
        chunks = [c for c in broken.chunks if docs is None or c.unit.doc_id in docs]
        good = [Record(c.id, vector, c.text, {"doc_id": c.unit.doc_id, "ref": c.unit.ref}) for c in chunks]
        bad = [Record("s", vector, "x", {"doc_id": SYNTHETIC, "ref": object()})]  # type: ignore[dict-item]
        return {"dense": good, "gate": good, "sentences": bad}  # fails while writing the last slot

    with pytest.raises(Exception):  # noqa: B017 - whatever Chroma raises for bad metadata
        broken.store.ensure(failing, build_docs=failing)
    # the index is complete and holds the real report only: nothing of the changed one is left
    assert broken.store._current() is not None and set(broken.store._current()[1]) == {REAL}
    assert broken.store.collection("dense").count() == 53
    assert broken.store.collection("sentences").get(where={"doc_id": SYNTHETIC})["ids"] == []
    fixed = create_assistant(settings, embedder=embedder, gate=gate)
    update = fixed.build_index()
    assert update.added_docs == (SYNTHETIC,) and update.counts["dense"] == 53 + 14
    assert fixed.ask(f"{SYNTHETIC}/11", k=1).cited == f"{SYNTHETIC}/11"


def test_a_process_started_before_add_does_not_take_the_new_report_out(
    two: Assistant, library: Settings, tmp_path: Path, embedder: NumpyE5Embedder, gate: UseEmbedder
) -> None:
    settings = _copy_of(library, tmp_path)
    added = settings.sources_dir / f"{SYNTHETIC}.txt"
    text = added.read_text(encoding="utf-8")
    added.unlink()
    stale = create_assistant(settings, embedder=embedder, gate=gate)  # started before the `add`
    added.write_text(text, encoding="utf-8")
    with pytest.raises(IndexNotReadyError, match=f"{SYNTHETIC} joined .* restart it"):
        stale.ask("Turquesa")
    assert set(stale.store.held_documents()) == {REAL, SYNTHETIC}


def test_api_returns_qualified_citations_and_takes_a_doc(two: Assistant) -> None:
    import socket

    from assistant.ui import build_app, launch
    from gradio_client import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    app = build_app(two)
    url = launch(app, port=port, block=False, quiet=True)
    try:
        client = Client(url, verbose=False)
        result = client.predict("Qu'est-ce que l'opération Turquesa ?", 3, api_name="/ask")
        direct = two.ask("Qu'est-ce que l'opération Turquesa ?", k=3).to_dict()
        assert result["answer"] == direct["answer"] and result["report"] == direct["report"]
        assert [p["ref"] for p in result["passages"]] == [p["ref"] for p in direct["passages"]]
        assert result["answer"].endswith(f"[{REAL}/16]") and result["report"]["doc_id"] == REAL
        assert result["passages"][0]["ref"] == f"{REAL}/16" and result["passages"][0]["doc_id"] == REAL
        only = client.predict("Qu'est-ce que l'opération Turquesa ?", 3, SYNTHETIC, api_name="/ask")
        assert {p["doc_id"] for p in only["passages"]} == {SYNTHETIC}
    finally:
        app.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def test_chat_page_report_picker_in_a_browser(two: Assistant, browser: Any) -> None:
    """With two reports the page offers a picker: all reports, or the one a delegate chooses."""
    from assistant.ui import build_app, launch

    app = build_app(two)
    url = launch(app, port=free_port(), block=False, quiet=True)
    outside: list[str] = []
    try:
        page = new_page(browser, "en-US", outside)
        page.goto(url)
        page.wait_for_selector("#question textarea", timeout=30_000)
        picker = page.locator("#doc-pick")
        assert picker.is_visible() and "All reports" in picker.locator("input").input_value()
        question = "How do smugglers use social media?"
        ask(page, question)
        first = page.locator(".turn").nth(0).locator(".cite-line a.cite").get_attribute("data-ref")
        assert first == two.ask(question).cited and first.startswith(f"{SYNTHETIC}/")

        picker.locator("input").click()
        page.locator("[data-testid=dropdown-option]", has_text=REAL).click()
        assert picker.locator("input").input_value().startswith(REAL)
        ask(page, question)
        turn = page.locator(".turn").nth(1)
        refs = [a.get_attribute("data-ref") for a in turn.locator("a.cite").all()]
        assert refs and all(r.startswith(f"{REAL}/") for r in refs), refs
        expected = two.ask(question, doc=REAL)
        assert refs[0] == expected.passages[0].ref
        shot(page, "6-two-reports-picker")
        assert "14 et 15 octobre 2021" in picker.locator("input").input_value()  # told apart by date
        assert "Library of 2 reports" in page.locator("#page-header").inner_text()

        bare = new_page(browser, "en-US", outside)  # ?ref=16: the first report that has a 16
        bare.goto(url + "?ref=16")
        bare.wait_for_selector(f'.report-unit.target[id="{REAL}/16"]', timeout=20_000)
        bare.locator("#tab-chat-button, button[role=tab]", has_text="Questions").first.click()
        ask(bare, "R1 synthetic-2022")
        bare.locator(".turn a.cite").first.click()
        bare.locator("#context a.goto").click()
        bare.wait_for_function(f"() => decodeURIComponent(location.search) === '?ref={SYNTHETIC}/R1'")

        page.locator("#tab-brief-button, button[role=tab]", has_text="Briefing").first.click()
        page.fill("#brief-topic textarea", "enquêtes financières")
        page.locator("#brief-go").click()
        page.wait_for_selector("#brief-note h1", timeout=30_000)
        note = page.locator("#brief-note").inner_text()
        assert f"{REAL}/" in note and f"{SYNTHETIC}/" not in note, note[:400]
        assert outside == [], outside[:5]
    finally:
        app.close()


def test_a_running_page_picks_up_a_report_added_then_removed(
    two: Assistant,
    library: Settings,
    tmp_path: Path,
    embedder: NumpyE5Embedder,
    gate: UseEmbedder,
    browser: Any,
) -> None:
    """`assistant add` / `remove` while the page runs: the next question reads the new library."""
    from assistant.ui import build_app, launch
    from gradio_client import Client

    settings, one = _real_only(library, tmp_path, embedder, gate)
    app = build_app(one)
    url = launch(app, port=free_port(), block=False, quiet=True)
    question = "Comment les passeurs utilisent-ils les réseaux sociaux ?"
    try:
        client = Client(url, verbose=False)
        before = client.predict(question, 3, api_name="/ask")
        assert "report" not in before and all("/" not in p["ref"] for p in before["passages"])

        page = new_page(browser, "en-US", [])  # open before the second report joins
        page.goto(url)
        page.wait_for_selector("#question textarea", timeout=30_000)
        ask(page, "Qu'est-ce que l'opération Turquesa ?")
        assert page.locator(".turn .cite-line a.cite").first.get_attribute("data-ref") == "16"

        add_report(settings.sources_dir, SYNTHETIC_PATH)  # the page's process indexes it itself
        added = client.predict(question, 3, api_name="/ask")
        assert added["passages"][0]["ref"] == f"{SYNTHETIC}/4" and added["report"]["doc_id"] == SYNTHETIC
        # the bare "16" cited before still opens the report that answer quoted
        page.locator(".turn .cite-line a.cite").first.click()
        page.wait_for_selector(f'#context .context[data-ref="{REAL}/16"]', timeout=10_000)
        page.goto(url)
        page.wait_for_selector("#doc-pick input", timeout=30_000)  # a page opened now offers both
        assert "Library of 2 reports" in page.locator("#page-header").inner_text()
        page.locator("#tab-report-button, button[role=tab]", has_text="Report").first.click()
        page.wait_for_selector(f'.report-unit[id="{SYNTHETIC}/R1"]', state="attached", timeout=10_000)
        page.locator("#tab-chat-button, button[role=tab]", has_text="Questions").first.click()
        page.locator("#doc-pick input").click()
        page.locator("[data-testid=dropdown-option]", has_text=SYNTHETIC).click()

        remove_report(settings.sources_dir, SYNTHETIC)
        removed = client.predict(question, 3, api_name="/ask")
        assert "report" not in removed and all("/" not in p["ref"] for p in removed["passages"])
        # the open page still offers the removed report: asked anyway, it says so and answers
        # from the library as it is now; the picker, header and report tab follow
        ask(page, question)
        gone = page.locator("#notice .notice", has_text="no longer in the library")
        gone.wait_for(timeout=10_000)
        page.wait_for_selector("#doc-pick", state="hidden", timeout=10_000)
        refs = [a.get_attribute("data-ref") for a in page.locator(".turn").nth(0).locator("a.cite").all()]
        assert refs and all("/" not in r for r in refs), refs
        assert "Library" not in page.locator("#page-header").inner_text()
        shot(page, "7-report-removed-while-open")
    finally:
        app.close()


def test_a_library_that_no_longer_opens_leaves_the_page_answering(
    two: Assistant, library: Settings, tmp_path: Path, embedder: NumpyE5Embedder, gate: UseEmbedder
) -> None:
    from assistant.answer.live import LiveAssistant

    settings, one = _real_only(library, tmp_path, embedder, gate)
    live = LiveAssistant(one)
    broken = settings.sources_dir / "broken.txt"
    broken.write_text("Pas un rapport : aucun paragraphe numéroté.\n", encoding="utf-8")
    assert live.current() is one and "could not be opened" in live.problem and "broken" in live.problem
    assert live.current() is one  # not tried again until the folder changes
    broken.unlink()
    add_report(settings.sources_dir, SYNTHETIC_PATH)
    fresh = live.current()
    assert fresh is not one and fresh.doc_ids == [SYNTHETIC, REAL] and live.problem == ""
    assert fresh.ask(f"{SYNTHETIC}/R1", k=1).cited == f"{SYNTHETIC}/R1"

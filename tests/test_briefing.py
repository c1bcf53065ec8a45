"""Briefing notes: the typed object, the four formats, the CLI, and the topic gold scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant, Briefing
from assistant.answer.briefing import ELLIPSIS, _with_gaps
from assistant.answer.language import topic_language
from assistant.evaluation.briefs import GoldTopic, score_topic
from assistant.ingest.report import parse_meta
from assistant.shells import notes
from assistant.shells.cli import main


def test_meta_is_parsed_from_the_title(report) -> None:  # type: ignore[no-untyped-def]
    meta = report.meta
    assert meta.body == "Groupe de travail sur le trafic illicite de migrants"
    assert (meta.place, meta.dates, meta.language) == ("Vienne", "14 et 15 octobre 2021", "fr")
    assert meta.title.startswith("Rapport de la réunion")


def test_meta_in_english_with_a_symbol() -> None:
    meta = parse_meta(
        "Report on the meeting of the Working Group on the Smuggling of Migrants held in Vienna "
        "on 14 and 15 October 2021",
        "CTOC/COP/WG.7/2021/4",
    )
    assert (meta.place, meta.dates, meta.language) == ("Vienna", "14 and 15 October 2021", "en")
    assert meta.body == "Working Group on the Smuggling of Migrants"
    assert meta.symbol == "CTOC/COP/WG.7/2021/4"
    assert parse_meta("Some other document").place == ""


def test_excerpt_marks_every_gap() -> None:
    text = "One. Two. Three. Four."
    assert _with_gaps(text, ["Two."]) == f"{ELLIPSIS} Two. {ELLIPSIS}"
    assert _with_gaps(text, ["One.", "Three."]) == f"One. {ELLIPSIS} Three. {ELLIPSIS}"


def test_topic_language() -> None:
    words = {"corruption", "covid", "coopération", "internationale"}
    assert topic_language("coopération internationale", "fr", words) == "fr"
    assert topic_language("the protection of migrants") == "en"
    assert topic_language("nuclear disarmament", "fr", words) == "en"
    assert topic_language("corruption", "fr", words) == "fr"


def test_precision_counts_judged_units_only() -> None:
    gold = GoldTopic("t", "x", "en", ("R1", "2"), ("3",))
    scores = score_topic(gold, ["R1", "3", "9"])
    assert scores == {"recall": 0.5, "precision": 0.5, "strict_precision": pytest.approx(1 / 3)}


@pytest.fixture(scope="module")
def corruption(assistant: Assistant) -> Briefing:
    return assistant.brief("corruption")


@pytest.mark.slow
def test_topics_gather_what_the_issue_names(assistant: Assistant, corruption: Briefing) -> None:
    assert {"R8", "19"} <= set(corruption.refs)
    assert {"R10", "R11", "18"} <= set(assistant.brief("coopération internationale").refs)
    covid = assistant.brief("COVID-19").refs
    assert {"8", "10"} <= set(covid) and "R7" not in covid


@pytest.mark.slow
def test_briefing_is_organised(assistant: Assistant) -> None:
    briefing = assistant.brief("coopération internationale")
    refs = briefing.refs
    assert len(refs) == len(set(refs))
    recs = [e.ref for e in briefing.recommendations]
    assert recs == sorted(recs, key=lambda r: int(r[1:]))
    order = assistant.reports[0].refs
    paragraphs = [e.ref for s in briefing.deliberations for e in s.entries]
    assert paragraphs == sorted(paragraphs, key=order.index)
    for section in briefing.deliberations:
        assert all(e.unit.section == section.heading for e in section.entries)
    for entry in briefing.entries:
        if entry.excerpt:
            assert ELLIPSIS in entry.quote
            assert all(s in entry.unit.text for s in entry.sentences)
        else:
            assert entry.quote == entry.unit.text
    assert briefing.lang == "fr" and briefing.labels["recommendations"] == "Recommandations"
    assert assistant.brief("international cooperation").lang == "en"


@pytest.mark.slow
def test_off_report_topic_says_so(assistant: Assistant) -> None:
    briefing = assistant.brief("nuclear disarmament")
    assert not briefing.discussed and briefing.refs == []
    text = notes.to_markdown(briefing)
    assert "does not discuss" in text and "Vienne" in text


@pytest.mark.slow
def test_markdown_html_json(corruption: Briefing) -> None:
    md = notes.to_markdown(corruption)
    assert md.index("## Recommandations") < md.index("## Délibérations")
    assert "[R8]" in md and "[19]" in md and "Vienne" in md and "14 et 15 octobre 2021" in md
    assert corruption.at_a_glance in md
    page = notes.to_html(corruption)
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "http" not in page and "<link" not in page
    data = json.loads(notes.to_json(corruption))
    assert data["refs"] == corruption.refs and data["report"]["place"] == "Vienne"


def test_html_escapes_report_text(report) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from assistant.answer.briefing import BriefEntry, BriefSection

    unit = replace(report.units[0], text="<script>alert('x')</script> & co")
    briefing = Briefing(
        "<b>t</b>",
        "en",
        report.meta,
        (),
        (BriefSection("A > B", (BriefEntry(unit, (unit.text,), False, 1.0),)),),
    )
    page = notes.to_html(briefing)
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; co" in page
    assert "&lt;b&gt;t&lt;/b&gt;" in page and "A &gt; B" in page


@pytest.mark.slow
def test_docx_reads_back(corruption: Briefing, tmp_path: Path) -> None:
    import docx

    path = notes.write(corruption, "docx", tmp_path / "note.docx")
    document = docx.Document(str(path))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert ("Heading 1", "Recommandations") in headings and ("Heading 1", "Délibérations") in headings
    assert any(name == "Title" for name, _ in headings)
    quotes = [p for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == len(corruption.refs)
    cited = [r.text for p in quotes for r in p.runs if r.style.name == "Citation"]
    assert cited == [f"[{ref}]" for ref in corruption.refs]


@pytest.mark.slow
def test_cli_brief(
    assistant: Assistant, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.shells import cli

    monkeypatch.setattr(cli, "_assistant", lambda: assistant)
    assert main(["brief", "corruption", "--format", "json"]) == 0
    assert "R8" in json.loads(capsys.readouterr().out)["refs"]
    assert main(["brief", "corruption", "--lang", "en", "-o", str(tmp_path / "n.md")]) == 0
    assert "## Recommendations" in (tmp_path / "n.md").read_text(encoding="utf-8")
    assert main(["brief", "corruption", "--format", "docx", "-o", str(tmp_path / "n.docx")]) == 0
    assert main(["brief", "corruption", "--format", "docx"]) == 2
    assert main(["brief", "corruption", "--lang", "de"]) == 2


def _vocabulary(texts: dict[str, str]):  # type: ignore[no-untyped-def]
    from assistant.answer.topic_support import ReportVocabulary
    from assistant.index.keyword import KeywordIndex

    return ReportVocabulary(texts, KeywordIndex(list(texts.values())))


def test_topic_words_are_read_strictly() -> None:
    from assistant.answer.topic import Term

    vocabulary = _vocabulary(
        {
            "1": "Le trafic illicite de migrants après la pandémie.",
            "2": "Le trafic illicite de migrants et la corruption des agents.",
            "3": "Le trafic illicite de migrants vers les États-Unis.",
            "4": "Les États parties et le trafic illicite de migrants.",
            "5": "Le trafic illicite de migrants en Argentine.",
        }
    )
    # a real word is not "repaired" into another one (armes -> après)
    assert vocabulary.spelled_in("armes") == frozenset()
    # the glossary's phrase, word by word: "smuggling (of migrants)" -> "trafic illicite"
    assert vocabulary.spelled_in("smuggling") == {"1", "2", "3", "4", "5"}
    assert vocabulary.spelled_in("Argentina") == {"5"}
    off = vocabulary.support((Term("trafic", 1.5), Term("armes", 1.0), Term("feu", 0.8)))
    assert not off.discussed  # "trafic" frames every unit: judged on arms and fire
    on = vocabulary.support((Term("corruption", 1.6), Term("trafic", 1.5)))
    assert on.discussed and on.unit_share("2") == 1.0 and on.unit_share("1") == 0.0
    assert vocabulary.speaks("la corruption des agents", on)
    assert not vocabulary.speaks("le trafic illicite de migrants", on)


def test_cut_off_follows_the_lead_over_the_median(report) -> None:  # type: ignore[no-untyped-def]
    from assistant.answer.briefing import relevant_hits
    from assistant.answer.retrieval import Hit
    from assistant.answer.topic_support import TopicSupport
    from assistant.ingest.chunking import Chunk

    units = report.units[:21]
    scores = [10.0, 5.0, 4.0, 1.0] + [0.0] * 17
    hits = [Hit(Chunk(u, 0, u.text), s) for u, s in zip(units, scores, strict=True)]
    # the median is 0: a unit is in when its lead is at least 0.35 of the best lead (10)
    assert [h.unit_ref for h in relevant_hits(hits)] == [u.ref for u in units[:3]]
    # shifting every score changes nothing (a fraction of the best score would)
    shifted = [Hit(h.chunk, h.score + 100) for h in hits]
    assert [h.unit_ref for h in relevant_hits(shifted)] == [u.ref for u in units[:3]]
    # a unit that speaks of the topic's words needs less
    spoken = TopicSupport(1.0, {"x": frozenset({units[3].citation(qualified=True)})}, {}, {"x": 1.0})
    kept = [h.unit_ref for h in relevant_hits(hits, spoken)]
    assert units[3].ref in kept and units[4].ref not in kept


def test_excerpt_leaves_out_a_list_that_does_not_speak_of_the_topic(report) -> None:  # type: ignore[no-untyped-def]
    from assistant.answer.briefing import _entry

    unit = next(u for u in report.units if u.ref == "33")
    speaks = lambda text: "COVID" in text  # noqa: E731
    entry = _entry(unit, 1.0, [("s0", unit.text)], {"s0": 0.9}, speaks)
    assert entry.excerpt and entry.quote.endswith(f"COVID-19 : {ELLIPSIS}") and "Albanie" not in entry.quote
    # the list stays when it is what the topic is about
    entry = _entry(unit, 1.0, [("s0", unit.text)], {"s0": 0.9}, lambda text: "Albanie" in text)
    assert not entry.excerpt and "Albanie" in entry.quote


def test_topic_language_from_word_frequencies() -> None:
    words = {"liaison", "corruption", "trafic"}
    assert topic_language("liaison magistrates", "fr", words) == "en"
    assert topic_language("terrorisme", "fr", words) == "fr"
    assert topic_language("COVID-19", "fr", words) == "fr"


def test_labels_follow_the_note_language(report) -> None:  # type: ignore[no-untyped-def]
    from assistant.answer.briefing import BriefEntry

    unit = next(u for u in report.units if u.ref == "R8")
    entry = BriefEntry(unit, (unit.text,), False, 1.0)
    english = Briefing("corruption", "en", report.meta, (entry,))
    assert english.entry_label(entry) == "Recommendation 8"
    assert english.at_a_glance == "Topic: corruption — 1 unit: R8."
    french = Briefing("corruption", "fr", report.meta, (entry,))
    assert french.entry_label(entry) == "Recommandation 8" and "1 passage :" in french.at_a_glance
    assert Briefing("x", "fr", report.meta).at_a_glance.endswith("0 passage.")


def test_the_header_names_the_body_once_in_either_language(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import docx

    from assistant.answer.briefing import LABELS

    headers = {}
    for lang, body in (("fr", "- Organe : "), ("en", "- Body: ")):
        briefing = Briefing("corruption", lang, report.meta)
        md = notes.to_markdown(briefing)
        assert f"{body}Groupe de travail sur le trafic illicite de migrants\n" in md
        # no label is the value's first word ("Réunion : réunion du …", "Meeting: réunion du …")
        for key, value in notes.header_lines(briefing):
            assert value.split()[0].casefold() not in {key.casefold(), "réunion", "meeting"}, (key, value)
        assert LABELS[lang]["place"] in md and "Vienne" in md and "14 et 15 octobre 2021" in md
        page = notes.to_html(briefing)
        assert '<dd lang="fr">Groupe de travail sur le trafic illicite de migrants</dd>' in page
        path = notes.write(briefing, "docx", tmp_path / f"{lang}.docx")
        headers[lang] = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "List Bullet"]
    assert headers["fr"][0] == "Organe : Groupe de travail sur le trafic illicite de migrants"
    assert headers["en"] == [
        "Body: Groupe de travail sur le trafic illicite de migrants",
        "Place: Vienne",
        "Dates: 14 et 15 octobre 2021",
    ]
    # a meeting the title names without a body: the meeting itself, capitalised, with no label
    meta = parse_meta(
        "Rapport de la réunion intergouvernementale d’experts à composition non limitée tenue à "
        "Vienne du 1er au 3 juin 2020"
    )
    for lang in ("fr", "en"):
        md = notes.to_markdown(Briefing("corruption", lang, meta))
        assert "\n- Réunion intergouvernementale d’experts à composition non limitée\n" in md
        assert "Réunion : réunion" not in md and "Meeting: réunion" not in md


@pytest.mark.slow
def test_off_report_topics_near_the_report_are_declined(assistant: Assistant) -> None:
    # "trafic" frames the whole report; arms, organs and wildlife are not in it
    for topic in ("trafic d'armes à feu", "trafic d'organes", "wildlife trafficking"):
        assert not assistant.brief(topic).discussed, topic
    # the report's words for an English topic ("magistrates" -> "magistrats")
    assert {"R10", "18"} <= set(assistant.brief("liaison magistrates").refs)


@pytest.mark.slow
def test_briefing_floors_on_the_gated_topics(assistant: Assistant) -> None:
    from assistant.evaluation.briefs import (
        brief_gate_failures,
        default_briefs_path,
        evaluate_briefs,
        load_topics,
    )

    summary = evaluate_briefs(
        load_topics(default_briefs_path()), lambda t, lang: assistant.brief(t, lang=lang).refs
    )
    assert brief_gate_failures(summary) == []


def test_a_one_word_english_topic_the_report_speaks_of(assistant: Assistant) -> None:
    # "children" ranks flat in English; the note holds the units that speak of enfants, and
    # none of the meeting's procedural paragraphs its cut-off used to let in
    note = assistant.brief("children", lang="en")
    assert {"R2", "17"} <= set(note.refs)
    assert not {"23", "30", "41"} & set(note.refs), note.refs
    assert assistant.brief("women", lang="en").refs == ["8"]


def test_roll_calls_are_read_from_their_list(report) -> None:  # type: ignore[no-untyped-def]
    from assistant.answer.roll_call import roll_call

    lists = [u.ref for u in report.units if roll_call(u.text)]
    # the States and bodies present or taking the floor, not the agenda, documents or panellists
    assert lists == ["27", "28", "33", "34", "35", "38"]
    lead, names = roll_call(report.unit("34").text) or ("", "")
    assert lead.endswith("COVID-19") and names.startswith("Bolivie")


@pytest.mark.slow
def test_a_topic_named_only_in_a_roll_calls_lead_in_does_not_bring_it_in(assistant: Assistant) -> None:
    # the attendance paragraphs say some took part remotely "en raison ... de la pandémie de
    # COVID-19": that is procedure, not what the report says on the pandemic
    covid = assistant.brief("COVID-19").refs
    assert {"8", "10"} <= set(covid) and not {"33", "34", "35", "38"} & set(covid), covid
    # a roll-call stays when the topic is among its names or is what its section is about
    assert "38" in assistant.brief("INTERPOL").refs
    assert {"27", "33"} <= set(assistant.brief("United States", lang="en").refs)
    assert {"33", "34", "35", "38"} <= set(assistant.brief("participation in the meeting").refs)


@pytest.mark.slow
def test_an_english_theme_the_dictionary_lacks(assistant: Assistant) -> None:
    # the report says "genre", "égalité des genres", "tenant compte des questions de genre"
    note = assistant.brief("gender", lang="en")
    assert note.discussed and {"R2", "8", "12"} <= set(note.refs), note.refs
    assert {"R2", "8"} <= set(assistant.brief("gender equality", lang="en").refs)

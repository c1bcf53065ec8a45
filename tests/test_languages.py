"""The six UN languages: the page's words and the briefing notes' labels, complete and translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from assistant.ui import render
from assistant.ui.labels import (
    EXAMPLES,
    LABELS,
    LANGS,
    NATIVE_NAMES,
    UNIT_NAMES,
    direction,
    label,
    pick_lang,
    unit_name,
)

from assistant import Assistant, Briefing, Report
from assistant.answer import briefing as briefing_module
from assistant.answer.briefing import NOTE_LANGS, BriefEntry, count_units
from assistant.shells import notes

SIX = ("fr", "en", "es", "ar", "ru", "zh")
#: The letters each non-Latin language writes: a label without any is left in another language.
SCRIPT = {"ar": r"[\u0600-\u06ff]", "ru": r"[а-яё]", "zh": r"[\u4e00-\u9fff]"}
#: Words French and English spell alike, the only labels one language may share with English.
SAME_IN_FRENCH = {"tab_chat", "you"}


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_the_page_has_every_word_in_the_six_languages() -> None:
    assert LANGS == SIX and set(NATIVE_NAMES) == set(SIX)
    assert [NATIVE_NAMES[x] for x in SIX] == ["Français", "English", "Español", "العربية", "Русский", "中文"]
    english = LABELS["en"]
    for lang in SIX:
        words = LABELS[lang]
        assert set(words) == set(english), (lang, set(english) ^ set(words))
        for key, text in words.items():
            assert text.strip(), (lang, key)
            assert _fields(text) == _fields(english[key]), (lang, key)  # "{n}", "{ref}" kept
            if lang != "en" and (lang, key) not in {("fr", k) for k in SAME_IN_FRENCH}:
                assert text != english[key], f"{lang}.{key} is left in English: {text!r}"
            if lang in SCRIPT:
                assert re.search(SCRIPT[lang], text, re.IGNORECASE), f"{lang}.{key} is not in its script"
    for lang in ("es", "ar", "ru", "zh"):
        assert set(UNIT_NAMES[lang]) == {"paragraph", "recommendation"}
    # an address inside an Arabic sentence keeps its order ("ref=18?" without the isolate)
    assert "«\u2066?ref=18\u2069»" in LABELS["ar"]["report_intro"]


def test_six_examples_per_language_and_the_browser_language_picks_the_page() -> None:
    for lang in SIX:
        assert len(EXAMPLES[lang]) == 6 and len(set(EXAMPLES[lang])) == 6, lang
        if lang in SCRIPT:
            assert all(re.search(SCRIPT[lang], e) for e in EXAMPLES[lang][:4] + EXAMPLES[lang][5:]), lang
    picks = {"fr-CH": "fr", "es-419": "es", "ar-EG": "ar", "ru": "ru", "zh-Hans-CN": "zh", "zh_TW": "zh"}
    for browser, lang in picks.items():
        assert pick_lang(browser) == lang
    assert pick_lang("de-DE") == pick_lang(None) == pick_lang("") == "en"
    assert label("de", "send") == "Ask"  # a language the page does not have reads English
    assert [direction(x) for x in SIX] == ["ltr", "ltr", "ltr", "rtl", "ltr", "ltr"]


def test_citations_read_in_the_page_language(report: Report) -> None:
    paragraph, recommendation = report.unit("16"), report.unit("R7")
    names = {lang: (unit_name(paragraph, lang), unit_name(recommendation, lang)) for lang in SIX}
    assert names == {
        "fr": ("paragraphe 16", "recommandation 7"),
        "en": ("paragraph 16", "recommendation 7"),
        "es": ("párrafo 16", "recomendación 7"),
        "ar": ("الفقرة 16", "التوصية 7"),
        "ru": ("пункт 16", "рекомендация 7"),
        "zh": ("第16段", "建议7"),
    }
    assert render.citation_text(paragraph, "T", "es") == "(T, párr. 16)"
    assert render.citation_text(paragraph, "T", "zh") == "(T, 第16段)"
    assert render.citation_text(recommendation, "T", "ru") == "(T, рекомендация 7)"
    # with several reports, an Arabic citation isolates "[DOCID/16]" so that it keeps its order
    qualified = render.cite_name(paragraph, "ar", qualified=True)
    assert qualified == f"الفقرة 16 \u2068[{paragraph.citation(True)}]\u2069"
    assert render.cite_name(paragraph, "en", qualified=True) == f"paragraph 16 [{paragraph.citation(True)}]"


def test_an_arabic_page_runs_right_to_left_and_the_report_left_to_right(
    assistant: Assistant, report: Report
) -> None:
    answer = assistant.ask(EXAMPLES["ar"][0])
    html = render.conversation_html([answer], report.title, "ar")
    assert html.startswith('<div class="conversation" lang="ar" dir="rtl">')
    assert '<blockquote class="quote" lang="fr" dir="ltr">' in html
    assert '<p class="unit-text" lang="fr" dir="ltr">' in html and ">الفقرة 16</a>" in html
    assert f'<span class="who">{LABELS["ar"]["you"]}</span>' in html
    # the French page is unchanged but for its language and direction
    french = render.conversation_html([answer], report.title, "fr")
    assert (
        french.startswith('<div class="conversation" lang="fr" dir="ltr">') and "paragraphe 16</a>" in french
    )
    context = render.context_html(report, "16", "ar")
    assert 'lang="ar" dir="rtl"' in context and LABELS["ar"]["open_in_report"] in context
    assert '<div class="ctx-section" lang="fr" dir="ltr">' in context
    page = render.report_html([report], "zh")
    assert (
        page.startswith('<div class="report" lang="zh" dir="ltr">') and LABELS["zh"]["report_intro"] in page
    )


def test_a_decline_in_spanish_on_a_spanish_page_is_said_once(assistant: Assistant, report: Report) -> None:
    answer = assistant.ask(EXAMPLES["es"][5])
    assert answer.abstained
    html = render.answer_html(answer, report.title, "es")
    assert '<p class="decline" role="status">El informe no trata esta cuestión.</p>' in html
    assert 'class="decline asked"' not in html
    russian = render.answer_html(answer, report.title, "ru")  # asked in Spanish on a Russian page
    assert LABELS["ru"]["declined"] in russian and 'lang="es" dir="auto">El informe' in russian


# ---- Briefing notes --------------------------------------------------------------------------------


def test_note_labels_are_complete_in_the_six_languages() -> None:
    labels = briefing_module.LABELS
    assert NOTE_LANGS == SIX and set(notes.BODY_LABEL) == set(SIX)
    for lang in SIX:
        assert set(labels[lang]) == set(labels["en"]), lang
        for key, text in labels[lang].items():
            if lang in SCRIPT:
                assert re.search(SCRIPT[lang], text, re.IGNORECASE), (lang, key)
            elif lang == "es":
                assert text != labels["en"][key], (lang, key)


def test_counts_follow_each_language_grammar() -> None:
    assert [count_units("ru", n) for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "1 фрагмент",
        "2 фрагмента",
        "5 фрагментов",
        "11 фрагментов",
        "21 фрагмент",
        "22 фрагмента",
        "25 фрагментов",
    ]
    assert [count_units("ar", n) for n in (0, 1, 2, 3, 11)] == [
        "لا مقاطع",
        "مقطع واحد",
        "مقطعان",
        "3 مقاطع",
        "11 مقطعاً",
    ]
    assert [count_units("zh", n) for n in (1, 3)] == ["共1段", "共3段"]
    assert [count_units("es", n) for n in (0, 1, 2)] == ["0 pasajes", "1 pasaje", "2 pasajes"]
    # French and English as before
    assert [count_units("fr", n) for n in (0, 1, 2)] == ["0 passage", "1 passage", "2 passages"]
    assert [count_units("en", n) for n in (0, 1, 2)] == ["0 units", "1 unit", "2 units"]


@pytest.mark.parametrize("lang", ["es", "ar", "ru", "zh"])
def test_a_note_in_each_language_md_html_docx(assistant: Assistant, lang: str, tmp_path: Path) -> None:
    import docx

    words = briefing_module.LABELS[lang]
    # the topic as the page's placeholder suggests it, in the page's language
    topic = {"es": "corrupción", "ar": "الفساد", "ru": "коррупция", "zh": "腐败"}[lang]
    assert topic in LABELS[lang]["topic_placeholder"]
    note = assistant.brief(topic, lang=lang)
    assert note.lang == lang and note.refs == ["R8", "19"]
    assert isinstance(note, Briefing)
    md = notes.to_markdown(note)
    assert md.startswith(f"# {words['briefing']}")
    for key in ("recommendations", "deliberations", "glance", "place", "dates"):
        assert words[key] in md, (lang, key)
    assert notes.BODY_LABEL[lang] in md and "Groupe de travail sur le trafic illicite de migrants" in md
    assert note.entry_label(note.recommendations[0]) in md
    assert "« Les États parties sont encouragés" in md  # the report's own words, in French
    page = notes.to_html(note)
    assert page.count(words["deliberations"]) == 1 and '<blockquote lang="fr"' in page
    assert (f'<html lang="{lang}" dir="rtl">' if lang == "ar" else f'<html lang="{lang}">') in page
    path = notes.write(note, "docx", tmp_path / f"{lang}.docx")
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert words["recommendations"] in text and "[R8]" in text
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    bidi = [
        p.text
        for p in headings
        if p._p.pPr is not None and p._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None
    ]
    if lang == "ar":  # the labels run right to left, the report's section headings do not
        assert words["recommendations"] in bidi and words["deliberations"] in bidi
        assert not any("Résumé des délibérations" in h for h in bidi)
    else:
        assert bidi == []
    off = assistant.brief("nuclear disarmament", lang=lang)
    assert not off.discussed and words["not_discussed"] in notes.to_markdown(off)


def test_an_arabic_notes_header_keeps_the_reports_words_in_order(report: Report) -> None:
    note = Briefing("corruption", "ar", report.meta)
    assert ("التواريخ", "\u206614 et 15 octobre 2021\u2069") in notes.header_lines(note)
    assert note.at_a_glance == "الموضوع: \u2068corruption\u2069 — لا مقاطع."
    unit = report.unit("R8")
    entry = BriefEntry(unit, (unit.text,), False, 1.0)
    chinese = Briefing("腐败", "zh", report.meta, (entry,))
    assert chinese.at_a_glance == "主题：腐败 — 共1段：R8." and chinese.entry_label(entry) == "建议8"
    assert notes.to_markdown(chinese).startswith("# 简报：腐败\n")


def test_the_cli_writes_a_note_in_spanish_and_french_is_unchanged(
    assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.shells import cli
    from assistant.shells.cli import main

    monkeypatch.setattr(cli, "_assistant", lambda: assistant)
    assert main(["brief", "corruption", "--lang", "es", "-o", str(tmp_path / "es.md")]) == 0
    spanish = (tmp_path / "es.md").read_text(encoding="utf-8")
    assert spanish.startswith("# Nota informativa: corruption") and "## Recomendaciones" in spanish
    assert main(["brief", "corruption", "-o", str(tmp_path / "fr.md")]) == 0
    french = (tmp_path / "fr.md").read_text(encoding="utf-8")
    assert french.startswith("# Note d’information : corruption") and "- Organe : Groupe de travail" in french
    assert "**En bref** — Sujet : corruption — " in french

"""The chat page: its HTML, the `/ask` API through gradio_client, and a real browser session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from assistant.ui import build_app, launch, render
from browser import SHOTS, ask, chromium, free_port, new_page, shot, wait_page_lang

from assistant import Answer, Assistant, Report


@pytest.fixture(scope="session")
def ui_url(assistant: Assistant) -> Iterator[str]:
    """One real Gradio server on a free loopback port, shared by the tests."""
    app = build_app(assistant)
    url = launch(app, port=free_port(), block=False, quiet=True)
    yield url.rstrip("/")
    app.close()


# ---- HTML rendered from the library's types (no server) -------------------------------------------


def test_answer_html_quotes_highlights_and_links(assistant: Assistant, report: Report) -> None:
    answer = assistant.ask("Qu'est-ce que l'opération Turquesa ?")
    html = render.answer_html(answer, report.title, "fr")
    assert '<blockquote class="quote"' in html and "opération Turquesa" in html
    assert 'data-ref="16">paragraphe 16</a>' in html
    assert "<mark>" in html and html.count("<details") == len(answer.passages)
    english = render.answer_html(answer, report.title, "en")
    assert 'data-ref="16">paragraph 16</a>' in english


def test_every_example_is_in_the_page_language_and_answered_from_its_unit(assistant: Assistant) -> None:
    from assistant.ui.labels import EXAMPLES, LANGS

    from assistant.answer.language import question_language

    # Turquesa, corruption (recommended), COVID-19 and smuggling, the chair, a lookup, off the report
    expected = ["16", "R8", "8", "24", "R7", None]
    for lang in LANGS:  # the six UN languages
        other = "fr" if lang == "en" else "en"
        examples = EXAMPLES[lang]
        questions = examples[:4] + examples[5:]  # the lookup ("R7", "التوصية 7") is in no language
        assert [question_language(e, other) for e in questions] == [lang] * 5, lang
        answers = [assistant.ask(example) for example in examples]
        got = [None if a.abstained else a.passages[0].ref for a in answers]
        assert got == expected, (lang, got)
        for example, answer in zip(examples, answers, strict=True):
            if not answer.abstained:
                # the unit quoted speaks of every rare word of the question (a question on COVID-19
                # quoted paragraph 9, on questions asked about the pandemic, which never names it)
                absent = assistant.rank(example).signals.absent
                assert not absent, (example, answer.cited, absent)


def test_declined_answer_is_a_plain_statement_with_see_also(assistant: Assistant, report: Report) -> None:
    answer = assistant.ask("How do I bake bread?")
    html = render.answer_html(answer, report.title, "en")
    assert "The report does not address this question." in html
    assert "See also" in html and "<blockquote" not in html and "<mark>" not in html
    assert 'class="a declined"' in html


def test_report_text_is_escaped(report: Report) -> None:
    unit = report.unit("16")
    assert render.highlight("a <b> & c", "<b>") == "a <mark>&lt;b&gt;</mark> &amp; c"
    assert render.highlight(unit.text, "not in the text") == render.escape(unit.text)
    answer = Answer("<script>alert(1)</script>", "", "", True, ())
    assert "<script>" not in render.answer_html(answer, report.title, "en")


def test_a_question_typed_with_tags_shows_its_words_and_a_hint(assistant: Assistant, report: Report) -> None:
    import dataclasses

    typed = "<img src=x onerror=alert(1)> Qu'est-ce que l'opération <b>Turquesa</b> ?"
    answer = assistant.ask(typed)
    assert answer.question == "Qu'est-ce que l'opération Turquesa ?" and answer.cited == "16"
    kept = dataclasses.replace(answer, question=typed)  # what the page keeps in its conversation
    html = render.answer_html(kept, report.title, "fr")
    assert "<bdi>Qu&#x27;est-ce que l&#x27;opération Turquesa ?</bdi>" in html
    hint = '<span class="stripped" title="&lt;img src=x onerror=alert(1)&gt; Qu&#x27;est-ce que'
    assert hint in html and "balises HTML retirées de la question</span>" in html
    assert "<img" not in html and "<b>Turquesa" not in html
    assert 'class="stripped"' not in render.answer_html(answer, report.title, "fr")  # typed plainly
    plain = assistant.ask("Qu'est-ce que l'opération **Turquesa** ?")  # Markdown, no tags: no hint
    assert 'class="stripped"' not in render.answer_html(plain, report.title, "fr")


def test_copy_text_is_quote_then_citation(assistant: Assistant, report: Report) -> None:
    answer = assistant.ask("recommandation 7")
    text = render.copy_text(answer, report.title, "en")
    assert text == f"« {report.unit('R7').text} » ({report.title}, recommendation 7)"
    paragraph = assistant.ask("para 18")
    assert render.copy_text(paragraph, report.title, "fr").endswith(f"({report.title}, par. 18)")


def test_context_shows_neighbours_and_section(report: Report) -> None:
    html = render.context_html(report, "R1", "en")
    assert "Paragraph 4" in html and "Recommendation 2" in html
    assert report.unit("R1").section.split(" > ")[-1] in html.replace("&#x27;", "'").replace("&amp;", "&")
    assert "has no passage" in render.context_html(report, "99", "en")


def test_report_tab_anchors_every_unit_in_order(report: Report) -> None:
    html = render.report_html([report], "en")
    positions = [html.index(f'id="{ref}"') for ref in report.refs]
    assert positions == sorted(positions)
    assert html.count('class="report-unit"') == len(report.units) == 53


def test_a_list_in_a_unit_shows_each_item_on_its_own_line_and_keeps_its_text(report: Report) -> None:
    import html
    import re

    from assistant.ui.lists import list_items

    def plain(markup: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", markup))

    agenda = report.unit("30").text
    items = [(agenda[i.start : i.start + 2], i.depth) for i in list_items(agenda)]
    assert items == [("1.", 1), ("a)", 2), ("b)", 2), ("2.", 1), ("3.", 1), ("4.", 1), ("5.", 1)]
    documents = report.unit("40").text
    assert [documents[i.start : i.start + 2] for i in list_items(documents)] == ["a)", "b)", "c)", "d)"]
    # only those two units hold lists: "1re séance", "résolution 5/3", dates are not items
    assert [u.ref for u in report.units if list_items(u.text)] == ["30", "40"]
    page = render.report_html([report], "fr")
    unit_30 = page[page.index('id="30"') : page.index('id="31"')]
    assert unit_30.count('<span class="li li-1">') == 5 and unit_30.count('<span class="li li-2">') == 2
    for unit in report.units:  # the report's own text, character for character, marked or not
        assert plain(render.highlight(unit.text, unit.text[40:160])) == unit.text
    marked = render.highlight(agenda, agenda[agenda.index("b) Adoption") : agenda.index(" 4.")])
    assert marked.count("<mark>") == 3 and plain(marked) == agenda  # one mark per item it spans


def test_a_decline_is_also_said_in_the_language_asked(assistant: Assistant, report: Report) -> None:
    from assistant.ui.labels import DECLINED

    asked = {
        "es": "¿Quién ganó la Copa del Mundo de 2018?",
        "ar": "ما هو سعر النفط اليوم؟",
        "ru": "Кто написал «Войну и мир»?",
        "zh": "今天天气怎么样？",
        "en": "Who won the football World Cup in 2018?",
    }
    for lang, question in asked.items():
        answer = assistant.ask(question)
        assert answer.abstained, question
        html = render.answer_html(answer, report.title, "fr")
        assert '<p class="decline" role="status">Le rapport ne traite pas de cette question.</p>' in html
        said = DECLINED.get(lang, "The report does not address this question.")
        assert f'<p class="decline asked" lang="{lang}" dir="auto">{said}</p>' in html, lang
    same = render.answer_html(assistant.ask("Qui a gagné la Coupe du monde de football en 2018 ?"), "", "fr")
    assert 'class="decline asked"' not in same  # asked in the page's language: said once
    missing = render.answer_html(assistant.ask("para 99"), "", "en")
    assert 'class="decline asked"' not in missing  # a lookup's own message is not a decline


# ---- The API through gradio_client ---------------------------------------------------------------


def test_api_ask_returns_the_cli_json(ui_url: str) -> None:
    from gradio_client import Client

    client = Client(ui_url + "/", verbose=False)
    result: dict[str, Any] = client.predict("Qu'est-ce que l'opération Turquesa ?", 3, api_name="/ask")
    assert set(result) == {"question", "answer", "abstained", "passages"}
    assert result["abstained"] is False and result["answer"].endswith("[16]")
    assert next(p["ref"] for p in result["passages"]) == "16" and len(result["passages"]) == 3
    assert set(result["passages"][0]) == {"ref", "section", "text", "score"}
    declined = client.predict("How do I bake bread?", 5, api_name="/ask")
    assert declined["abstained"] is True
    lookup = client.predict("R7", 1, api_name="/ask")
    assert [p["ref"] for p in lookup["passages"]] == ["R7"]


def test_api_rejects_an_empty_question(ui_url: str) -> None:
    from gradio_client import Client

    client = Client(ui_url + "/", verbose=False)
    with pytest.raises(Exception, match="empty"):
        client.predict("   ", 5, api_name="/ask")
    with pytest.raises(Exception, match="empty once its HTML markup is removed: nothing is left to ask"):
        client.predict("<script>alert(1)</script>", 5, api_name="/ask")


# ---- A real browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def test_browser_question_decline_context_and_report(browser: Any, ui_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, "en-US", outside)
    page.goto(ui_url + "/")
    page.wait_for_selector("#question textarea", timeout=30_000)

    ask(page, "What is operation Turquesa?")
    answer = page.locator(".turn").nth(0)
    assert "opération Turquesa" in answer.locator("blockquote.quote").inner_text()
    assert answer.locator(".cite-line a.cite").inner_text() == "paragraph 16"
    assert "opération Turquesa" in answer.locator("details[open] mark").inner_text()
    shot(page, "1-answer-en")

    ask(page, "How do I bake bread?")
    declined = page.locator(".turn").nth(1)
    assert declined.locator(".decline").inner_text() == "The report does not address this question."
    assert declined.locator("blockquote").count() == 0
    assert answer.is_visible()  # the conversation stays
    shot(page, "2-declined-en")

    page.locator(".turn").nth(0).locator("details.passage").nth(1).locator("a.cite").click()
    clicked = page.locator(".turn").nth(0).locator("details.passage").nth(1).get_attribute("data-ref")
    page.wait_for_selector(f'#context .context[data-ref="{clicked}"]', timeout=10_000)
    panel = page.locator("#context")
    assert panel.locator(".ctx-unit.current a.cite").get_attribute("data-ref") == clicked
    assert panel.locator(".ctx-unit.muted").count() >= 1 and panel.locator(".ctx-section").inner_text()
    shot(page, "3-context-en")

    page.locator(".turn").nth(0).locator("button.copy").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("« ") and copied.endswith("para. 16)")

    page.locator("#clear").click()
    page.wait_for_selector(".conversation.empty", timeout=10_000)

    report_page = new_page(browser, "en-US", outside)
    report_page.goto(ui_url + "/?ref=18")
    report_page.wait_for_selector('.report-unit.target[id="18"]', timeout=20_000)
    target = report_page.locator('.report-unit[id="18"]')
    assert target.is_visible() and report_page.locator("#tab-report").is_visible()
    assert "18" in target.locator(".anchor").inner_text()
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 1000  # scrolled to it
    report_page.screenshot(path=str(SHOTS / "4-report-ref-18.png"))
    assert outside == [], f"the page fetched from outside: {outside[:5]}"


def test_browser_in_french_with_hash_link(browser: Any, ui_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, "fr-FR", outside)
    page.goto(ui_url + "/")
    page.wait_for_selector("#question textarea", timeout=30_000)
    page.wait_for_function("() => document.querySelector('#send').innerText.trim() === 'Demander'")
    ask(page, "Quelles sont les recommandations sur la corruption ?")
    page.press("#question textarea", "Enter")  # nothing typed: a French note, the answer stays
    page.wait_for_selector("#notice .notice", timeout=10_000)
    assert "La question est vide" in page.locator("#notice").inner_text()
    assert page.locator(".turn").count() == 1 and page.locator(".error").count() == 0
    turn = page.locator(".turn").nth(0)
    assert turn.locator(".cite-line a.cite").inner_text().startswith(("paragraphe", "recommandation"))
    shot(page, "5-answer-fr")
    page.locator("#lang label", has_text="English").click()
    page.wait_for_function("() => document.querySelector('#send').innerText.trim() === 'Ask'")
    assert turn.locator(".cite-line a.cite").inner_text().startswith(("paragraph", "recommendation"))

    hashed = new_page(browser, "fr-FR", outside)
    hashed.goto(ui_url + "/#R7")
    hashed.wait_for_selector('.report-unit.target[id="R7"]', timeout=20_000)
    assert hashed.locator('.report-unit[id="R7"]').is_visible()
    assert outside == [], f"the page fetched from outside: {outside[:5]}"


def test_browser_examples_notes_lists_and_declines_follow_the_page(
    browser: Any, ui_url: str, report: Report
) -> None:
    from assistant.ui.labels import DECLINED, EXAMPLES

    outside: list[str] = []
    page = new_page(browser, "fr-FR", outside)
    page.goto(ui_url + "/")
    page.wait_for_selector("#question textarea", timeout=30_000)
    page.wait_for_function("() => document.querySelector('#send').innerText.trim() === 'Demander'")
    examples = page.locator("button.example")
    assert examples.all_inner_texts() == list(EXAMPLES["fr"])
    # no Gradio footer ("Use via API", "Built with Gradio" stayed English on a French page)
    assert page.locator("footer").count() == 0 and page.get_by_text("Use via API").count() == 0
    assert page.get_by_text("Built with Gradio").count() == 0

    # a question the page cannot take: a note under the box, covering nothing, no toast
    page.press("#question textarea", "Enter")
    page.wait_for_selector("#notice .notice", timeout=10_000)
    assert "La question est vide" in page.locator("#notice").inner_text()
    note, panel = page.locator("#notice").bounding_box(), page.locator("#context").bounding_box()
    assert note is not None and panel is not None
    assert note["x"] + note["width"] <= panel["x"] or note["y"] >= panel["y"] + panel["height"]
    too_long = "Que dit le rapport sur la corruption ? " * 60
    page.fill("#question textarea", too_long)
    page.press("#question textarea", "Enter")
    page.wait_for_function("() => document.querySelector('#notice').innerText.includes('caractères')")
    assert page.locator("#question textarea").input_value() == too_long  # the typed text stays
    assert page.locator('[data-testid="toast-body"]').count() == 0
    shot(page, "9-notice-fr")
    page.locator("#tab-report-button").click()  # the note stays with its question box
    page.wait_for_selector('.report-unit[id="30"]', state="visible", timeout=10_000)
    assert not page.locator("#notice").is_visible()

    # the agenda (paragraph 30): each item on a line of its own, sub-items indented
    # where each item's first letter is drawn: (class, x, y)
    starts = page.evaluate(
        """() => [...document.querySelectorAll('.report-unit[id="30"] .li')].map((li) => {
            const range = document.createRange();
            range.setStart(li.firstChild, 0);
            range.setEnd(li.firstChild, 1);
            const box = range.getBoundingClientRect();
            return [li.className, box.x, box.y];
        })"""
    )
    assert len(starts) == 7 and [y for _, _, y in starts] == sorted({y for _, _, y in starts})
    items = {x for c, x, _ in starts if "li-1" in c}
    subs = {x for c, x, _ in starts if "li-2" in c}
    assert len(items) == 1 and len(subs) == 1 and min(subs) > min(items) + 10
    text = page.locator('.report-unit[id="30"] .unit-text').text_content()
    assert text == report.unit("30").text  # the report's own characters
    page.locator("#tab-chat-button").click()

    # the examples follow the toggle; a click asks the example shown
    page.locator("#lang label", has_text="English").click()
    page.wait_for_function("() => document.querySelector('#send').innerText.trim() === 'Ask'")
    page.wait_for_function(
        "(first) => document.querySelector('button.example').innerText.trim() === first",
        arg=EXAMPLES["en"][0],
    )
    assert examples.all_inner_texts() == list(EXAMPLES["en"])
    assert not page.locator("#notice").is_visible()  # a French note does not stay on an English page
    examples.first.click()
    page.locator(".turn").nth(0).wait_for(timeout=30_000)
    assert page.locator(".turn .q bdi").first.inner_text() == EXAMPLES["en"][0]
    assert page.locator(".turn .cite-line a.cite").first.inner_text() == "paragraph 16"

    # a decline says it in the page's language, and in the question's
    ask(page, "ما هو سعر النفط اليوم؟")
    declined = page.locator(".turn").nth(1)
    assert declined.locator(".decline").all_inner_texts() == [
        "The report does not address this question.",
        DECLINED["ar"],
    ]
    assert declined.locator('.decline.asked[lang="ar"]').get_attribute("dir") == "auto"
    shot(page, "10-decline-ar")
    assert outside == [], f"the page fetched from outside: {outside[:5]}"


def test_browser_in_arabic_chinese_russian_and_spanish(browser: Any, ui_url: str) -> None:
    from assistant.ui.labels import EXAMPLES, LABELS

    outside: list[str] = []
    page = new_page(browser, "en-US", outside)
    page.goto(ui_url + "/")
    page.wait_for_selector("#question textarea", timeout=30_000)
    page.wait_for_function("() => document.querySelector('#send').innerText.trim() === 'Ask'")
    assert page.locator("#lang label").all_inner_texts() == [
        "Français", "English", "Español", "العربية", "Русский", "中文"
    ]  # fmt: skip

    # Arabic: the page turns right to left, the report's French stays left to right
    page.locator("#lang label", has_text="العربية").click()
    page.wait_for_function("() => document.querySelector('#send').innerText.trim() === 'اسأل'")
    page.wait_for_function("() => document.documentElement.dir === 'rtl'", timeout=10_000)
    assert page.locator("#question label").first.inner_text().strip() == LABELS["ar"]["question"]
    assert page.locator("#conversation .conversation").get_attribute("dir") == "rtl"
    assert page.locator("button.example").all_inner_texts() == list(EXAMPLES["ar"])
    page.locator("button.example").first.click()
    turn = page.locator(".turn").nth(0)
    turn.wait_for(timeout=30_000)
    assert turn.locator(".cite-line a.cite").inner_text() == "الفقرة 16"
    quote = turn.locator("blockquote.quote")
    assert (
        quote.evaluate("(q) => getComputedStyle(q).direction") == "ltr" and "Turquesa" in quote.inner_text()
    )
    assert turn.locator(".who").evaluate("(w) => getComputedStyle(w).direction") == "rtl"
    # the quote reads left to right: its opening « is at its left edge, in an answer drawn from the right
    box, chrome = quote.bounding_box(), turn.locator(".q").bounding_box()
    assert box is not None and chrome is not None
    first = page.evaluate(
        """() => { const q = document.querySelector('.turn blockquote.quote');
        const r = document.createRange(); r.setStart(q.firstChild, 0); r.setEnd(q.firstChild, 1);
        return r.getBoundingClientRect().x; }"""
    )
    assert first < box["x"] + 20
    shot(page, "11-answer-ar")
    page.locator("button.example").nth(5).click()
    page.locator(".turn").nth(1).wait_for(timeout=30_000)
    assert page.locator(".turn").nth(1).locator(".decline").all_inner_texts() == [LABELS["ar"]["declined"]]

    # Chinese, Russian, Spanish: a label, then the first example answered with the unit in that language
    for lang, native, cited in (
        ("zh", "中文", "第16段"),
        ("ru", "Русский", "пункт 16"),
        ("es", "Español", "párrafo 16"),
    ):
        page.locator("#clear").click()
        page.wait_for_selector(".conversation.empty", timeout=10_000)
        page.locator("#lang label", has_text=native).click()
        send = LABELS[lang]["send"]
        page.wait_for_function("(s) => document.querySelector('#send').innerText.trim() === s", arg=send)
        page.wait_for_function("() => document.documentElement.dir === 'ltr'", timeout=10_000)
        assert page.locator("#tab-brief-button").inner_text().strip() == LABELS[lang]["tab_brief"]
        assert page.locator("button.example").all_inner_texts() == list(EXAMPLES[lang])
        page.locator("button.example").first.click()
        page.locator(".turn").nth(0).wait_for(timeout=30_000)
        assert page.locator(".turn .q bdi").first.inner_text() == EXAMPLES[lang][0]
        assert page.locator(".turn .cite-line a.cite").first.inner_text() == cited, lang
        assert (
            page.locator(".turn .passages-h").first.inner_text().strip().lower()
            == LABELS[lang]["cited"].lower()
        )
        shot(page, f"12-answer-{lang}")

    # the browser's language, else ?lang=, chooses the page's language when it opens
    chinese = new_page(browser, "zh-CN", outside)
    chinese.goto(ui_url + "/")
    chinese.wait_for_function(
        "() => document.querySelector('#send')?.innerText.trim() === '提问'", timeout=30_000
    )
    arabic = new_page(browser, "en-US", outside)
    arabic.goto(ui_url + "/?lang=ar")
    arabic.wait_for_function("() => document.documentElement.dir === 'rtl'", timeout=30_000)
    assert arabic.locator('#lang input[value="ar"]').is_checked()
    assert outside == [], f"the page fetched from outside: {outside[:5]}"


def test_the_header_fits_a_phone_and_a_desktop(browser: Any, ui_url: str) -> None:
    outside: list[str] = []
    page = new_page(browser, "en-US", outside)
    page.goto(ui_url + "/")
    page.wait_for_selector("#lang", timeout=30_000)
    title, toggle = page.locator("#page-header h1").bounding_box(), page.locator("#lang").bounding_box()
    row = page.locator("#header-row").bounding_box()
    assert toggle["width"] < 0.3 * row["width"]  # the toggle takes the room of its two choices
    assert title["width"] > 0.6 * row["width"]
    page.set_viewport_size({"width": 390, "height": 900})
    page.wait_for_timeout(500)
    title, toggle = page.locator("#page-header h1").bounding_box(), page.locator("#lang").bounding_box()
    assert toggle["y"] >= title["y"] + title["height"]  # below the title, not beside it
    assert title["width"] > 250  # not squeezed into a narrow column
    shot(page, "8-phone-header")
    assert outside == []


def test_a_phone_sees_every_tab_the_context_it_taps_and_no_sideways_scroll(browser: Any, ui_url: str) -> None:
    from assistant.ui.labels import LABELS, LANGS

    outside: list[str] = []
    page = new_page(browser, "fr-FR", outside)
    page.set_viewport_size({"width": 390, "height": 844})
    wide = "() => document.documentElement.scrollWidth"
    for lang in LANGS:
        page.goto(f"{ui_url}/?lang={lang}")
        page.wait_for_function(
            "(s) => document.querySelector('#send')?.innerText.trim() === s", arg=LABELS[lang]["send"]
        )
        # every tab is on the page, inside the screen, and none behind Gradio's "⋯" menu
        for key in ("tab_chat", "tab_brief", "tab_report"):
            tab = page.locator(f"#tab-{key[4:]}-button")
            assert tab.is_visible() and tab.inner_text().strip() == LABELS[lang][key], (lang, key)
            box = tab.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (lang, key)
        tops = {
            round(page.locator(f"#tab-{t}-button").bounding_box()["y"]) for t in ("chat", "brief", "report")
        }
        assert len(tops) == 1, (lang, tops)  # one line of tabs, in every language
        assert (
            page.locator(".overflow-menu button").count() == 0
            or not page.locator(".overflow-menu button").first.is_visible()
        )
        assert page.evaluate(wide) == 390, lang
        page.locator("#tab-brief-button").click()  # a tap opens it
        page.wait_for_selector("#brief-topic textarea", state="visible", timeout=10_000)
        assert page.evaluate(wide) == 390, lang
        if lang in ("fr", "ar"):
            shot(page, f"13-phone-tabs-{lang}")
    # the report tab: a long document symbol (paragraph 39) breaks, the page does not scroll sideways
    for lang in ("fr", "ar"):
        page.goto(f"{ui_url}/?lang={lang}&ref=39")
        page.wait_for_selector('.report-unit.target[id="39"]', state="visible", timeout=20_000)
        assert page.evaluate(wide) == 390, lang
        page.screenshot(path=str(SHOTS / f"14-phone-report-39-{lang}.png"))  # the screen, not 23,000 px

    # a tapped citation: the context panel is below the examples, so the page scrolls to it
    for lang in ("fr", "ar"):
        page.goto(f"{ui_url}/?lang={lang}")
        wait_page_lang(page, lang)
        ask(page, "Qu'est-ce que l'opération Turquesa ?")
        assert page.evaluate(wide) == 390
        passage = page.locator(".turn").nth(0).locator("details.passage").nth(1)
        ref = passage.get_attribute("data-ref")
        before = page.evaluate("() => scrollY")
        passage.locator("a.cite").click()
        page.wait_for_selector(f'#context .context[data-ref="{ref}"]', timeout=10_000)
        page.wait_for_function(
            """() => { const top = document.querySelector('#context').getBoundingClientRect().top;
            return top >= -1 && top < 40; }""",  # at the top of the screen, once the smooth scroll ends
            timeout=5_000,
        )
        assert page.evaluate("() => scrollY") > before + 500  # it was screens below the answer
        assert page.locator("#context .ctx-unit.current").is_visible()
        page.screenshot(path=str(SHOTS / f"15-phone-context-{lang}.png"))

    # a desktop: the panel is beside the answer, the page does not move
    desktop = new_page(browser, "fr-FR", outside)
    desktop.goto(f"{ui_url}/?lang=fr")
    desktop.wait_for_function("() => document.documentElement.lang === 'fr'", timeout=30_000)
    ask(desktop, "Qu'est-ce que l'opération Turquesa ?")
    passage = desktop.locator(".turn").nth(0).locator("details.passage").nth(1)
    ref = passage.get_attribute("data-ref")
    before = desktop.evaluate("() => scrollY")
    passage.locator("a.cite").click()
    desktop.wait_for_selector(f'#context .context[data-ref="{ref}"]', timeout=10_000)
    desktop.wait_for_timeout(800)
    assert desktop.evaluate("() => scrollY") == before
    panel, turn = desktop.locator("#context").bounding_box(), desktop.locator(".turn").nth(0).bounding_box()
    assert panel is not None and turn is not None and panel["x"] > turn["x"] + turn["width"] - 1
    shot(desktop, "16-desktop-context-fr")
    assert outside == [], f"the page fetched from outside: {outside[:5]}"


def test_browser_markup_only_is_said_and_stripped_tags_leave_a_hint(browser: Any, ui_url: str) -> None:
    from assistant.ui.labels import LABELS

    outside: list[str] = []
    dialogs: list[str] = []
    for lang in ("fr", "ar"):
        page = new_page(browser, "fr-FR", outside)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{ui_url}/?lang={lang}")
        wait_page_lang(page, lang)
        page.fill("#question textarea", "<script>alert(1)</script>")
        page.press("#question textarea", "Enter")
        page.wait_for_selector("#notice .notice", timeout=10_000)
        said = page.locator("#notice").inner_text().strip()
        assert said == LABELS[lang]["markup_only"] and said != LABELS[lang]["empty_question"]
        assert page.locator("#question textarea").input_value() == "<script>alert(1)</script>"
        assert page.locator(".turn").count() == 0
        page.fill("#question textarea", "  ")  # plain empty: still the plain words
        page.press("#question textarea", "Enter")
        page.wait_for_function(
            "(s) => document.querySelector('#notice').innerText.trim() === s",
            arg=LABELS[lang]["empty_question"],
        )

        typed = "<img src=x onerror=alert(1)> Qu'est-ce que l'opération Turquesa ?"
        ask(page, typed)
        turn = page.locator(".turn").nth(0)
        assert turn.locator(".q bdi").inner_text() == "Qu'est-ce que l'opération Turquesa ?"
        hint = turn.locator(".q .stripped")
        assert hint.inner_text().strip() == LABELS[lang]["markup_removed"]
        assert hint.get_attribute("title") == typed  # what was typed, on hover
        assert turn.locator(".cite-line a.cite").get_attribute("data-ref") == "16"
        assert not page.locator("#notice").is_visible()
        assert turn.locator("img").count() == 0
        shot(page, f"17-markup-{lang}")
    page.locator("#lang label", has_text="English").click()  # the hint follows the page's language
    page.wait_for_function(
        "() => document.querySelector('.turn .q .stripped').innerText.includes('HTML markup')"
    )
    assert dialogs == [] and outside == []


# ---- Safe defaults and load ----------------------------------------------------------------------


def test_binding_beyond_loopback_without_login_warns() -> None:
    from assistant.shells.cli import bind_warning, build_parser

    args = build_parser().parse_args(["ui"])
    assert args.host == "127.0.0.1" and args.port == 7860 and args.auth is None
    assert bind_warning("127.0.0.1", None) is None
    assert "--auth" in (bind_warning("0.0.0.0", None) or "")
    assert bind_warning("0.0.0.0", ("delegate", "secret")) is None


def test_files_outside_the_page_are_not_served(ui_url: str) -> None:
    import httpx

    for path in (
        "/gradio_api/file=/etc/passwd",
        "/file=/etc/passwd",
        "/gradio_api/file=../../../../../../etc/passwd",
        "/gradio_api/file=%2Fetc%2Fpasswd",
        "/static/../../../../etc/passwd",
    ):
        response = httpx.get(ui_url + path)
        assert "root:" not in response.text, path
        assert response.status_code in (400, 403, 404), (path, response.status_code)


def test_auth_refuses_a_wrong_login_and_accepts_the_right_one(assistant: Assistant) -> None:
    import httpx
    from gradio_client import Client

    app = build_app(assistant)
    url = launch(app, port=free_port(), auth=("delegate", "s3cret"), block=False, quiet=True).rstrip("/")
    try:
        wrong = httpx.post(url + "/login", data={"username": "delegate", "password": "nope"})
        assert wrong.status_code == 400
        assert httpx.get(url + "/config").status_code in (401, 403)
        right = httpx.post(url + "/login", data={"username": "delegate", "password": "s3cret"})
        assert right.status_code == 200
        client = Client(url + "/", auth=("delegate", "s3cret"), verbose=False)
        assert client.predict("R7", 1, api_name="/ask")["passages"][0]["ref"] == "R7"
    finally:
        app.close()


def test_twenty_clients_two_hundred_questions_all_answered_right(assistant: Assistant, ui_url: str) -> None:
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    from assistant.evaluation.harness import default_gold_path, load_gold

    gold = [g.question for g in load_gold(default_gold_path())]
    questions = [gold[i % len(gold)] for i in range(200)]
    expected = {q: [p.ref for p in assistant.ask(q).passages] for q in set(questions)}
    local = threading.local()

    def ask(question: str) -> list[str]:
        if not hasattr(local, "client"):
            local.client = Client(ui_url + "/", verbose=False)
        return [p["ref"] for p in local.client.predict(question, 5, api_name="/ask")["passages"]]

    def rss_mb() -> float:
        status = Path("/proc/self/status").read_text()
        return int(next(x for x in status.splitlines() if x.startswith("VmRSS:")).split()[1]) / 1024

    before = rss_mb()
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(ask, questions))
    assert len(answers) == 200
    wrong = [q for q, refs in zip(questions, answers, strict=True) if refs != expected[q]]
    assert wrong == []
    assert rss_mb() < before + 300  # no growth per request


def test_briefing_tab_renders_a_note_and_downloads_it(browser: Any, ui_url: str, tmp_path: Path) -> None:
    import docx

    outside: list[str] = []
    page = new_page(browser, "en-US", outside)
    page.goto(ui_url + "/")
    page.wait_for_selector("#question textarea", timeout=30_000)
    page.locator("#tab-brief-button").click()
    page.press("#brief-topic textarea", "Enter")  # no topic: a note under the box, not a toast
    page.wait_for_selector("#brief-notice .notice", timeout=10_000)
    assert "The topic is empty" in page.locator("#brief-notice").inner_text()
    page.fill("#brief-topic textarea", "corruption")
    page.press("#brief-topic textarea", "Enter")
    page.wait_for_selector("#brief-md", state="visible", timeout=30_000)
    assert not page.locator("#brief-notice").is_visible()
    note = page.locator("#brief-note").inner_text()
    assert "Briefing note: corruption" in note and "R8" in note and "19" in note
    # the header names the body once ("Meeting: réunion du Groupe…" read twice)
    assert "Body: Groupe de travail sur le trafic illicite de migrants" in note
    assert "Meeting: réunion" not in note
    assert "Recommendations" in note and "Deliberations" in note
    shot(page, "6-briefing-en")
    # a citation in the note opens its unit in the report tab, in place
    page.locator('#brief-note a[href="?ref=R8"]').first.click()
    page.wait_for_selector('.report-unit.target[data-ref="R8"]', state="visible", timeout=10_000)
    assert "ref=R8" in page.url
    page.locator("#tab-brief-button").click()

    with page.expect_download() as md_download:
        page.locator("#brief-md").click()
    markdown = Path(md_download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Briefing note: corruption") and "[R8]" in markdown and "[19]" in markdown
    with page.expect_download() as word_download:
        page.locator("#brief-docx").click()
    saved = tmp_path / "note.docx"
    word_download.value.save_as(saved)
    document = docx.Document(str(saved))
    assert any(p.style.name.startswith("Heading") for p in document.paragraphs)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "[R8]" in text and "[19]" in text

    page.fill("#brief-topic textarea", "nuclear disarmament")
    page.press("#brief-topic textarea", "Enter")
    page.wait_for_function(
        "() => document.querySelector('#brief-note').innerText.includes('nuclear disarmament')",
        timeout=30_000,
    )
    assert "does not" in page.locator("#brief-note").inner_text()
    assert outside == [], f"the page fetched from outside: {outside[:5]}"


def test_a_notes_citations_link_to_their_units_and_the_download_keeps_them_plain() -> None:
    from assistant.ui.render import linked_note

    note = "> « Texte. » [R8]\n\n> « Autre. […] » [DOC-1/19] (extrait)\n\nEn bref — 2 passages : 8, 10."
    linked = linked_note(note)
    assert "» [[R8]](?ref=R8)" in linked
    assert "» [[DOC-1/19]](?ref=DOC-1/19) (extrait)" in linked
    assert linked.endswith("En bref — 2 passages : 8, 10.")


def test_a_port_in_use_is_a_clear_message(assistant: Assistant) -> None:
    import socket

    from assistant.errors import ConfigError

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        with pytest.raises(ConfigError, match=f"Port {port} .* already in use.*--port {port + 1}"):
            launch(build_app(assistant), port=port, block=False, quiet=True)
    finally:
        taken.close()

"""The chat page: `build_app(assistant)` makes the Gradio Blocks, `launch(app)` serves them."""

import dataclasses
import logging
import os
import re
import tempfile
import uuid
from html import escape
from pathlib import Path
from typing import Any

from assistant import Answer, Assistant, AssistantError, Report, UserInputError
from assistant.answer.question import (
    MAX_QUESTION_CHARS,
    has_markup,
    normalize_question,
    question_fault,
)
from assistant.errors import ConfigError
from assistant.shells import notes

from . import render
from .labels import EXAMPLES, LANGS, NATIVE_NAMES, label, pick_lang

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"


def _read(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _theme() -> Any:
    import gradio as gr

    # System fonts only: the default theme fetches web fonts from a CDN, and the page must
    # render fully with no network.
    return gr.themes.Default(
        font=["system-ui", "-apple-system", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "Consolas", "monospace"],
    )


def build_app(assistant: Assistant) -> Any:
    """The chat page for ``assistant``: questions, the report, read-in-context, and the `/ask` API.

    The assistant must be built already (models loaded, index ready): every request reuses it.
    A report added to or removed from the library while the page runs is picked up at the next
    question (`LiveAssistant`), and the header, the report tab and the report picker with it.
    """
    import gradio as gr

    from assistant.answer.live import LiveAssistant

    live = LiveAssistant(assistant)

    def notice(message: str = "") -> Any:
        """A note under the question (or topic) box, in the page's language; hidden when empty.
        Not a toast: a toast covered the side panel and stayed on when the tab changed."""
        shown = f'<p class="notice" role="alert">{escape(message)}</p>' if message else ""
        return gr.HTML(shown, visible=bool(message))

    def title_of(current: Assistant) -> str:
        reports = current.reports
        return reports[0].title if not current.qualified else " · ".join(r.doc_id for r in reports)

    def locate(current: Assistant, citation: str | None) -> tuple[Report | None, str | None]:
        """The report and the bare ref a citation ("18", "DOCID/18") names; (None, None) if none."""
        if not citation:
            return None, None
        try:
            unit = current.unit(citation)
        except UserInputError:
            return None, citation
        return current.report(unit.doc_id), unit.ref

    def context_of(current: Assistant, citation: str | None, lang: str) -> str:
        found, ref = locate(current, citation)
        return render.context_html(found, ref, lang, current.qualified)

    def header(current: Assistant, lang: str) -> str:
        sub = label(lang, "subtitle")
        if not current.qualified:
            title = f'<h1 lang="fr">{escape(current.reports[0].title)}</h1>'
        else:  # a library: its size, then each report by id and meeting
            title = f"<h1>{escape(label(lang, 'library').format(n=len(current.reports)))}</h1>"
            sub = " · ".join(f"<b>{escape(r.doc_id)}</b> {escape(_when(r))}" for r in current.reports)
        return f'<div id="page-header">{title}<p class="sub">{sub}</p></div>'

    def doc_choices(current: Assistant, lang: str) -> list[tuple[str, str]]:
        """The report picker's entries: the whole library first, then each report by its id and
        meeting dates (titles of one working group's reports differ only there)."""
        return [
            (label(lang, "all_reports"), ""),
            *((f"{r.doc_id} · {_when(r)}", r.doc_id) for r in current.reports),
        ]

    def scope(doc: str | None, current: Assistant, lang: str) -> tuple[str | None, str]:
        """The report the picker names, if the library still holds it (else all, with a note)."""
        if doc and doc not in current.doc_ids:
            return None, label(lang, "report_gone").format(doc=doc)
        return doc or None, ""

    def library_views(
        current: Assistant, shown: tuple[str, ...], doc: str | None, lang: str
    ) -> tuple[Any, ...]:
        """The picker, header and report tab, renewed when the library changed since they were drawn."""
        docs = tuple(current.doc_ids)
        if docs == shown:
            return gr.skip(), gr.skip(), gr.skip(), shown
        return (
            gr.Dropdown(
                choices=doc_choices(current, lang),
                value=doc if doc in docs else "",
                visible=current.qualified,
            ),
            header(current, lang),
            render.report_html(current.reports, lang),
            docs,
        )

    def refused(lang: str, text: str) -> str:
        """The page's words for a question it cannot take (empty, too long), else ""."""
        cleaned = normalize_question(text) if isinstance(text, str) else ""
        fault = question_fault(cleaned)
        if fault == "too_long":
            return label(lang, "too_long").format(n=len(cleaned), limit=MAX_QUESTION_CHARS)
        if fault and has_markup(text):  # "<script>alert(1)</script>" was not empty as typed
            return label(lang, "markup_only")
        return label(lang, "empty_question") if fault else ""

    def respond(
        question: str,
        turns: list[Answer],
        lang: str,
        doc: str | None = "",
        shown: tuple[str, ...] = (),
    ) -> tuple[Any, ...]:
        lang = pick_lang(lang)
        current = live.current()
        views = library_views(current, tuple(shown or ()), doc, lang)
        unchanged = (gr.skip(),) * 5
        problem = refused(lang, question)
        if problem:  # a note in the page's language; the conversation and the typed text stay
            return (*unchanged, *views, notice(problem))
        doc, gone = scope(doc, current, lang)
        try:
            answer = current.ask(question, doc=doc)
        except AssistantError as exc:
            if not isinstance(exc, UserInputError):
                log.exception("ask failed")
            return (*unchanged, *views, notice(str(exc)))
        if has_markup(question):
            # the conversation keeps the question as typed: it shows the words asked, with a
            # hint that markup was removed (render.answer_html)
            answer = dataclasses.replace(answer, question=question)
        turns = [*turns, answer]
        ref = None if answer.abstained or not answer.passages else answer.passages[0].ref
        return (
            render.conversation_html(turns, title_of(current), lang),
            turns,
            "",
            context_of(current, ref, lang),
            ref,
            *views,
            notice(" ".join(x for x in (gone, live.problem) if x)),
        )

    # Evaluated annotations (no `from __future__ import annotations` here): gradio reads the
    # gr.EventData hint to pass the clicked citation.
    def show_context(lang: str, turns: list[Answer], evt: gr.EventData) -> tuple[str, str | None]:
        ref = str((getattr(evt, "_data", None) and evt._data.get("ref")) or "")
        if not ref:
            return gr.skip(), gr.skip()  # a click elsewhere in the conversation
        current = live.current()
        found, bare = locate(current, ref)
        if found is None and "/" not in ref:
            # a bare "16" cited before a second report joined: the report that answer quoted
            cited = [p.unit for turn in reversed(turns or []) for p in turn.passages if p.ref == ref]
            if cited and cited[0].doc_id in current.doc_ids:
                found, bare = current.report(cited[0].doc_id), cited[0].ref
        return render.context_html(found or current.reports[0], bare, lang, current.qualified), ref

    def clear(lang: str) -> tuple[Any, ...]:
        title = title_of(live.current())
        empty = render.conversation_html([], title, lang)
        return empty, [], render.context_html(None, None, lang), None, notice()

    def relabel(value: str, turns: list[Answer], ref: str | None, doc: str | None) -> tuple[Any, ...]:
        lang = pick_lang(value)
        current = live.current()
        doc = doc if doc in current.doc_ids else ""
        return (
            gr.Radio(value=lang, label=label(lang, "lang")),
            gr.Dropdown(
                choices=doc_choices(current, lang),
                value=doc,
                label=label(lang, "report_pick"),
                visible=current.qualified,
            ),
            header(current, lang),
            gr.Tab(label=label(lang, "tab_chat")),
            gr.Tab(label=label(lang, "tab_report")),
            gr.Textbox(label=label(lang, "question"), placeholder=label(lang, "placeholder")),
            gr.Button(value=label(lang, "send")),
            gr.Button(value=label(lang, "clear")),
            f'<div class="passages-h">{label(lang, "examples")}</div>',
            render.conversation_html(turns, title_of(current), lang),
            context_of(current, ref, lang),
            render.report_html(current.reports, lang),
            gr.Tab(label=label(lang, "tab_brief")),
            f'<p class="hint">{label(lang, "brief_hint")}</p>',
            gr.Textbox(label=label(lang, "topic"), placeholder=label(lang, "topic_placeholder")),
            gr.Button(value=label(lang, "brief_go")),
            gr.DownloadButton(label=label(lang, "download_md")),
            gr.DownloadButton(label=label(lang, "download_docx")),
            tuple(current.doc_ids),
            notice(),  # a note in the other language would stay behind
            notice(),
            *(gr.Button(value=text) for text in EXAMPLES[lang]),
        )

    notes_dir = Path(tempfile.mkdtemp(prefix="un-report-briefings-"))

    def prepare(topic: str, lang: str, doc: str | None = "") -> tuple[Any, ...]:
        lang = pick_lang(lang)
        current = live.current()
        if question_fault(normalize_question(topic) if isinstance(topic, str) else "") == "empty":
            return gr.skip(), gr.skip(), gr.skip(), notice(label(lang, "empty_topic"))
        doc, gone = scope(doc, current, lang)
        try:
            briefing = current.brief(topic, lang=lang, doc=doc)
        except UserInputError as exc:
            return gr.skip(), gr.skip(), gr.skip(), notice(str(exc))
        stem = f"{_slug(briefing.topic)}-{uuid.uuid4().hex[:8]}"
        markdown = notes.write(briefing, "md", notes_dir / f"{stem}.md")
        word = notes.write(briefing, "docx", notes_dir / f"{stem}.docx")
        return (
            render.linked_note(notes.render(briefing, "md")),
            gr.DownloadButton(value=str(markdown), visible=True),
            gr.DownloadButton(value=str(word), visible=True),
            notice(gone),
        )

    def ask_api(question: str, k: int = 5, doc: str = "") -> dict[str, Any]:
        """Ask the reports a question (``doc``: one report only); returns the CLI's JSON."""
        try:
            return live.current().ask(question, k=int(k), doc=doc or None).to_dict()
        except (UserInputError, TypeError, ValueError) as exc:
            raise gr.Error(str(exc)) from None

    click_js = _read("click.js")
    with gr.Blocks(title="UN report assistant", analytics_enabled=False) as app:
        turns = gr.State([])
        context_ref = gr.State(None)
        shown_docs = gr.State(tuple(assistant.doc_ids))  # the library the picker and tabs show
        with gr.Row(elem_id="header-row"):
            head = gr.HTML(header(assistant, "en"), scale=5)
            lang = gr.Radio(
                choices=[(NATIVE_NAMES[code], code) for code in LANGS],
                value="en",
                label=label("en", "lang"),
                elem_id="lang",
                scale=1,
            )
        # Shown only for a library of several reports: questions and notes then read the one
        # chosen here, or all of them (the CLI's and the API's `--doc`).
        doc_pick = gr.Dropdown(
            choices=doc_choices(assistant, "en"),
            value="",
            label=label("en", "report_pick"),
            elem_id="doc-pick",
            visible=assistant.qualified,
            interactive=True,
        )
        # "wrap": on a phone the three tabs go on two lines rather than one behind Gradio's "⋯" menu
        with gr.Tabs(selected="chat", elem_id="tabs", overflow_behavior="wrap"):
            with gr.Tab(label("en", "tab_chat"), id="chat", elem_id="tab-chat") as chat_tab, gr.Row():
                with gr.Column(scale=3):
                    conversation = gr.HTML(
                        render.conversation_html([], title_of(assistant), "en"),
                        elem_id="conversation",
                        js_on_load=click_js,
                    )
                    with gr.Row(equal_height=True):
                        question = gr.Textbox(
                            label=label("en", "question"),
                            placeholder=label("en", "placeholder"),
                            elem_id="question",
                            lines=1,
                            max_lines=4,
                            scale=5,
                            autofocus=True,
                        )
                        send = gr.Button(label("en", "send"), variant="primary", elem_id="send", scale=1)
                    question_notice = gr.HTML("", visible=False, elem_id="notice")
                    examples_h = gr.HTML(f'<div class="passages-h">{label("en", "examples")}</div>')
                    with gr.Row(elem_classes="example-row"):
                        example_buttons = [
                            gr.Button(e, size="sm", elem_classes="example") for e in EXAMPLES["en"]
                        ]
                    clear_button = gr.Button(
                        label("en", "clear"), variant="secondary", size="sm", elem_id="clear"
                    )
                with gr.Column(scale=2):
                    context = gr.HTML(
                        render.context_html(None, None, "en"), elem_id="context", js_on_load=click_js
                    )
            with gr.Tab(
                label("en", "tab_report"), id="report", elem_id="tab-report", render_children=True
            ) as report_tab:
                report_view = gr.HTML(render.report_html(assistant.reports, "en"), elem_id="report")
            with gr.Tab(label("en", "tab_brief"), id="brief", elem_id="tab-brief") as brief_tab:
                brief_hint = gr.HTML(f'<p class="hint">{label("en", "brief_hint")}</p>')
                with gr.Row(equal_height=True):
                    topic = gr.Textbox(
                        label=label("en", "topic"),
                        placeholder=label("en", "topic_placeholder"),
                        elem_id="brief-topic",
                        scale=5,
                    )
                    brief_go = gr.Button(
                        label("en", "brief_go"), variant="primary", elem_id="brief-go", scale=1
                    )
                brief_notice = gr.HTML("", visible=False, elem_id="brief-notice")
                with gr.Row():
                    download_md = gr.DownloadButton(
                        label("en", "download_md"), visible=False, elem_id="brief-md", size="sm"
                    )
                    download_docx = gr.DownloadButton(
                        label("en", "download_docx"), visible=False, elem_id="brief-docx", size="sm"
                    )
                note = gr.Markdown(elem_id="brief-note")

        answer_out = [
            conversation,
            turns,
            question,
            context,
            context_ref,
            doc_pick,
            head,
            report_view,
            shown_docs,
            question_notice,
        ]
        answer_in = [question, turns, lang, doc_pick, shown_docs]
        private: dict[str, Any] = {"api_visibility": "private"}
        question.submit(respond, answer_in, answer_out, **private)
        send.click(respond, answer_in, answer_out, **private)
        for button in example_buttons:
            button.click(respond, [button, *answer_in[1:]], answer_out, **private)
        conversation.click(show_context, [lang, turns], [context, context_ref], **private)
        context.click(show_context, [lang, turns], [context, context_ref], **private)
        clear_button.click(
            clear, [lang], [conversation, turns, context, context_ref, question_notice], **private
        )
        brief_out = [note, download_md, download_docx, brief_notice]
        topic.submit(prepare, [topic, lang, doc_pick], brief_out, **private)
        brief_go.click(prepare, [topic, lang, doc_pick], brief_out, **private)
        labelled = [
            lang,
            doc_pick,
            head,
            chat_tab,
            report_tab,
            question,
            send,
            clear_button,
            examples_h,
            conversation,
            context,
            report_view,
            brief_tab,
            brief_hint,
            topic,
            brief_go,
            download_md,
            download_docx,
            shown_docs,
            question_notice,
            brief_notice,
            *example_buttons,
        ]
        lang.input(relabel, [lang, turns, context_ref, doc_pick], labelled, **private)
        # The labels follow `?lang=xx`, else the browser's first preferred language the page has,
        # else English; the toggle changes them after.
        app.load(
            relabel,
            [lang, turns, context_ref, doc_pick],
            labelled,
            js=_FIRST_LANG_JS,
            **private,
        )
        gr.api(ask_api, api_name="ask")
    return app


# The page's language when it opens (`pick_lang` in JavaScript, before the first relabel).
_FIRST_LANG_JS = (
    "(lang, turns, ref, doc) => {"
    f" const langs = {list(LANGS)!r};"
    " const pick = (v) => { const p = (v || '').toLowerCase().replace('_', '-').split('-')[0];"
    " return langs.includes(p) ? p : null; };"
    " const wanted = [new URLSearchParams(location.search).get('lang'),"
    " ...(navigator.languages || []), navigator.language];"
    " const first = wanted.map(pick).find((p) => p) || 'en';"
    " return [first, turns, ref, doc]; }"
)


def _when(report: Report, width: int = 70) -> str:
    """A report's meeting as the picker and the header show it: "14 et 15 octobre 2021, Vienne",
    else its title cut to ``width`` characters at a word."""
    meta = report.metadata
    when = ", ".join(x for x in (meta.dates, meta.place) if x)
    if when:
        return when
    title = report.title
    return title if len(title) <= width else title[:width].rsplit(" ", 1)[0] + " …"


def _slug(text: str) -> str:
    """A file-name stem for a topic: "coopération internationale" -> "cooperation-internationale"."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "briefing"


def launch(
    app: Any,
    host: str = "127.0.0.1",
    port: int | None = 7860,
    auth: tuple[str, str] | None = None,
    block: bool = True,
    quiet: bool = False,
    concurrency: int = 2,
) -> str:
    """Serve the page; returns its local URL (when ``block`` is False, the server keeps running).

    Binds to loopback unless told otherwise; Gradio's analytics are off and the page loads no
    font or script from outside. ``concurrency`` questions are answered at once, the others
    wait in Gradio's queue (``Settings.ui_concurrency``; README, "Chat page", for how it was chosen).
    """
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    app.queue(default_concurrency_limit=concurrency)
    try:
        _, url, _ = app.launch(
            server_name=host,
            server_port=port,
            auth=auth,
            prevent_thread_lock=True,
            quiet=quiet,
            show_error=False,
            theme=_theme(),
            css=_read("page.css"),
            js=_read("page.js"),
            # no footer: Gradio's links are in English only, and delegates have no use for them
            # (the /ask API itself stays, documented in the README)
            footer_links=[],
        )
    except OSError as exc:
        if port is None or "empty port" not in str(exc):
            raise
        raise ConfigError(
            f"Port {port} on {host} is already in use (another chat page?). Stop it, or start this "
            f"one on another port: assistant ui --port {port + 1}"
        ) from None
    if block:
        app.block_thread()
    return str(url)

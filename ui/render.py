"""The page's HTML, rendered from the library's types: answers, passages and the report's units."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from assistant import Answer, Passage, Report, Unit
from assistant.answer.answers import NOT_ANSWERED
from assistant.answer.language import question_language
from assistant.answer.question import has_markup, normalize_question

from .labels import declined_in, direction, label, unit_name
from .lists import text_html


def citation_text(unit: Unit, title: str, lang: str) -> str:
    """The reference to paste after a quote: "(report title, para. 16)" or "(…, recommendation 7)"."""
    paragraph = unit.kind == "paragraph"
    where = label(lang, "para_abbr").format(ref=unit.ref) if paragraph else unit_name(unit, lang)
    return f"({title}, {where})"


def copy_text(answer: Answer, title: str, lang: str) -> str:
    """The answer as plain text, ready to paste into a statement: the quote, then its citation
    (with several reports, the title is that of the report quoted)."""
    if answer.abstained or not answer.passages:
        return label(lang, "declined")
    unit = answer.passages[0].unit
    return f"« {answer.quote} » {citation_text(unit, answer.report.title if answer.report else title, lang)}"


def cite_name(unit: Unit, lang: str, qualified: bool = False) -> str:
    """The citation as it reads: "paragraph 16"; with several reports "paragraph 16 [DOCID/16]"
    (isolated on a right-to-left page, so that its brackets and slash keep their order)."""
    name = unit_name(unit, lang)
    if not qualified:
        return name
    cited = f"[{unit.citation(True)}]"
    return f"{name} \u2068{cited}\u2069" if direction(lang) == "rtl" else f"{name} {cited}"


def cite_link(unit: Unit, lang: str, text: str | None = None, qualified: bool = False) -> str:
    """A citation that opens the unit in context when clicked (and in the report without JavaScript).

    ``data-ref`` and ``?ref=`` hold the citation: "16", or "DOCID/16" with several reports.
    """
    ref = escape(unit.citation(qualified))
    return (
        f'<a class="cite" href="?ref={ref}" data-ref="{ref}">'
        f"{escape(text if text is not None else cite_name(unit, lang, qualified))}</a>"
    )


def _upper_first(text: str) -> str:
    """ "recommendation 12 [wg-2021/R12]" -> "Recommendation 12 [wg-2021/R12]" (`str.capitalize`
    would lower the rest: "r12")."""
    return text[:1].upper() + text[1:]


def highlight(text: str, quote: str) -> str:
    """The text, escaped, with the quoted sentence(s) marked (unmarked when the quote is not in
    it), each item of a list in it on a line of its own."""
    return text_html(text, quote)


def passage_html(passage: Passage, lang: str, quote: str = "", open_: bool = False) -> str:
    """One cited passage, collapsible: its ref, its section path and its full text."""
    unit, qualified = passage.unit, passage.qualified
    body = highlight(passage.text, quote)
    return (
        f'<details class="passage"{" open" if open_ else ""} data-ref="{escape(passage.ref)}">'
        f'<summary><span class="ref">'
        f"{cite_link(unit, lang, _upper_first(cite_name(unit, lang, qualified)), qualified)}</span>"
        f'<span class="section" lang="fr" dir="ltr">{escape(unit.section)}</span></summary>'
        f'<p class="unit-text" lang="fr" dir="ltr">{body}</p></details>'
    )


def answer_html(answer: Answer, title: str, lang: str) -> str:
    """One exchange: the question, then the quote and its citation, or a plain decline and "see also"."""
    # <bdi>: an Arabic question keeps its own direction (its "؟" at its end) beside the label
    words = normalize_question(answer.question)
    asked = f"<bdi>{escape(words)}</bdi>"
    if words != answer.question and has_markup(answer.question):
        # the page keeps what was typed (app.respond): the words asked, and a hint that tags went
        typed = escape(answer.question, quote=True)
        asked += f'<span class="stripped" title="{typed}">{label(lang, "markup_removed")}</span>'
    question = f'<div class="q"><span class="who">{label(lang, "you")}</span>{asked}</div>'
    if answer.abstained or not answer.passages:
        see_also = "".join(passage_html(p, lang) for p in answer.passages)
        heading = f'<div class="passages-h">{label(lang, "see_also")}</div>' if see_also else ""
        # A lookup of a unit the report lacks says which ones it has; any other decline is plain,
        # and said in the question's language too when the page is in another one.
        said = label(lang, "declined") if answer.text == NOT_ANSWERED else escape(answer.text)
        decline = f'<p class="decline" role="status">{said}</p>'
        asked = question_language(words, lang) if answer.text == NOT_ANSWERED else lang
        if asked != lang:
            decline += f'<p class="decline asked" lang="{asked}" dir="auto">{escape(declined_in(asked))}</p>'
        body = f'<div class="a declined">{decline}{heading}<div class="see-also">{see_also}</div></div>'
        return f'<div class="turn">{question}{body}</div>'
    top = answer.passages[0]
    copy = escape(copy_text(answer, title, lang), quote=True)
    # with several reports, the answer says which one it quotes
    source = f'<div class="source" lang="fr" dir="ltr">{escape(answer.source)}</div>' if answer.source else ""
    passages = passage_html(top, lang, answer.quote, open_=True) + "".join(
        passage_html(p, lang) for p in answer.passages[1:]
    )
    body = (
        '<div class="a answered">'
        f'<blockquote class="quote" lang="fr" dir="ltr">« {text_html(answer.quote, tail=" »")}</blockquote>'
        f"{source}"
        f'<div class="cite-line">— {cite_link(top.unit, lang, qualified=top.qualified)}'
        f'<button class="copy" type="button" data-copy="{copy}" data-done="{label(lang, "copied")}"'
        f' title="{label(lang, "copy_title")}">{label(lang, "copy")}</button></div>'
        f'<div class="passages-h">{label(lang, "cited")}</div>{passages}</div>'
    )
    return f'<div class="turn">{question}{body}</div>'


def conversation_html(turns: Sequence[Answer], title: str, lang: str) -> str:
    """The whole conversation, oldest first; a short invitation when it is empty."""
    if not turns:
        hint = label(lang, "empty")
        return f'<div class="conversation empty"{_page(lang)}><p class="hint">{hint}</p></div>'
    turns_html = "".join(answer_html(a, title, lang) for a in turns)
    return f'<div class="conversation"{_page(lang)}>{turns_html}</div>'


def _page(lang: str) -> str:
    """The attributes of a block in the page's words: its language and direction (the report's
    own words inside it carry ``lang="fr" dir="ltr"``, so that they stay left to right)."""
    return f' lang="{lang}" dir="{direction(lang)}"'


def _unit_block(unit: Unit, lang: str, css: str, caption: str = "", qualified: bool = False) -> str:
    head = f'<div class="ctx-caption">{escape(caption)}</div>' if caption else ""
    link = cite_link(unit, lang, _upper_first(cite_name(unit, lang, qualified)), qualified)
    return (
        f'<div class="ctx-unit {css}">{head}<div class="ctx-ref">{link}</div>'
        f'<p class="unit-text" lang="fr" dir="ltr">{text_html(unit.text)}</p></div>'
    )


def context_html(report: Report | None, ref: str | None, lang: str, qualified: bool = False) -> str:
    """The side panel: a unit (``ref`` within ``report``) with its section heading and the units
    before and after it; with ``qualified`` (several reports) its links carry "DOCID/REF"."""
    title = f'<h3 class="ctx-title">{label(lang, "context_title")}</h3>'
    if report is None or not ref:
        help_ = label(lang, "context_help")
        return f'<div class="context"{_page(lang)}>{title}<p class="hint">{help_}</p></div>'
    try:
        before, unit, after = report.context(ref)
    except KeyError:
        missing = escape(label(lang, "no_unit").format(ref=ref))
        return f'<div class="context"{_page(lang)}>{title}<p class="hint">{missing}</p></div>'
    cited = escape(unit.citation(qualified))
    where = f'<div class="ctx-report" lang="fr" dir="ltr">{escape(report.title)}</div>' if qualified else ""
    parts = [f'{where}<div class="ctx-section" lang="fr" dir="ltr">{escape(unit.section)}</div>']
    if before is not None:
        parts.append(_unit_block(before, lang, "muted", label(lang, "before"), qualified))
    parts.append(_unit_block(unit, lang, "current", qualified=qualified))
    if after is not None:
        parts.append(_unit_block(after, lang, "muted", label(lang, "after"), qualified))
    parts.append(
        f'<a class="goto" href="?ref={cited}" data-ref="{cited}">{label(lang, "open_in_report")} →</a>'
    )
    return f'<div class="context" data-ref="{cited}"{_page(lang)}>{title}{"".join(parts)}</div>'


def report_html(reports: Iterable[Report], lang: str) -> str:
    """Every report whole, by section: headings as in the report, each unit anchored by its
    citation ("18"; "DOCID/18" with several reports)."""
    reports = list(reports)
    qualified = len(reports) > 1
    intro = label(lang, "report_intro_library" if qualified else "report_intro")
    out = [f'<p class="hint">{escape(intro)}</p>']
    for report in reports:
        out.append(
            f'<h2 class="report-title" lang="fr" dir="ltr" id="{escape(report.doc_id)}">'
            f"{escape(report.title)}</h2>"
        )
        shown: list[str] = []
        for unit in report.units:
            path = unit.section.split(" > ")
            for depth, heading in enumerate(path):
                if shown[: depth + 1] != path[: depth + 1]:
                    tag = "h3" if depth == 0 else "h4"
                    out.append(f'<{tag} class="report-h" lang="fr" dir="ltr">{escape(heading)}</{tag}>')
            shown = path
            ref = escape(unit.citation(qualified))
            out.append(
                f'<div class="report-unit" id="{ref}" data-ref="{ref}" dir="ltr">'
                f'<a class="anchor" href="#{ref}" title="{escape(unit.label)}">{escape(unit.ref)}</a>'
                f'<p class="unit-text" lang="fr">{text_html(unit.text)}</p></div>'
            )
    return f'<div class="report"{_page(lang)}>' + "".join(out) + "</div>"


# A citation after a quoted passage of a briefing note: "» [R8]", "» [DOCID/18] (extrait)".
_NOTE_CITATION = re.compile(r"(»\s*)\[((?:[\w.-]+/)?R?\d+)\]")


def linked_note(markdown: str) -> str:
    """A briefing note's Markdown for the page: each citation after a quote links to its unit
    in the report tab (``?ref=R8``; page.js opens it in place, as "Open in the report" does).
    The downloaded note keeps plain citations."""
    return _NOTE_CITATION.sub(lambda m: f"{m[1]}[[{m[2]}]](?ref={m[2]})", markdown)

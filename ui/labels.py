"""The page's words in French and English; quotes always stay in the report's words."""

from __future__ import annotations

import re

LANGS = ("fr", "en")

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "tab_chat": "Questions",
        "tab_report": "Rapport",
        "tab_brief": "Note d’information",
        "question": "Votre question",
        "placeholder": "Posez une question sur le rapport, ou tapez « para 18 », « R7 »…",
        "send": "Demander",
        "clear": "Effacer la conversation",
        "examples": "Exemples",
        "you": "Question",
        "cited": "Passages cités",
        "declined": "Le rapport ne traite pas de cette question.",
        "see_also": "Voir aussi : les passages les plus proches (ils ne répondent pas à la question)",
        "copy": "Copier",
        "copied": "Copié",
        "copy_title": "Copier la citation et sa référence",
        "para_abbr": "par.",
        "context_title": "Lire dans son contexte",
        "context_help": "Cliquez sur une référence (par exemple « paragraphe 16 ») pour lire le passage "
        "avec celui qui le précède et celui qui le suit.",
        "before": "Avant",
        "after": "Après",
        "open_in_report": "Ouvrir dans le rapport",
        "report_intro": "Le rapport complet, par section. Chaque paragraphe a son ancre : "
        "ajoutez « ?ref=18 » ou « #18 » à l’adresse de la page pour l’ouvrir sur le paragraphe 18.",
        "empty": "Posez une question ci-dessous : la réponse cite le rapport mot pour mot, avec son numéro "
        "de paragraphe.",
        "lang": "Langue",
        "no_unit": "Le rapport n’a pas de passage « {ref} ».",
        "topic": "Sujet de la note",
        "topic_placeholder": "Par exemple : corruption, coopération internationale, COVID-19",
        "brief_go": "Préparer la note",
        "brief_hint": "Tout ce que le rapport dit sur un sujet, cité mot pour mot : recommandations, puis "
        "délibérations par section. À coller dans une note, ou à télécharger.",
        "download_md": "Télécharger (Markdown)",
        "download_docx": "Télécharger (Word)",
        "report_pick": "Rapport interrogé",
        "all_reports": "Tous les rapports",
        "report_gone": "Le rapport « {doc} » n’est plus dans la bibliothèque : réponse tirée de tous "
        "les rapports. Rechargez la page pour mettre la liste à jour.",
        "library": "Bibliothèque de {n} rapports",
        "subtitle": "Assistant de lecture · citations du rapport mot pour mot",
        "empty_question": "La question est vide : tapez une question sur le rapport.",
        "too_long": "La question compte {n} caractères ; la limite est de {limit}.",
        "empty_topic": "Le sujet est vide : tapez un sujet, par exemple « corruption ».",
        "report_intro_library": "Les rapports complets, par section. Chaque paragraphe a son ancre : "
        "ajoutez « ?ref=RAPPORT/18 » à l’adresse de la page pour l’ouvrir sur le paragraphe 18 "
        "de ce rapport (« ?ref=18 » : le premier rapport qui en a un).",
    },
    "en": {
        "tab_chat": "Questions",
        "tab_report": "Report",
        "tab_brief": "Briefing",
        "question": "Your question",
        "placeholder": "Ask a question about the report, or type “para 18”, “R7”…",
        "send": "Ask",
        "clear": "Clear the conversation",
        "examples": "Examples",
        "you": "Question",
        "cited": "Cited passages",
        "declined": "The report does not address this question.",
        "see_also": "See also: the closest passages (they do not answer the question)",
        "copy": "Copy",
        "copied": "Copied",
        "copy_title": "Copy the quote and its citation",
        "para_abbr": "para.",
        "context_title": "Read in context",
        "context_help": "Click a citation (for example “paragraph 16”) to read the passage with the one "
        "before and the one after it.",
        "before": "Before",
        "after": "After",
        "open_in_report": "Open in the report",
        "report_intro": "The whole report, by section. Every paragraph has its anchor: add “?ref=18” or "
        "“#18” to the page address to open it on paragraph 18.",
        "empty": "Ask a question below: the answer quotes the report word for word, with its paragraph "
        "number.",
        "lang": "Language",
        "no_unit": "The report has no passage “{ref}”.",
        "topic": "Topic of the note",
        "topic_placeholder": "For example: corruption, international cooperation, COVID-19",
        "brief_go": "Prepare the note",
        "brief_hint": "Everything the report says on a topic, quoted and cited: recommendations first, then "
        "the deliberations by section. Paste it into a note, or download it.",
        "download_md": "Download (Markdown)",
        "download_docx": "Download (Word)",
        "report_pick": "Report to ask",
        "all_reports": "All reports",
        "report_gone": "The report “{doc}” is no longer in the library: answered from all reports. "
        "Reload the page to update the list.",
        "library": "Library of {n} reports",
        "subtitle": "Reading assistant · the report's own words, cited",
        "empty_question": "The question is empty: type a question about the report.",
        "too_long": "The question is {n} characters long; the limit is {limit}.",
        "empty_topic": "The topic is empty: type a topic, for example “corruption”.",
        "report_intro_library": "The reports whole, by section. Every paragraph has its anchor: add "
        "“?ref=REPORT/18” to the page address to open that report on paragraph 18 (“?ref=18”: the "
        "first report that has one).",
    },
}

#: The example questions under the question box, in the page's language: each is answered
#: from the unit a test expects (16, R8, 8, 24, R7), and the last is off the report (declined).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "fr": (
        "Qu’est-ce que l’opération Turquesa ?",
        "Qu’a recommandé le Groupe de travail sur la corruption ?",
        "Comment la pandémie de COVID-19 a-t-elle changé le trafic illicite de migrants ?",
        "Qui a présidé la réunion ?",
        "R7",
        "Qui a gagné la Coupe du monde de football en 2018 ?",
    ),
    "en": (
        "What is Operation Turquesa?",
        "What did the working group recommend on corruption?",
        "How did the COVID-19 pandemic change migrant smuggling?",
        "Who chaired the meeting?",
        "R7",
        "Who won the football World Cup in 2018?",
    ),
}

#: "The report does not address this question" in the languages a question may be asked in
#: besides the page's two: a decline also says it in the question's language.
DECLINED: dict[str, str] = {
    "es": "El informe no trata esta cuestión.",
    "ar": "لا يتناول التقرير هذه المسألة.",
    "ru": "В докладе этот вопрос не рассматривается.",
    "zh": "报告未涉及这一问题。",
}

# Words (and marks) only Spanish of the page's Latin-script languages writes: "¿Qué dijo…?"
_SPANISH = re.compile(
    r"[¿¡ñ]|\b(?:qué|cómo|cuál|cuáles|cuándo|dónde|quién|quiénes|cuánt[oa]s?|el|los|las|del|una|"
    r"sobre|fue|fueron|hay|por|está|están|informe|dijo|recomendó|recomienda)\b",
    re.IGNORECASE,
)
_FRENCH_ONLY = re.compile(
    r"\b(?:le|les|du|des|et|est|une|qui|sur|dans|aux?|ce|cette|il|elle|qu|ont?)\b", re.IGNORECASE
)
_ENGLISH_ONLY = re.compile(
    r"\b(?:the|of|and|what|did|does|do|which|who|how|when|where|was|were|about|say|said)\b", re.IGNORECASE
)


def asked_language(question: str, page_lang: str) -> str:
    """The language a question is written in: "zh", "ar", "ru" by its script; "es", "fr" or
    "en" for Latin script, by its marks and function words (``page_lang`` when they do not tell).
    """
    from assistant.answer.briefing import topic_language
    from assistant.answer.topic import script_language

    script = script_language(question)
    if script != "fr":
        return script
    spanish = len(_SPANISH.findall(question))
    if spanish > max(len(_FRENCH_ONLY.findall(question)), len(_ENGLISH_ONLY.findall(question))):
        return "es"
    return topic_language(question, default=page_lang)


def declined_in(lang: str) -> str:
    """The decline sentence in ``lang`` (any of ``DECLINED`` or the page's two)."""
    return DECLINED.get(lang) or label(lang, "declined")


def label(lang: str, key: str) -> str:
    """The page's word for ``key`` in ``lang`` (English for anything but French)."""
    return LABELS["fr" if lang == "fr" else "en"][key]


def pick_lang(value: str | None) -> str:
    """ "fr" for a French browser or choice ("fr", "fr-CH", ...), else "en"."""
    return "fr" if (value or "").lower().startswith("fr") else "en"

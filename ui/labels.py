"""The page's words in the six UN languages; quotes always stay in the report's words."""

from __future__ import annotations

from assistant import Unit

#: The page's languages, in the order the toggle offers them, each by its own name.
LANGS = ("fr", "en", "es", "ar", "ru", "zh")
NATIVE_NAMES = {
    "fr": "Français",
    "en": "English",
    "es": "Español",
    "ar": "العربية",
    "ru": "Русский",
    "zh": "中文",
}
#: Languages written right to left: the page's own words turn, the report's quotes do not.
#: (An address inside an Arabic sentence, "?ref=18", is isolated left to right, \u2066…\u2069:
#: else it reads "ref=18?".)
RTL = frozenset({"ar"})

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
        "para_abbr": "par. {ref}",
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
        "markup_only": "La question ne contenait que des balises HTML, qui ont été retirées : il ne "
        "reste rien à demander. Tapez une question sur le rapport.",
        "markup_removed": "balises HTML retirées de la question",
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
        "para_abbr": "para. {ref}",
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
        "markup_only": "The question held only HTML markup, which was removed: nothing is left to ask. "
        "Type a question about the report.",
        "markup_removed": "HTML markup removed from the question",
        "too_long": "The question is {n} characters long; the limit is {limit}.",
        "empty_topic": "The topic is empty: type a topic, for example “corruption”.",
        "report_intro_library": "The reports whole, by section. Every paragraph has its anchor: add "
        "“?ref=REPORT/18” to the page address to open that report on paragraph 18 (“?ref=18”: the "
        "first report that has one).",
    },
    "es": {
        "tab_chat": "Preguntas",
        "tab_report": "Informe",
        "tab_brief": "Nota informativa",
        "question": "Su pregunta",
        "placeholder": "Haga una pregunta sobre el informe, o escriba «párrafo 18», «R7»…",
        "send": "Preguntar",
        "clear": "Borrar la conversación",
        "examples": "Ejemplos",
        "you": "Pregunta",
        "cited": "Pasajes citados",
        "declined": "El informe no trata esta cuestión.",
        "see_also": "Véase también: los pasajes más cercanos (no responden a la pregunta)",
        "copy": "Copiar",
        "copied": "Copiado",
        "copy_title": "Copiar la cita y su referencia",
        "para_abbr": "párr. {ref}",
        "context_title": "Leer en contexto",
        "context_help": "Haga clic en una referencia (por ejemplo, «párrafo 16») para leer el pasaje junto "
        "con el anterior y el siguiente.",
        "before": "Anterior",
        "after": "Siguiente",
        "open_in_report": "Abrir en el informe",
        "report_intro": "El informe completo, por secciones. Cada párrafo tiene su ancla: añada «?ref=18» o "
        "«#18» a la dirección de la página para abrirla en el párrafo 18.",
        "empty": "Haga una pregunta a continuación: la respuesta cita el informe textualmente, con el número "
        "de párrafo.",
        "lang": "Idioma",
        "no_unit": "El informe no contiene ningún pasaje «{ref}».",
        "topic": "Tema de la nota",
        "topic_placeholder": "Por ejemplo: corrupción, cooperación internacional, COVID-19",
        "brief_go": "Preparar la nota",
        "brief_hint": "Todo lo que dice el informe sobre un tema, citado textualmente: primero las "
        "recomendaciones, luego las deliberaciones por sección. Para pegar en una nota o descargar.",
        "download_md": "Descargar (Markdown)",
        "download_docx": "Descargar (Word)",
        "report_pick": "Informe consultado",
        "all_reports": "Todos los informes",
        "report_gone": "El informe «{doc}» ya no figura en la biblioteca: respuesta extraída de todos los "
        "informes. Vuelva a cargar la página para actualizar la lista.",
        "library": "Biblioteca de {n} informes",
        "subtitle": "Asistente de lectura · citas textuales del informe",
        "empty_question": "La pregunta está vacía: escriba una pregunta sobre el informe.",
        "markup_only": "La pregunta solo contenía etiquetas HTML, que se eliminaron: no queda nada que "
        "preguntar. Escriba una pregunta sobre el informe.",
        "markup_removed": "se eliminaron etiquetas HTML de la pregunta",
        "too_long": "La pregunta tiene {n} caracteres; el límite es de {limit}.",
        "empty_topic": "El tema está vacío: escriba un tema, por ejemplo, «corrupción».",
        "report_intro_library": "Los informes completos, por secciones. Cada párrafo tiene su ancla: añada "
        "«?ref=INFORME/18» a la dirección de la página para abrir ese informe en el párrafo 18 "
        "(«?ref=18»: el primer informe que lo contenga).",
    },
    "ar": {
        "tab_chat": "الأسئلة",
        "tab_report": "التقرير",
        "tab_brief": "مذكرة إحاطة",
        "question": "سؤالك",
        "placeholder": "اطرح سؤالاً عن التقرير، أو اكتب «الفقرة 18» أو «R7»…",
        "send": "اسأل",
        "clear": "مسح المحادثة",
        "examples": "أمثلة",
        "you": "السؤال",
        "cited": "المقاطع المقتبسة",
        "declined": "لا يتناول التقرير هذه المسألة.",
        "see_also": "انظر أيضاً: أقرب المقاطع (وهي لا تجيب عن السؤال)",
        "copy": "نسخ",
        "copied": "تم النسخ",
        "copy_title": "نسخ الاقتباس ومرجعه",
        "para_abbr": "الفقرة {ref}",
        "context_title": "القراءة في السياق",
        "context_help": "انقر على مرجع (مثلاً «الفقرة 16») لقراءة المقطع مع المقطع الذي يسبقه "
        "والمقطع الذي يليه.",
        "before": "السابق",
        "after": "التالي",
        "open_in_report": "فتح في التقرير",
        "report_intro": "التقرير كاملاً، حسب الفروع. لكل فقرة رابط خاص بها: أضف «\u2066?ref=18\u2069» "
        "أو «\u2066#18\u2069» إلى عنوان الصفحة لفتحها على الفقرة 18.",
        "empty": "اطرح سؤالاً أدناه: تقتبس الإجابة نص التقرير حرفياً، مع رقم الفقرة.",
        "lang": "اللغة",
        "no_unit": "لا يتضمن التقرير مقطعاً «{ref}».",
        "topic": "موضوع المذكرة",
        "topic_placeholder": "مثلاً: الفساد، التعاون الدولي، كوفيد-19",
        "brief_go": "إعداد المذكرة",
        "brief_hint": "كل ما يقوله التقرير عن موضوع ما، مقتبساً حرفياً مع مراجعه: التوصيات أولاً، ثم المداولات "
        "حسب الفروع. للصقها في مذكرة أو لتنزيلها.",
        "download_md": "تنزيل (Markdown)",
        "download_docx": "تنزيل (Word)",
        "report_pick": "التقرير المطلوب البحث فيه",
        "all_reports": "جميع التقارير",
        "report_gone": "لم يعد التقرير «{doc}» موجوداً في المكتبة: الإجابة مستمدة من جميع التقارير. أعد تحميل "
        "الصفحة لتحديث القائمة.",
        "library": "عدد التقارير في المكتبة: {n}",
        "subtitle": "مساعد القراءة · اقتباسات حرفية من التقرير",
        "empty_question": "السؤال فارغ: اكتب سؤالاً عن التقرير.",
        "markup_only": "لم يتضمن السؤال سوى وسوم HTML، وقد أُزيلت فلم يبقَ ما يُسأل عنه. اكتب سؤالاً عن التقرير.",
        "markup_removed": "أُزيلت وسوم HTML من السؤال",
        "too_long": "عدد أحرف السؤال {n}، والحد الأقصى {limit}.",
        "empty_topic": "الموضوع فارغ: اكتب موضوعاً، مثلاً «الفساد».",
        "report_intro_library": "التقارير كاملة، حسب الفروع. لكل فقرة رابط خاص بها: أضف "
        "«\u2066?ref=رمز-التقرير/18\u2069» إلى عنوان الصفحة لفتح ذلك التقرير على الفقرة 18 "
        "(«\u2066?ref=18\u2069»: أول تقرير يتضمن هذه الفقرة).",
    },
    "ru": {
        "tab_chat": "Вопросы",
        "tab_report": "Доклад",
        "tab_brief": "Справочная записка",
        "question": "Ваш вопрос",
        "placeholder": "Задайте вопрос о докладе или введите «пункт 18», «R7»…",
        "send": "Спросить",
        "clear": "Очистить диалог",
        "examples": "Примеры",
        "you": "Вопрос",
        "cited": "Цитируемые фрагменты",
        "declined": "В докладе этот вопрос не рассматривается.",
        "see_also": "См. также: ближайшие фрагменты (они не отвечают на вопрос)",
        "copy": "Копировать",
        "copied": "Скопировано",
        "copy_title": "Копировать цитату и ссылку на источник",
        "para_abbr": "п. {ref}",
        "context_title": "Читать в контексте",
        "context_help": "Нажмите на ссылку (например, «пункт 16»), чтобы прочитать фрагмент вместе с "
        "предыдущим и следующим.",
        "before": "Предыдущий",
        "after": "Следующий",
        "open_in_report": "Открыть в докладе",
        "report_intro": "Полный текст доклада по разделам. У каждого пункта есть своя ссылка: добавьте "
        "«?ref=18» или «#18» к адресу страницы, чтобы открыть её на пункте 18.",
        "empty": "Задайте вопрос ниже: ответ дословно цитирует доклад и указывает номер пункта.",
        "lang": "Язык",
        "no_unit": "В докладе нет фрагмента «{ref}».",
        "topic": "Тема записки",
        "topic_placeholder": "Например: коррупция, международное сотрудничество, COVID-19",
        "brief_go": "Подготовить записку",
        "brief_hint": "Всё, что говорится в докладе по теме, дословно и со ссылками: сначала рекомендации, "
        "затем обсуждения по разделам. Можно вставить в записку или скачать.",
        "download_md": "Скачать (Markdown)",
        "download_docx": "Скачать (Word)",
        "report_pick": "Доклад для поиска",
        "all_reports": "Все доклады",
        "report_gone": "Доклада «{doc}» больше нет в библиотеке: ответ дан по всем докладам. Обновите "
        "страницу, чтобы обновить список.",
        "library": "Библиотека докладов: {n}",
        "subtitle": "Помощник по чтению · дословные цитаты из доклада",
        "empty_question": "Вопрос пуст: введите вопрос о докладе.",
        "markup_only": "Вопрос состоял только из HTML-разметки, и она удалена: спрашивать нечего. "
        "Введите вопрос о докладе.",
        "markup_removed": "HTML-разметка удалена из вопроса",
        "too_long": "Длина вопроса (в символах): {n}; предел: {limit}.",
        "empty_topic": "Тема не указана: введите тему, например «коррупция».",
        "report_intro_library": "Полные тексты докладов по разделам. У каждого пункта есть своя ссылка: "
        "добавьте «?ref=ДОКЛАД/18» к адресу страницы, чтобы открыть этот доклад на пункте 18 "
        "(«?ref=18»: первый доклад, в котором он есть).",
    },
    "zh": {
        "tab_chat": "提问",
        "tab_report": "报告",
        "tab_brief": "简报",
        "question": "您的问题",
        "placeholder": "就报告提问，或输入“第18段”、“R7”……",
        "send": "提问",
        "clear": "清除对话",
        "examples": "示例",
        "you": "问题",
        "cited": "引用的段落",
        "declined": "报告未涉及这一问题。",
        "see_also": "另见：最相近的段落（并未回答该问题）",
        "copy": "复制",
        "copied": "已复制",
        "copy_title": "复制引文及其出处",
        "para_abbr": "第{ref}段",
        "context_title": "在上下文中阅读",
        "context_help": "点击出处（例如“第16段”），即可连同前后段落一起阅读。",
        "before": "上一段",
        "after": "下一段",
        "open_in_report": "在报告中打开",
        "report_intro": "报告全文，按章节排列。每个段落都有自己的锚点：在页面地址后加上“?ref=18”或“#18”，"
        "即可打开第18段。",
        "empty": "请在下方提问：回答逐字引用报告原文，并注明段落编号。",
        "lang": "语言",
        "no_unit": "报告中没有“{ref}”这一段落。",
        "topic": "简报主题",
        "topic_placeholder": "例如：腐败、国际合作、COVID-19",
        "brief_go": "编写简报",
        "brief_hint": "报告就某一主题所述的全部内容，逐字引用并注明出处：先列建议，再按章节列出讨论情况。"
        "可粘贴到简报中，也可下载。",
        "download_md": "下载（Markdown）",
        "download_docx": "下载（Word）",
        "report_pick": "查询的报告",
        "all_reports": "全部报告",
        "report_gone": "报告“{doc}”已不在文库中：答案取自全部报告。请刷新页面以更新列表。",
        "library": "文库：{n}份报告",
        "subtitle": "阅读助手 · 逐字引用报告原文",
        "empty_question": "问题为空：请输入有关报告的问题。",
        "markup_only": "问题只包含 HTML 标记，标记已删除，没有可提问的内容。请输入有关报告的问题。",
        "markup_removed": "已从问题中删除 HTML 标记",
        "too_long": "问题长度为{n}个字符，上限为{limit}个字符。",
        "empty_topic": "主题为空：请输入主题，例如“腐败”。",
        "report_intro_library": "各报告全文，按章节排列。每个段落都有自己的锚点：在页面地址后加上"
        "“?ref=报告/18”，即可打开该报告的第18段（“?ref=18”：第一份包含该段的报告）。",
    },
}

#: The example questions under the question box, in the page's language: each is answered
#: from the unit a test expects (16, R8, 8, 24, R7), and the last is off the report (declined).
#: The lookup is written as a delegate of that language would type it.
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
    "es": (
        "¿Qué es la operación Turquesa?",
        "¿Qué recomendó el Grupo de Trabajo sobre la corrupción?",
        "¿Cómo cambió la pandemia de COVID-19 el tráfico ilícito de migrantes?",
        "¿Quién presidió la reunión?",
        "recomendación 7",
        "¿Quién ganó la Copa Mundial de Fútbol de 2018?",
    ),
    "ar": (
        "ما هي عملية توركيسا؟",
        "بماذا أوصى الفريق العامل بشأن الفساد؟",
        "كيف غيّرت جائحة كوفيد-19 تهريب المهاجرين؟",
        "من ترأس الاجتماع؟",
        "التوصية 7",
        "من فاز بكأس العالم لكرة القدم عام 2018؟",
    ),
    "ru": (
        "Что такое операция «Туркеса»?",
        "Что рабочая группа рекомендовала в отношении коррупции?",
        "Как пандемия COVID-19 изменила незаконный ввоз мигрантов?",
        # "на совещании" alone ranks paragraph 5 (the chair's summary) above 24 (who opened it)
        "Кто председательствовал на совещании Рабочей группы?",
        "рекомендация 7",
        "Кто выиграл чемпионат мира по футболу 2018 года?",
    ),
    "zh": (
        "图尔克萨行动是什么？",
        "工作组就腐败问题提出了哪些建议？",
        "COVID-19大流行如何改变了偷运移民活动？",
        "谁主持了会议？",
        "建议7",
        "谁赢得了2018年世界杯足球赛？",
    ),
}

#: "The report does not address this question" in each language: a decline also says it in
#: the question's language when the page is in another one.
DECLINED: dict[str, str] = {lang: words["declined"] for lang, words in LABELS.items()}

#: How a citation reads in running text, by kind ("paragraph 16", "recommendation 7"); French
#: and English are the library's own (`Unit.name`).
UNIT_NAMES: dict[str, dict[str, str]] = {
    "es": {"paragraph": "párrafo {n}", "recommendation": "recomendación {n}"},
    "ar": {"paragraph": "الفقرة {n}", "recommendation": "التوصية {n}"},
    "ru": {"paragraph": "пункт {n}", "recommendation": "рекомендация {n}"},
    "zh": {"paragraph": "第{n}段", "recommendation": "建议{n}"},
}


# Words (and marks) only Spanish of the page's Latin-script languages writes: "¿Qué dijo…?"
def declined_in(lang: str) -> str:
    """The decline sentence in ``lang`` (one of ``LANGS``; English for any other)."""
    return label(lang, "declined")


def label(lang: str, key: str) -> str:
    """The page's word for ``key`` in ``lang`` (English for a language the page does not have)."""
    return LABELS[lang if lang in LABELS else "en"][key]


def unit_name(unit: Unit, lang: str) -> str:
    """The citation as it reads in ``lang``: "paragraph 16", "párrafo 16", "第16段", "التوصية 7"."""
    names = UNIT_NAMES.get(lang)
    if names is None:
        return unit.name(lang)
    number = unit.ref[1:] if unit.kind == "recommendation" else unit.ref
    return names[unit.kind].format(n=number)


def pick_lang(value: str | None) -> str:
    """The page language for a browser's or a URL's choice ("fr", "es-AR", "zh-Hans-CN", "ar"):
    one of ``LANGS`` by its primary subtag, else "en"."""
    primary = (value or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in LANGS else "en"


def direction(lang: str) -> str:
    """ "rtl" for a language written right to left (Arabic), else "ltr"."""
    return "rtl" if lang in RTL else "ltr"

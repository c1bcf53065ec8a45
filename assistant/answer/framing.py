"""Questions that ask what the report says about something: rank them on that something.

"Le rapport parle-t-il des enfants ?", "Does the report mention children?", "What does the
document say about corruption?", "¿Qué dice el informe sobre los niños?": the words that
name the report and the speaking verb carry no subject, yet they match the report's own
paragraphs about itself ("5. Adoption du rapport.", "les sections … du présent rapport")
in every signal (BM25, e5, USE) and pull them above the paragraphs about children. The
ranking reads the subject alone; the topic check and the quote still read the question.
"""

from __future__ import annotations

import re

_DOC = r"(?:the|this)\s+(?:report|document|text)"
_DOC_FR = r"(?:le|ce)\s+(?:rapport|document|texte)"
_DOC_ES = r"(?:el|este)\s+(?:informe|documento|texto)"
_SAY_EN = (
    r"(?:say|says|said|talk|talks|speak|speaks|mention|mentions|discuss|discusses|address|addresses"
    r"|cover|covers|deal|deals|touch|touches|refer|refers|report|reports)"
)
_SAY_FR = (
    r"(?:parle|parlent|traite|mentionne|évoque|evoque|aborde|dit|dit-il|contient|fait\s+état|fait\s+mention"
    r"|se\s+penche|s['’]intéresse|s['’]interesse)"
)
_SAY_ES = r"(?:habla|menciona|trata|dice|aborda|se\s+refiere|contiene)"

#: What the report says: the frame, then the subject in group "subject" (to the end, less the
#: question mark); ``_FRAMES`` adds what the meeting discussed (``_MEETING_FRAMES``).
_REPORT_FRAMES = (
    # Does the report mention X? / Did the document say anything about X?
    rf"^\s*(?:does|did|do|is\s+there\s+anything\s+in)\s+{_DOC}\s+(?:{_SAY_EN}\s+)?"
    rf"(?:anything\s+)?(?:about|of|on|with|to|regarding|concerning)?\s*(?P<subject>.+?)\s*\??\s*$",
    # Does it say anything about X? ("it": the report the user has open)
    rf"^\s*(?:does|did)\s+it\s+{_SAY_EN}\s+(?:anything\s+)?(?:about|on|regarding|concerning)\s+"
    rf"(?P<subject>.+?)\s*\??\s*$",
    # Is there any mention of X?
    rf"^\s*is\s+there\s+(?:any\s+)?mention\s+of\s+(?P<subject>.+?)(?:\s+(?:anywhere|in\s+{_DOC}))?\s*\??\s*$",
    # X - mentioned? / X - where is that mentioned? / X mentioned? (not "Which X were mentioned?")
    r"^\s*(?!(?:what|which|who|whom|whose|where|when|why|how)\b)(?P<subject>.+?)\s*(?:[-–—:]\s*)?"
    r"(?:(?:is|was)\s+(?:it|that|this)\s+|where\s+is\s+(?:it|that|this)\s+|(?:were|was)\s+any\s+)?"
    r"(?:mentioned|discussed|addressed)\s*\??\s*$",
    # What does the report say about X? / What is said in the report about X?
    rf"^\s*what\s+(?:does|did)\s+(?:{_DOC}|it)\s+{_SAY_EN}\s+(?:about|on|regarding|concerning|of)\s+"
    rf"(?P<subject>.+?)\s*\??\s*$",
    # Le rapport parle-t-il des enfants ? / Est-ce que le rapport évoque la corruption ?
    rf"^\s*(?:est-ce\s+que\s+|est-ce\s+qu['’]\s*)?{_DOC_FR}\s+{_SAY_FR}(?:[-\s]+t[-\s]*(?:il|elle))?"
    rf"\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’]|sur\s+|quelque\s+chose\s+(?:sur|de)\s+)?"
    rf"(?P<subject>.+?)\s*\??\s*$",
    # Que dit le rapport sur X ? / Qu'est-ce que le rapport dit de X ?
    rf"^\s*(?:que\s+dit|qu['’]est-ce\s+que\s+dit|qu['’]est-ce\s+que)\s+{_DOC_FR}(?:\s+dit)?\s+"
    rf"(?:sur|de|à\s+propos\s+de|au\s+sujet\s+de|concernant)\s+(?P<subject>.+?)\s*\??\s*$",
    # ¿El informe habla de X? / ¿Qué dice el informe sobre X?
    rf"^\s*¿?\s*(?:qué\s+|que\s+)?(?:{_SAY_ES}\s+{_DOC_ES}|{_DOC_ES}\s+{_SAY_ES})\s+"
    rf"(?:algo\s+)?(?:sobre|de|acerca\s+de|del|de\s+la|de\s+los|de\s+las)?\s*(?P<subject>.+?)\s*\??\s*$",
)
_MIN_SUBJECT = 3


def subject_of(question: str) -> str:
    """The subject of a question that asks what the report says, or the meeting discussed, about
    it; else the question.

    >>> subject_of("Le rapport parle-t-il des enfants ?")
    'enfants'
    >>> subject_of("What does the report say about corruption?")
    'corruption'
    >>> subject_of("Did the working group discuss corruption?")
    'corruption'
    >>> subject_of("Le Groupe de travail a-t-il abordé la question des enfants ?")
    'la question des enfants'
    >>> subject_of("When was the report adopted?")
    'When was the report adopted?'
    """
    return passive_subject(question) or _subject(_FRAMES, question) or question


def _subject(frames: list[re.Pattern[str]], question: str) -> str | None:
    """The subject (group "subject") the first matching frame finds in a question, if any."""
    for frame in frames:
        match = frame.match(question)
        if match and len(match["subject"]) >= _MIN_SUBJECT:
            return match["subject"].strip(" ?¿.")
    return None


_WHO = (
    r"(?:the\s+)?(?:working\s+group|group|meeting|report|document|participants|speakers|delegates"
    r"|delegations|states\s+parties|panell?ists)"
)
_WHO_FR = (
    r"(?:le\s+groupe(?:\s+de\s+travail)?|la\s+réunion|le\s+rapport"
    r"|les\s+(?:intervenant(?:e)?s|participant(?:e)?s|délégations|états))"
)
_WHO_ES = (
    r"(?:el\s+grupo(?:\s+de\s+trabajo)?|la\s+reunión|el\s+informe"
    r"|los\s+(?:participantes|oradores|delegados|estados))"
)
_ON = r"(?:about|on|regarding|concerning|for|in\s+relation\s+to|with\s+regard\s+to|to\s+address)"
_ON_FR = (
    r"(?:sur\s+|concernant\s+|au\s+sujet\s+d(?:e\s+|['’])|en\s+matière\s+d(?:e\s+|['’])"
    r"|à\s+propos\s+d(?:e\s+|['’])|pour\s+)"
)
_ON_ES = r"(?:sobre|acerca\s+de|en\s+materia\s+de|respecto\s+(?:a|de)|para)"
#: "What did the working group recommend about X?", "What are the recommendations on X?",
#: "Qu'a recommandé le Groupe sur X ?", "¿Qué recomendó el grupo sobre X?": X in "subject".
_RECOMMENDED = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"^\s*(?:what|which\s+\w+)\s+(?:did|does|do|has|have)\s+{_WHO}\s+recommend(?:ed)?\s+"
        rf"(?:anything\s+)?{_ON}\s+(?P<subject>.+?)\s*\??\s*$",
        rf"^\s*(?:did|does|has)\s+{_WHO}\s+recommend(?:ed)?\s+anything\s+{_ON}\s+(?P<subject>.+?)\s*\??\s*$",
        # Did the group recommend X? / Le Groupe a-t-il recommandé X ? / ¿Recomendó el Grupo X?
        rf"^\s*(?:did|does|do|has|have)\s+{_WHO}\s+recommend(?:ed)?\s+(?:that\s+)?(?P<subject>.+?)\s*\??\s*$",
        rf"^\s*(?:est-ce\s+(?:que|qu['’])\s*)?{_WHO_FR}\s+(?:a|ont)(?:[-\s]+t[-\s]*(?:il|elle|ils|elles))?"
        rf"\s+recommandé\s+(?:de\s+|d['’]|que\s+|qu['’])?(?P<subject>.+?)\s*\??\s*$",
        rf"^\s*¿?\s*(?:{_WHO_ES}\s+)?(?:recomendó|recomienda|recomendaron|recomiendan)\s+(?:{_WHO_ES}\s+)?"
        rf"(?:que\s+)?(?P<subject>.+?)\s*\??\s*$",
        rf"^\s*what\s+(?:are|were|is|was)\s+(?:{_WHO}['’]s?\s+|its\s+)?recommendations?\s+{_ON}\s+"
        rf"(?P<subject>.+?)\s*\??\s*$",
        rf"^\s*(?:what|which|any)\s+recommendations?\s+(?:(?:were|was|are|is)\s+(?:made|given|adopted)\s+|"
        rf"(?:did|does)\s+{_WHO}\s+(?:make|give|adopt)\s+)?{_ON}\s+(?P<subject>.+?)\s*\??\s*$",
        rf"^\s*(?:qu['’]\s*(?:a|ont)(?:[-\s]+t[-\s]*(?:il|elle|ils))?\s+recommandé|que\s+recommande(?:nt)?)"
        rf"\s+(?:{_WHO_FR}\s+)?{_ON_FR}(?P<subject>.+?)\s*\??\s*$",
        r"^\s*quelles?\s+recommandations?\s+(?:concernent|portent\s+sur|visent)\s+(?P<subject>.+?)\s*\??\s*$",
        rf"^\s*quelles?\s+(?:sont\s+les\s+|étaient\s+les\s+)?recommandations?\s+(?:(?:a|ont)\s+été\s+faites?\s+)?"
        rf"(?:{_ON_FR}|relatives?\s+(?:à\s+la\s+|à\s+l['’]|aux\s+|au\s+|à\s+))(?P<subject>.+?)\s*\??\s*$",
        rf"^\s*¿?\s*qué\s+(?:recomendó|recomienda|recomendaron|recomiendan)\s+(?:{_WHO_ES}\s+)?{_ON_ES}\s+"
        rf"(?P<subject>.+?)\s*\??\s*$",
        rf"^\s*¿?\s*qué\s+recomendaciones\s+(?:se\s+hicieron\s+|hizo\s+{_WHO_ES}\s+|hay\s+)?{_ON_ES}\s+"
        rf"(?P<subject>.+?)\s*\??\s*$",
    )
]


_WHO_ANY = (
    rf"(?:{_WHO}|anyone|anybody|someone|(?:the\s+)?(?:member\s+)?states|(?:the\s+)?countries"
    r"|(?:the\s+)?experts)"
)
_DISCUSS_EN = (
    r"(?:discuss(?:ed)?|address(?:ed)?|mention(?:ed)?|consider(?:ed)?|debate[d]?|cover(?:ed)?|raise[d]?"
    r"|examine[d]?|tackle[d]?|touch(?:ed)?\s+(?:on|upon)|(?:talk(?:ed)?|spoke|speak)\s+(?:about|of)"
    r"|look(?:ed)?\s+(?:at|into)|say\s+anything\s+(?:about|on))"
)
_DISCUSSED_EN = (
    r"(?:discussed|addressed|mentioned|considered|debated|covered|raised|examined|tackled|referred\s+to"
    r"|talked\s+about)"
)
_DISCUSS_FR = (
    r"(?:discut[ée]|abord[ée]|[ée]voqu[ée]|examin[ée]|parl[ée]|trait[ée]|d[ée]battu|mentionn[ée]|[ée]tudi[ée]"
    r"|soulev[ée])"
)
_DISCUSS_ES = (
    r"(?:habló|hablaron|discutió|discutieron|abordó|abordaron|trató|trataron|mencionó|mencionaron"
    r"|debatió|debatieron|examinó|examinaron)"
)
_OF_FR = r"(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’]|sur\s+(?:la\s+|le\s+|les\s+|l['’])?)?"
#: What the meeting discussed: "Did the group discuss X?", "What did the delegates say about X?",
#: "Le Groupe a-t-il abordé X ?", "¿El grupo habló de X?", "¿Se discutió X?": X in "subject".
#: The words naming the meeting's actors match its paragraphs about itself, as "the report" does.
_MEETING_FRAMES = (
    rf"^\s*(?:did|does|do|has|have)\s+{_WHO_ANY}\s+(?:ever\s+|also\s+)?{_DISCUSS_EN}\s+"
    rf"(?:anything\s+(?:about|on)\s+|the\s+(?:issue|question|topic|subject)\s+of\s+)?(?P<subject>.+?)\s*\??\s*$",
    rf"^\s*what\s+(?:did|do|does|have|has)\s+{_WHO_ANY}\s+"
    r"(?:say|said|conclude|note|noted|discuss|mention|state|stress)\s+(?:about|on|regarding|concerning)\s+"
    r"(?P<subject>.+?)\s*\??\s*$",
    r"^\s*what(?:['’]s|\s+was|\s+is|\s+were)\s+said\s+(?:about|on|regarding|concerning)\s+"
    r"(?P<subject>.+?)\s*\??\s*$",
    rf"^\s*(?:est-ce\s+(?:que|qu['’])\s*)?{_WHO_FR}\s+(?:a(?:[-\s]+t[-\s]*(?:il|elle))?|ont(?:[-\s]+(?:ils|elles))?)"
    rf"\s+{_DISCUSS_FR}\s+{_OF_FR}(?P<subject>.+?)\s*\??\s*$",
    rf"^\s*(?:a-t-on|est-ce\s+qu['’]\s*on\s+a)\s+{_DISCUSS_FR}\s+{_OF_FR}(?P<subject>.+?)\s*\??\s*$",
    rf"^\s*(?:qu['’]\s*(?:a|ont)(?:[-\s]+t[-\s]*(?:il|elle|ils|elles))?\s+dit|que\s+(?:dit|disent))\s+{_WHO_FR}\s+"
    rf"(?:sur|de|au\s+sujet\s+d(?:e\s+|['’])|à\s+propos\s+d(?:e\s+|['’])|concernant)\s*(?P<subject>.+?)\s*\??\s*$",
    rf"^\s*¿?\s*(?:{_WHO_ES}\s+)?{_DISCUSS_ES}\s+(?:{_WHO_ES}\s+)?(?:de\s+|sobre\s+|acerca\s+de\s+)?"
    rf"(?P<subject>.+?)\s*\??\s*$",
    rf"^\s*¿?\s*se\s+{_DISCUSS_ES}\s+(?:de\s+|sobre\s+|acerca\s+de\s+)?(?P<subject>.+?)\s*\??\s*$",
    rf"^\s*¿?\s*qué\s+(?:dijo|dijeron|dice|dicen)\s+{_WHO_ES}\s+(?:sobre|de|acerca\s+de)\s+(?P<subject>.+?)\s*\??\s*$",
    r"^\s*¿?\s*qué\s+se\s+dijo\s+(?:sobre|de|acerca\s+de)\s+(?P<subject>.+?)\s*\??\s*$",
)
_FRAMES = [re.compile(p, re.IGNORECASE) for p in (*_REPORT_FRAMES, *_MEETING_FRAMES)]


#: "Was X discussed (by the group)?", "Has X been addressed in the report?", "Is X mentioned
#: anywhere?": X before the verb. "Has the group discussed X?" is no passive ("been" is needed
#: after "has").
_PASSIVE = re.compile(
    rf"^\s*(?:is|are|was|were|(?:has|have|had)(?=.*\bbeen\b))\s+(?P<subject>.+?)\s+(?:been\s+|ever\s+)?"
    rf"{_DISCUSSED_EN}(?:\s+(?:at\s+all|anywhere))?(?:\s+(?:in|by|at|during)\s+(?:{_DOC}|{_WHO_ANY})"
    r"(?:\s+meeting)?)?(?:\s+at\s+all)?\s*\??\s*$",
    re.IGNORECASE,
)


def passive_subject(question: str) -> str | None:
    """The subject of a passive question about what was discussed, else None.

    >>> passive_subject("Was wildlife trafficking discussed by the working group?")
    'wildlife trafficking'
    >>> passive_subject("Has the group discussed drug trafficking?") is None
    True
    """
    return _subject([_PASSIVE], question)


def recommended_about(question: str) -> str | None:
    """The subject of a question that asks what was recommended about it, else None.

    >>> recommended_about("What did the working group recommend about online platforms?")
    'online platforms'
    >>> recommended_about("Qu'a recommandé le Groupe de travail sur la corruption ?")
    'la corruption'
    >>> recommended_about("Who chaired the meeting?") is None
    True
    """
    return _subject(_RECOMMENDED, question)

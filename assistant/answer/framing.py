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

#: The frame, then the subject in group "subject" (to the end, less the question mark).
_FRAMES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # Does the report mention X? / Did the document say anything about X?
        rf"^\s*(?:does|did|do|is\s+there\s+anything\s+in)\s+{_DOC}\s+(?:{_SAY_EN}\s+)?"
        rf"(?:anything\s+)?(?:about|of|on|with|to|regarding|concerning)?\s*(?P<subject>.+?)\s*\??\s*$",
        # What does the report say about X? / What is said in the report about X?
        rf"^\s*what\s+(?:does|did)\s+{_DOC}\s+{_SAY_EN}\s+(?:about|on|regarding|concerning|of)\s+"
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
]
_MIN_SUBJECT = 3


def subject_of(question: str) -> str:
    """The subject of a question that asks what the report says about it, else the question.

    >>> subject_of("Le rapport parle-t-il des enfants ?")
    'enfants'
    >>> subject_of("What does the report say about corruption?")
    'corruption'
    >>> subject_of("When was the report adopted?")
    'When was the report adopted?'
    """
    for frame in _FRAMES:
        match = frame.match(question)
        if match and len(match["subject"]) >= _MIN_SUBJECT:
            return match["subject"].strip(" ?¿.")
    return question

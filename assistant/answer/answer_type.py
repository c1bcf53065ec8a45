"""What kind of fact a question asks for, and whether the quoted passage supplies it.

A near-topic question is on the report's subject but asks for a fact the report does not
state: a legal article, a definition, a price, the holder of an office, what a delegation
said in its statement. The ranking then quotes a passage on the subject that states no such
fact ("Which article of the Protocol deals with smuggling by sea?" quoted a list of States).
Each check here reads a question form (in the six languages where the form is fixed) and
asks whether the quoted unit or sentence holds that kind of answer; none reads topic words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..index.glossary import MEETING_WORDS, countries
from ..index.keyword import fold
from .topic import Term, TopicMatcher, weighted_share

# "Which article ...?": answered only by a passage citing an article by number. Chinese 条
# is also the measure word of recommendations and measures: 哪一条建议 is "which recommendation".
_ASKS_ARTICLE = re.compile(
    r"\b(?:which|what) articles?\b|\bquels? articles?\b|\bque articulos?\b|\bcual(?:es)? articulos?\b"
    r"|\bкак(?:ая|ие|ой|ую) стать|اي مادة|(?:哪一?|哪些)条(?!建议|意见|措施|结论|原则)"
)
_HAS_ARTICLE = re.compile(r"\barticles? \d+|\bart\. ?\d+")
# "What is the definition of X?", "How is X defined?": answered by a passage that defines.
_ASKS_DEFINITION = re.compile(
    r"\bwhat(?: is|'s| are) the (?:\w+ )?definitions? of\b|\bhow (?:is|are|does|do) .{0,60}\bdefined?\b"
    r"|\bdefine\b|\bquelles? (?:est|sont) la (?:\w+ )?definitions?\b|\bcomment .{0,60}\bdefini"
    r"|\bque signifie\b|\bcual es la definicion\b|\bcomo se define\b|ما تعريف"
)
_NAMES_DEFINITION = re.compile(r"определени|\bкак определя(?:ется|ются)|定义")
_CONFORMS = re.compile(r"соответств|符合|一致")
_HAS_DEFINITION = re.compile(
    r"s'entend|\bdesigne\b|\best defini|\bsont definis|\bse definit|\bon entend\b|\bau sens de\b"
)
# "How much do smugglers charge?", "Combien coûte ...?": answered only by a sum of money.
_ASKS_PRICE = re.compile(
    r"\bhow much (?:do|does|did|is|are|was|were|money)\b.{0,80}\b(?:charge|cost|pay|paid|fee|price)"
    r"|\bhow much .{0,40}\b(?:cost|charge)|\b(?:price|fees?|cost) of\b|\bwhat (?:fees?|prices?|costs?)\b"
    r"|\bcombien (?:coute|coutent|paient|payent|facture)|\bquel (?:est le )?(?:prix|cout|tarif)\b"
    r"|\bquels? (?:montants?|prix|tarifs?)\b"
    r"|\bcuanto (?:cuesta|cobran|pagan)|\bсколько стои|كم تكلف|多少钱"
)
_HAS_MONEY = re.compile(r"\d[\d ,.]*\s?(?:€|\$|euros?|dollars?|usd|eur)\b|[€$]\s?\d")

# "Who was the rapporteur of the meeting?", "Qui est le directeur exécutif de l'ONUDC ?":
# the holder of one office. What follows, up to "of" / "de", names the office.
_ASKS_HOLDER = re.compile(
    r"^\W*(?:(?:who|qui|quien|кто)\s+(?:is|was|served as|est|etait|a ete|es|era|fue|является|являлся"
    r"|был|была)|what(?: is|'s) the name of|quel est le nom d[eu]|como se llama)\s+"
    r"(?:the\s+|le\s+|la\s+|l'|el\s+)?(?P<office>.+)"
)
_OFFICE_END = re.compile(r"\s(?:of|de|du|des|d'|at|in|for|del|au|a|para)\s|[?,;]")

# "What did the UK delegation say in its statement?", "¿Qué dijo la delegación de México?":
# what a named party said. Without a subject ("about X"), it asks for the statement itself.
_ASKS_STATEMENT = re.compile(
    r"\bwhat did .{0,60}\b(?:say|said|state|propose|argue)\b|\bwhat (?:position|stance|view)\b"
    r"|\bwhat (?:was|is|were|are) the (?:position|stance|view)s? of\b"
    r"|\bqu'a (?:dit|declare|propose)\b|\bqu'ont (?:dit|declare)\b|\bquelle (?:position|opinion)\b"
    r"|\bquelle (?:etait|est|a ete) la (?:position|opinion) d"
    r"|\bque (?:dijo|declaro|propuso)\b|\bque posicion\b|\bcual (?:fue|era|es) la posicion de\b"
    r"|\bчто сказал|\bкакую позицию"
    r"|ماذا قال|ماذا قالت|说了什么|立场"
)
_SUBJECT_CUE = re.compile(
    r"\b(?:about|regarding|concerning|on|sur|au sujet|concernant|sobre|acerca|о|об)\s|حول|عن|关于"
)
# The question-form words of a statement question: the rest of its terms name the speaker.
_STATEMENT_WORDS = frozenset(
    """
    delegation delegations statement statements declaration declarations intervention position
    meeting reunion say said dit dijo take took representative representant representante
    delegacion declaracion intervencion
    """.split()
)


# "Which country's delegate described X?", "Quel pays a expliqué X ?", "Who said X?": the
# question asks who spoke, which a report answers only where it names the speaker.
_ASKS_SPEAKER = re.compile(
    r"\bwhich (?:country|countries|country's|delegat\w*|state|states|speaker|panel+ist)\b"
    r"|\bwhat (?:country|countries|country's|delegat\w*)\b"
    r"|\bwho (?:said|stated|noted|argued|explained|described|stressed|mentioned|reported|claimed)\b"
    r"|\bquel(?:le)?s? (?:pays|delegations?|intervenant\w*|etats?|orat\w+)\b"
    r"|\bqui a (?:dit|declare|explique|indique|souligne|mentionne|note|affirme)\b"
    r"|\bque (?:pais|paises|delegacion\w*)\b|\bquien (?:dijo|explico|senalo|menciono|afirmo)\b"
    r"|\bкакая (?:страна|делегация)|\bкто (?:сказал|заявил|отметил)|اي دولة|اي وفد|من قال|哪个国家|哪国|谁说"
)
# "Which countries took part in X?", "Quels pays …", "¿Qué países …?": answered by a passage
# that names countries.
_ASKS_COUNTRIES = re.compile(
    r"\b(?:which|what) (?:countries|states|nations|governments)\b|\bquels (?:pays|etats)\b"
    r"|\bque (?:paises|estados)\b|\bкакие (?:страны|государства)|اي الدول|ما هي الدول|哪些国家"
)
# "What did the group recommend about X?", "Quelle recommandation …", "¿Qué recomendó …?",
# "рекомендовала", "أوصى", "建议": answered by a recommendation, or a passage reporting one.
_ASKS_RECOMMENDED = re.compile(
    r"recommend|recommand|recomend|рекомендова|рекомендаци|أوصى|أوصت|توصي|توصية|توصيات|建议"
)
# "Did the group adopt recommendations?", "Combien de recommandations ont été adoptées ?": the
# adoption, not what they say.
_ADOPTED_RECOMMENDATIONS = re.compile(
    r"\badopt\w*\b.{0,40}\brecomm?[ae]nda\w*|\brecomm?[ae]nda\w*.{0,40}\badopt\w*"
)
# A passage reporting that someone recommended something ("il a recommandé de faire appel à
# …"), not one naming the recommendations ("a adopté les recommandations présentées ci-après").
_REPORTS_RECOMMENDATION = re.compile(r"\brecommand(?:e|ee|es|ees|ent|er|ait|aient)\b")
#: A country's adjective shares this many first letters with its name (brésilienne, mexicain)...
COUNTRY_STEM = 4
#: ... and ends as French adjectives of nationality do (-ien, -ain, -ais, -ois, -and, -in, -ol,
#: -ique, -an, feminine and plural): "argent", "autres", "portant" are no adjective of Argentine,
#: Autriche, Portugal.
_DEMONYM_END = re.compile(r"(?:ienne?|ain|aine|ais|aise|ois|oise|ande?|ine?|ole?|ique|ane?)s?$")
# A report's anonymous speakers: "un intervenant", "une intervenante", "plusieurs intervenantes
# et intervenants", "d'autres intervenants", "certains".
_ANONYMOUS = re.compile(
    r"\b(?:un|une|d'autres|plusieurs|certain\w*|des|quelques|nombre d'|bon nombre d')\s?"
    r"(?:autres? )?(?:intervenant\w*|orat(?:eur|rice)\w*|participant\w*|delegations?)\b"
)
_PERSON = re.compile(r"\b(?:M|Mme|Mmes|MM)\.? [A-ZÀ-Ý]")
# The meeting's roles, in the glossary's languages and the report's French (panellist,
# moderator, "intervenante", "animé").
_MEETING_ROLES = frozenset(MEETING_WORDS) | {fold(w) for french in MEETING_WORDS.values() for w in french}


def _folded(question: str) -> str:
    return fold(question).replace("’", "'")


def asks_article(question: str) -> bool:
    """True when the question asks which legal article says something ("Which article ...?")."""
    return bool(_ASKS_ARTICLE.search(_folded(question)))


def has_article(text: str) -> bool:
    """True when the text cites an article by number ("article 28")."""
    return bool(_HAS_ARTICLE.search(fold(text)))


#: How many of the best units a question asking for an article may be answered from: the
#: first of them that cites one (``kind_first``). Chosen on eval/calibration_tune*.jsonl: the
#: answerable "which article" questions have the unit citing it second.
KIND_UNITS = 3


def kind_first(question: str, texts: Sequence[str]) -> int:
    """Which of the best units (their texts, best first) answers a question that asks which
    article: the first of the ``KIND_UNITS`` best that cites an article, when the best does
    not; 0 otherwise (the article check then declines)."""
    if not texts or not asks_article(question) or has_article(texts[0]):
        return 0
    return next((i for i, text in enumerate(texts[:KIND_UNITS]) if has_article(text)), 0)


def asks_definition(question: str) -> bool:
    """True when the question asks for a definition ("What is the definition of X?"); in
    Russian and Chinese, when it names one, except as what laws should conform to
    ("使之符合议定书中…的定义", "соответствует определению")."""
    folded = _folded(question)
    if _ASKS_DEFINITION.search(folded):
        return True
    return bool(_NAMES_DEFINITION.search(folded)) and not _CONFORMS.search(folded)


def has_definition(text: str) -> bool:
    """True when the text defines something ("on entend par", "s'entend de", "désigne")."""
    return bool(_HAS_DEFINITION.search(_folded(text)))


def asks_price(question: str) -> bool:
    """True when the question asks what something costs ("How much do smugglers charge?")."""
    return bool(_ASKS_PRICE.search(_folded(question)))


def has_money(text: str) -> bool:
    """True when the text states a sum of money ("3 000 euros", "$500")."""
    return bool(_HAS_MONEY.search(fold(text)))


def asks_speaker(question: str) -> bool:
    """True when the question asks who said something ("Which country's delegate described
    X?", "Quel pays a expliqué X ?")."""
    return bool(_ASKS_SPEAKER.search(_folded(question)))


def anonymous(text: str) -> bool:
    """True when the text reports what unnamed speakers said ("Un intervenant a indiqué …")
    and names no speaker (no person, no country)."""
    return bool(_ANONYMOUS.search(_folded(text))) and not _PERSON.search(text) and not countries(text)


def asks_countries(question: str) -> bool:
    """True when the question asks which countries ("Which countries took part in X?")."""
    return bool(_ASKS_COUNTRIES.search(_folded(question)))


def asks_recommended(question: str) -> bool:
    """True when the question asks what was recommended ("What did the group recommend about
    X?", "Что рабочая группа рекомендовала …?", "工作组对X提出了什么建议？"); not when it asks
    whether or how many recommendations were adopted, which the paragraph adopting them answers.

    >>> asks_recommended("Did the group adopt recommendations at the meeting?")
    False
    """
    folded = _folded(question)
    return bool(_ASKS_RECOMMENDED.search(question.lower())) and not _ADOPTED_RECOMMENDATIONS.search(folded)


def reports_recommendation(text: str) -> bool:
    """True when a (French) text reports that someone recommended something ("ont recommandé
    que …")."""
    return bool(_REPORTS_RECOMMENDATION.search(fold(text)))


def names_country(text: str, names: Sequence[str]) -> bool:
    """True when the text names one of the countries (French names), or speaks of it by its
    adjective ("la Police brésilienne" for Brésil): a word of the text that starts with the
    first ``COUNTRY_STEM`` letters of a one-word name and ends as an adjective of nationality
    does (``_DEMONYM_END``)."""
    if set(names) & set(countries(text)):
        return True
    text_words = set(re.findall(r"\w+", fold(text)))
    stems = {fold(name)[:COUNTRY_STEM] for name in names if " " not in name and "-" not in name}
    return any(
        w.startswith(stem) and len(w) > len(stem) + 1 and _DEMONYM_END.search(w)
        for w in text_words
        for stem in stems
    )


def office_terms(question: str, terms: Sequence[Term]) -> tuple[Term, ...]:
    """The terms naming the office a question asks the holder of ("Who was the *rapporteur* of
    the meeting?", "What's the name of UNODC's *Executive Director*?"); () for other questions.
    Only single offices ("who is / was"): "who were the panellists" asks for a list."""
    found = _ASKS_HOLDER.search(_folded(question))
    if found is None:
        return ()
    office = _OFFICE_END.split(found["office"] + " ")[0]
    office = office.rsplit("'s ", 1)[-1]  # "UNODC's Executive Director": the office
    named = set(re.findall(r"\w+", office))
    return tuple(t for t in terms if set(re.findall(r"\w+", fold(t.text))) & named)


def asks_statement(question: str) -> bool:
    """True when the question asks what someone said ("What did X say ...?", "Qu'a dit X ?")."""
    return bool(_ASKS_STATEMENT.search(_folded(question)))


def speaker_terms(question: str, terms: Sequence[Term]) -> tuple[Term, ...]:
    """The terms naming who spoke, when a question asks what someone said without saying about
    what ("What did the Holy See say in its statement?"): the question's terms but the words of
    the question form (delegation, statement, say); () for other questions."""
    folded = _folded(question)
    if not _ASKS_STATEMENT.search(folded) or _SUBJECT_CUE.search(folded):
        return ()
    return tuple(t for t in terms if fold(t.text) not in _STATEMENT_WORDS)


def asked_match(
    question: str,
    quote: str,
    unit: str,
    terms: Sequence[Term],
    vectors: np.ndarray | None,
    topic: TopicMatcher,
) -> float:
    """How much the quoted passage names what the question asks about (0 to 1): the office of
    a "who is the X" question in the quoted unit, the speaker of a "what did X say" question
    in the quoted sentence (rarity-weighted shares, ``TopicMatcher.text_matches``), the
    country of a "what did X say about Y" question in the quoted unit (0 or 1); 1.0 when the
    question asks none of these."""
    shares = [1.0]
    office = office_terms(question, terms)
    if office and _PERSON.search(unit):
        # a role at the meeting ("the Argentine panellist") the report gives by a verb ("animés
        # par Mme Benito"): the unit naming a person is judged on the office's other words
        office = tuple(t for t in office if fold(t.text) not in _MEETING_ROLES) or office
    if office:
        shares.append(weighted_share(office, topic.text_matches(terms, unit, vectors)))
    speaker = speaker_terms(question, terms)
    if speaker:
        shares.append(weighted_share(speaker, topic.text_matches(terms, quote, vectors)))
    if asks_statement(question) and countries(question):
        # "What position did Mexico take on X?": the quoted unit must name Mexico
        shares.append(1.0 if names_country(unit, countries(question)) else 0.0)
    return min(shares)

"""Deciding when the report does not answer: topic support, plus checks of what the question asks for."""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass

import numpy as np

from ..index.glossary import countries
from ..index.keyword import fold
from .answer_type import (
    anonymous,
    asks_article,
    asks_countries,
    asks_definition,
    asks_price,
    asks_recommended,
    asks_speaker,
    asks_statement,
    has_article,
    has_definition,
    has_money,
)
from .asked_for import asks_date, has_date
from .numbering import Numbering
from .retrieval import Ranking, Signals
from .roll_call import LEAD_IN_MATCH
from .topic import Term, TopicMatcher, informative_terms, script_language, weighted_share

# The question asks for a count or an amount.
_ASKS_QUANTITY = re.compile(
    r"\bhow (?:many|much)\b|\bnumber of\b|\bpercentage\b|\brate\b|\bstatistic|\bfigures?\b|\bbudget\b"
    r"|\bcombien\b|\bnombre d|\bpourcentage|\btaux\b|\bstatistique|\bchiffres?\b|\bmontant\b"
    r"|\bproportion\b|\bshare of\b|\bporcentaje\b|\bproporcion\b"
    r"|\bcuant[oa]s?\b|\bcifras?\b"
)
_NUMBER_WORDS = (
    "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt trente "
    "quarante cinquante soixante cent cents mille million millions milliard milliards "
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand"
).split()
_MONTHS = (
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre january "
    "february march april may june july august september october november december"
).split()
# A count in the text: a number (digits or words) followed by a word that is not a month,
# and not a year, an ordinal, a resolution, document or agenda-item number.
_QUANTITY = re.compile(
    r"(?<![\w/.-])(?<!point )(?<!points )(?<!article )(?<!resolution )(?<!paragraphe )"
    r"(?P<n>\d{1,3}(?:[ ,.]\d{3})*|" + "|".join(_NUMBER_WORDS) + r")"
    r"(?![\w/.-])\s+(?P<next>[a-z]+)"
)
# Words after a number that show it is part of a date range or a list, not a count.
_CONNECTORS = {"et", "and", "au", "a", "to", "de", "du", "des", "of", "or", "ou"}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


# The question asks for a penalty (a prison term, a fine): answered only by a figure.
_ASKS_PENALTY = re.compile(
    r"\bsentence[sd]?\b|\bpenalt(?:y|ies)\b|\bprison\b|\bimprisonment\b"
    r"|\bpeines?\b|\bemprisonnement\b|\bamendes?\b"
)
# A penalty in a text: a term of years or months of prison ("condamné à cinq ans
# d'emprisonnement", "sentenced to 18 months", "cinq ans de prison"), a life term or the death
# penalty; or a sum of money (``answer_type.has_money``). A term alone ("moins de 18 ans") is an age.
_TERM = (
    r"(?:\d+|"
    + "|".join([*_NUMBER_WORDS, "un", "une", "one"])
    + r")\s+(?:ans?|annees?|mois|years?|months?|anos|meses)"
)
_PENALTY = re.compile(
    r"\b(?:condamne\w*|sentenced?|peines?|sentence|condenad\w*)\b[^.;]{0,40}\b" + _TERM + r"\b"
    r"|\b"
    + _TERM
    + r"\s+(?:d'emprisonnement|de prison|de reclusion|of imprisonment|in prison|de carcel|de prision)"
    r"|\bperpetuite\b|\blife imprisonment\b|\bpeine de mort\b|\bdeath penalty\b|\bcadena perpetua\b"
)
# The question is about what happens after the meeting; a meeting report records what
# happened at it, so it cannot say (its recommendations say what States *should* do). A verb
# in the future always says so; "next" / "prochaine" may name what was proposed at the
# meeting for the next ones (``_REPORTED_PROPOSAL``).
_FUTURE_VERB = re.compile(
    r"\bwill\b|\bsera\b|\bseront\b|\bauront? lieu\b|\b(?:is|are)\b[^?]{0,50}\b(?:scheduled|planned)\b"
)
_NEXT = re.compile(r"\bnext\b|\bupcoming\b|\bprochaine?s?\b")
# What was proposed, suggested or requested at the meeting, in the past tense: "qu'ont proposé
# les participants", "a-t-il été suggéré", "what did delegates suggest", "was it proposed".
_REPORTED_PROPOSAL = re.compile(
    r"\b(?:ont|a|avaient|avait)(?:-t)?(?:-(?:ils|elles|il|elle|on))?\s+(?:\w+\s+){0,2}?(?:ete\s+)?"
    r"(?:propose|suggere|recommande|demande|souhaite)e?s?\b"
    r"|\bdid\b[^?]{0,60}\b(?:propose|suggest|recommend|request|ask for)\b"
    r"|\b(?:was|were)\b[^?]{0,40}\b(?:proposed|suggested|recommended|requested)\b"
)

# Greetings, thanks and requests for help, in the six languages: a question of these words
# alone ("merci", "Bonjour, pouvez-vous m'aider ?") asks nothing of the report.
_SMALL_TALK = frozenset(
    """
    bonjour bonsoir salut merci coucou pouvez pourriez aider aidez aide svp hello hey thanks thank
    please okay help test testing hola buenos buenas dias gracias favor ayuda ayudar ayudarme puede
    puedes podria podrías podría привет здравствуйте спасибо помогите помочь пожалуйста
    مرحبا شكرا ساعدني السلام عليكم 你好 您好 谢谢 帮助 帮我 请问
    """.split()
)


def asks_nothing(question: str) -> bool:
    """True when the question has no word saying what it is about, or only greetings, thanks
    and requests for help ("merci", "1234", "?!?", "Bonjour, pouvez-vous m'aider ?")."""
    return all(fold(t.text) in _SMALL_TALK or t.text in _SMALL_TALK for t in informative_terms(question))


# The question asks about the present, which a meeting report cannot speak for ("the
# *current* Secretary-General", "ratified *so far*", "à ce jour").
_ASKS_PRESENT = re.compile(
    r"\bcurrent\b|\bso far\b|(?<!up )\bto date\b|\btoday\b|\bnowadays\b|\bactuel(?:le)?s?\b|\ba ce jour\b"
    r"|\bjusqu'(?:a present|ici)\b|\baujourd'hui\b|\ba l'heure actuelle\b"
    r"|\bactualmente\b|\bhasta (?:ahora|la fecha)\b"
)
# The question asks at what time of day; a text states an hour ("à 10 heures", "15 h 30").
_ASKS_HOUR = re.compile(
    r"\bwhat time\b(?!\s*(?:frame|limit|period|line|scale|span)s?\b)"
    r"|\bat what hour\b|\ba quelle heure\b|\ba que hora\b"
)
# (a decimal, "12.50", or a section number, "2.10", is no hour: "." only with am/pm)
_HOUR = re.compile(
    r"\b(?:[01]?\d|2[0-3]) ?h(?:eures?)?\b|\b(?:[01]?\d|2[0-3]):[0-5]\d\b"
    r"|\b\d{1,2}[.:][0-5]\d ?(?:a\.?m|p\.?m)\b"
)
# What a "how many" question counts: the word after the cue ("how many *migrants*").
_COUNTED = re.compile(
    r"\b(?:how (?:many|much)|number of|combien (?:de |d')?|nombre (?:de |d'))\s*(?:the |les |des )?"
    r"(?!(?:has|have|had|did|does|was|were|are|will|would|could|should|can|entre|ont|sont|etait)\b)(\w{3,})"
)
#: A count in the quote answers a "how many" question only when the words it counts speak of
#: at least this much of one of the question's terms (0 to 1, ``TopicMatcher.text_matches``).
#: Chosen on eval/dev.jsonl + eval/calibration_tune*.jsonl: the answerable count questions
#: score 0.27 or more (``reunions`` / ``séances``), the near-topic ones handed "quatre séances"
#: for migrants 0.0.
COUNT_MATCH = 0.1
#: How many words, from the counted word on, name what a count in the quote counts.
COUNT_WINDOW = 5
#: The quoted passage names what the question asks about when it speaks of at least this share
#: of it (``answer_type.asked_match``: the office of "who was the rapporteur", the speaker of
#: "what did X say in its statement"). Chosen on eval/dev.jsonl + eval/calibration_tune*.jsonl:
#: the near-topic questions score 0.0-0.32, the answerable ones ("Qui est Guillermina Benito ?")
#: 1.0; 0.3-0.8 decline the same.
ASKED_MATCH = 0.5


def asks_present(question: str) -> bool:
    """True when the question asks about the present ("current", "so far", "à ce jour")."""
    return bool(_ASKS_PRESENT.search(fold(question).replace("’", "'")))


def asks_hour(question: str) -> bool:
    """True when the question asks at what time of day something happened."""
    return bool(_ASKS_HOUR.search(fold(question)))


def has_hour(text: str) -> bool:
    """True when the text states a time of day."""
    return bool(_HOUR.search(fold(text)))


def counted_phrases(text: str) -> list[str]:
    """What the counts a text states count: from each count's word, ``COUNT_WINDOW`` words of
    the text as written ("quatre séances au total" -> "séances au total")."""
    folded = fold(text)
    written = re.findall(r"\w+", text)
    spans = [(m.start(), m.group()) for m in re.finditer(r"\w+", folded)]
    source = written if len(written) == len(spans) else [w for _, w in spans]
    starts = {start: i for i, (start, _) in enumerate(spans)}
    phrases = []
    for m in _QUANTITY.finditer(folded):
        if m["next"] in _MONTHS or m["next"] in _CONNECTORS or m.start("next") not in starts:
            continue
        at = starts[m.start("next")]
        phrases.append(" ".join(source[at : at + COUNT_WINDOW]))
    return phrases


def count_match(
    question: str, quote: str, terms: Sequence[Term], vectors: np.ndarray | None, topic: TopicMatcher
) -> float:
    """How much the counts the quote states count what the question asks about: the best
    match (0 to 1) of the question's terms and its counted word against each count's phrase;
    1.0 when the quote states no count (the count check proper declines that)."""
    phrases = counted_phrases(quote)
    if not phrases:
        return 1.0
    asked = list(terms)
    cue = _COUNTED.search(fold(question).replace("’", "'"))
    if cue and cue.group(1) not in {fold(t.text) for t in asked}:
        asked.append(Term(cue.group(1), 1.0))
        vectors = None  # the counted word has no vector yet: the matcher computes them all
    if not asked:
        return 1.0
    return max(max(topic.text_matches(asked, phrase, vectors).values()) for phrase in phrases)


def asks_penalty(question: str) -> bool:
    """True when the question asks what penalty or sentence was given or is provided for."""
    return bool(_ASKS_PENALTY.search(fold(question)))


def has_penalty(text: str) -> bool:
    """True when the text states a penalty: a prison term ("cinq ans d'emprisonnement"), a life
    term, the death penalty, or a sum of money; not a term alone ("moins de 18 ans")."""
    return bool(_PENALTY.search(fold(text).replace("’", "'"))) or has_money(text)


def asks_future(question: str) -> bool:
    """True when the question is about events after the meeting ("next meeting", "sera"), not
    about what was proposed at it for them ("Qu'ont proposé les participants pour les
    prochaines réunions ?")."""
    folded = fold(question)
    if _FUTURE_VERB.search(folded):
        return True
    return bool(_NEXT.search(folded)) and not _REPORTED_PROPOSAL.search(folded)


def asks_quantity(question: str) -> bool:
    """True when the question asks for a count or an amount ("how many", "combien")."""
    return bool(_ASKS_QUANTITY.search(fold(question)))


def has_quantity(text: str) -> bool:
    """True when the text states a count ("32 points de contact", "quatre séances")."""
    return any(
        m["next"] not in _MONTHS and m["next"] not in _CONNECTORS for m in _QUANTITY.finditer(fold(text))
    )


# Three or more capitalised items in a row: "Bolivie (État plurinational de), Pakistan, Sri
# Lanka et Thaïlande" answers "how many" by enumeration.
_ENUMERATION = re.compile(r"(?:[A-ZÀ-Ý][^,;:]{1,60}, ){2,}[^,;:]*\b(?:et|and) [A-ZÀ-Ý]")


def has_enumeration(text: str) -> bool:
    """True when the text lists three or more named items."""
    return bool(_ENUMERATION.search(text))


def years(text: str) -> set[str]:
    """The years a text names."""
    return set(_YEAR.findall(text))


def evidence(question: str, ranking: Ranking, quote: str, topic: TopicMatcher) -> dict[str, float]:
    """What says whether the report answers a question, as numbers (candidate features).

    ``unit1``/``unit3``: rarity-weighted share of the question's informative terms that the
    best unit / three best units speak of; ``sent``: the same for the quoted sentence(s);
    ``*_framed``: the same with each term's weight discounted by the share of the report's
    units that spell it (the report's frame words, computed from the report itself, are not
    evidence of topic); ``rarest``: how much the best units speak of the question's
    rarest term; ``gate_top``, ``sentence_top``, ``dense_top``, ``coverage``: the
    retrieval signals; ``fused_gap``: the fused score's lead of the best unit over the next.
    """
    terms, vectors = ranking.terms, ranking.term_vectors
    refs = [h.chunk.unit.citation(qualified=True) for h in ranking.hits]
    framed = topic.framed(terms)
    by_unit1 = topic.matches(terms, refs[:1], vectors)
    by_unit3 = topic.matches(terms, refs[:3], vectors)
    by_sent = topic.text_matches(terms, quote, vectors)
    rarest = max(terms, key=lambda t: t.weight) if terms else None
    s = ranking.signals
    scores = [h.score for h in ranking.hits[:2]] + [0.0, 0.0]
    return {
        "n_terms": float(len(terms)),
        "unit1": weighted_share(terms, by_unit1),
        "unit3": weighted_share(terms, by_unit3),
        "sent": weighted_share(terms, by_sent),
        "unit1_framed": weighted_share(framed, by_unit1),
        "unit3_framed": weighted_share(framed, by_unit3),
        "sent_framed": weighted_share(framed, by_sent),
        "frame_share": 1.0 - sum(t.weight for t in framed) / max(sum(t.weight for t in terms), 1e-9),
        "focus": s.focus,
        "unknown": float(bool(s.unknown)),
        "absent": float(len(s.absent)),
        "rarest": by_unit3[rarest.text] if rarest else 1.0,
        "rarest_weight": rarest.weight / sum(t.weight for t in terms) if rarest else 0.0,
        "rarest_sent": by_sent[rarest.text] if rarest else 1.0,
        "gate_top": s.gate_top if s.gate_top is not None else 0.0,
        "sentence_top": s.sentence_top,
        "dense_top": s.dense_top,
        "coverage": s.coverage,
        "fused_top": scores[0],
        "fused_gap": scores[0] - scores[1],
    }


@dataclass(frozen=True)
class AnswerEvidence:
    """What an answer would quote, and what the checks read of it (``AbstainPolicy.reasons``).

    Attributes:
        quote: The sentence(s) the answer would quote.
        report_years: The years the report names.
        context: The texts of the best units, the quoted one first (the date check reads them).
        counted: How much the quote's counts count what the question asks about
            (``count_match``; 1.0 when not measured).
        asked: How much the quote names the office or the speaker the question asks about
            (``answer_type.asked_match``; 1.0 when not measured).
        listed: When the quoted unit is a roll-call (a list of who attended or spoke), how much
            its lead-in speaks of what the question asks besides the names listed
            (``roll_call.lead_in_match``; 1.0 when not measured).
        numbering: The meeting ordinals and article numbers the report writes
            (``numbering.Numbering``); None: not checked.
        recommendation: The quoted unit is a recommendation, or its quote reports one
            (``answer_type.reports_recommendation``); a question asking what was recommended is
            declined otherwise.
    """

    quote: str
    report_years: Set[str]
    context: Sequence[str] = ()
    counted: float = 1.0
    asked: float = 1.0
    listed: float = 1.0
    numbering: Numbering | None = None
    recommendation: bool = True


@dataclass(frozen=True)
class AbstainPolicy:
    """Decides from the evidence whether the report answers a question.

    Checks, each of which can only decline:
    - topic: the best passages speak of too little of what the question is about (the
      rarity-weighted share of its informative terms, ``Signals.topic``, see
      ``answer/topic.py``); or the support (the gate encoder's best similarity, plus the
      dense model's best sentence similarity above its usual floor) is low and the
      passages do not speak of nearly all of the question's terms;
    - focus: the question says what it is about ("What did the group recommend *about*
      X?") and the best passages speak of too little of X (``Signals.focus``): the
      report's frame around X is no evidence; likewise when a verb names X ("Did the group
      *discuss* X?", ``Signals.subject``);
    - unknown names: the question names a country, or another name, that the report never
      mentions (``Signals.unknown``);
    - years: the question is about a year the report never mentions;
    - recommended: the question asks what was recommended (six languages) and the quoted unit
      is no recommendation and its quote reports none ("ont recommandé que …");
    - numbering: the question names a meeting by an ordinal, or a legal article by a number,
      that the report never writes ("la neuvième réunion", "article 6", ``numbering.py``);
    - roll-calls: the quoted unit lists who attended or spoke, and its lead-in does not
      speak of what the question asks besides the names listed ("Quelle est la population
      du Canada ?" is not answered by the list of States present, ``roll_call.py``);
    - counts: the question asks how many / how much and the quoted answer states no count
      and lists nothing, or its counts count something else ("quatre séances" for migrants,
      ``count_match``); likewise a question asking for a penalty and a quote with no figure;
    - dates: the question asks when, and none of the best units states a date (chosen on
      the tuning data: 3 of 5 near-topic "when" questions declined, no answerable one; the
      quote alone was too narrow, a date is often in the next unit);
    - hours: the question asks at what time, and none of the best units states an hour;
    - the future and the present: the question asks what will happen after the meeting, or
      what holds today ("the current Secretary-General", "ratified so far");
    - optionally (``absent_count``, off by default): the quoted unit does not speak of
      several of the question's rare terms (``Signals.absent``).
    A question in another script than the report's is held to a lower support threshold
    (``support_threshold_other_script``): the encoders' cross-script similarities run lower.
    A direct lookup ("paragraphe 18") is always answered. The thresholds were chosen on
    the development questions (eval/dev.jsonl) and the tuning sets
    (eval/calibration_tune.jsonl, eval/calibration_tune3.jsonl), never on the gold set or
    the held-out sets.
    """

    support_threshold: float = 0.17
    #: The same for a question written in another script than the report's (Arabic,
    #: Cyrillic, Chinese): the encoders' cross-script similarities run lower (answerable
    #: questions of eval/calibration_tune*.jsonl: median support 0.27 in Arabic and Russian,
    #: 0.30 in Chinese, 0.36 in French), so the threshold is scaled by that ratio
    #: (0.17 x 0.27 / 0.36): 2 of their 60 answerable ar/ru/zh questions no longer declined,
    #: none of their 9 unanswerable ones let through.
    support_threshold_other_script: float = 0.13
    sentence_weight: float = 1.0
    sentence_floor: float = 0.80
    dense_threshold: float = 0.80
    topic_threshold: float = 0.25
    #: No support check at or above this topic share. 0.90 was chosen on 96 questions; on
    #: eval/dev.jsonl + eval/calibration_tune.jsonl + eval/calibration_tune3.jsonl (536),
    #: 0.85 declines 2 fewer answerable questions (of 312) and lets no unanswerable one
    #: through (0.80 let 2 far-off ones through).
    topic_override: float = 0.85
    #: A question that says what it is about ("about X", "sur X", "sobre X") is declined
    #: when the best passages speak of less than this share of X, the words most of the report
    #: spells discounted (``TopicMatcher.framed``: "trafic" in "trafic d'organes" weighs little).
    #: Chosen at issue 8's ninth round on eval/dev.jsonl + the seven tuning files (727
    #: answerable, 209 framed questions): among the answerable questions no other check
    #: declines, the lowest share is 0.58 (0.60 would decline it). Before the discount the
    #: threshold was 0.6.
    focus_threshold: float = 0.55
    #: The same for a subject a verb names ("Did the group discuss X?", "Quel paragraphe
    #: traite de X ?"), with the same discount. Chosen at the ninth round on the same files: at
    #: 0.6 none of the 727 answerable questions is declined (the lowest share 0.65); with the
    #: focus change, 5 more of the 209 framed ones are and 2 fewer answerable ones. (Before the
    #: discount it was 0.5: an English subject the matcher half read, "gender-sensitive
    #: approaches", scored about 0.5; with the glossary's "genre" it now scores 1.0.)
    subject_threshold: float = 0.6
    #: Declined when this many of the question's rare terms are absent from the best unit
    #: (``Signals.absent``): what the question is specifically about must be in the passage
    #: quoted, not only somewhere in the three best. None: not checked (the default). At 2,
    #: on eval/dev.jsonl + eval/calibration_tune*.jsonl it declined 10 more of their 174
    #: unanswerable questions and none of their 312 answerable ones, but on the held-out
    #: sets 2 and 3 more of their 80 answerable ones each (see eval/README.md, calibration).
    absent_count: int | None = None

    def abstains(self, question: str, signals: Signals, evidence: AnswerEvidence) -> bool:
        """True when the report does not answer the question (``reasons`` names the checks).

        Args:
            question: The question.
            signals: The retrieval's evidence (``Ranking.signals``).
            evidence: What the answer would quote, and what the checks read of it.
        """
        return bool(self.reasons(question, signals, evidence))

    def reasons(self, question: str, signals: Signals, evidence: AnswerEvidence) -> tuple[str, ...]:
        """The checks that decline the question (``abstains``' arguments), by name: "topic",
        "focus", "subject", "support", "unknown", "absent", "year", "numbering", "recommended",
        "future", "present", "date", "hour", "penalty", "article", "definition", "price", "asked",
        "statement", "roll_call", "count", "count_match", "nothing_asked"; () when it is answered."""
        if signals.lookup:
            return ()
        quote, context, numbering = evidence.quote, evidence.context, evidence.numbering
        off_topic = self.off_topic_check(signals, question)
        found = [off_topic] if off_topic else []
        checks = (
            ("nothing_asked", asks_nothing(question)),
            ("unknown", bool(signals.unknown)),
            ("absent", self.absent_count is not None and len(signals.absent) >= self.absent_count),
            ("year", bool(years(question) - evidence.report_years)),
            ("numbering", numbering is not None and numbering.unknown(question)),
            # "what did the group recommend about X?" answered by no recommendation
            ("recommended", not evidence.recommendation and asks_recommended(question)),
            ("future", asks_future(question)),
            ("present", asks_present(question) and not any(asks_present(t) for t in context)),
            ("date", bool(context) and asks_date(question) and not any(has_date(t) for t in context)),
            ("hour", bool(context) and asks_hour(question) and not any(has_hour(t) for t in context)),
            ("penalty", asks_penalty(question) and not has_penalty(quote)),
            # the quoted unit (context[0]) holds no answer of the kind asked for
            ("article", bool(context) and asks_article(question) and not has_article(context[0])),
            ("definition", bool(context) and asks_definition(question) and not has_definition(context[0])),
            ("price", bool(context) and asks_price(question) and not has_money(context[0])),
            ("asked", evidence.asked < ASKED_MATCH),
            # a list of who spoke says nothing of what they said
            ("statement", asks_statement(question) and has_enumeration(quote)),
            # "which country said X?" quoted "un intervenant a dit X": the report does not say
            ("speaker", asks_speaker(question) and anonymous(quote)),
            # "which countries …?" quoted a unit that names none
            ("countries", bool(context) and asks_countries(question) and not countries(context[0])),
            # a list of who attended answers who attended, not what the question asks of them
            ("roll_call", evidence.listed < LEAD_IN_MATCH),
        )
        found += [name for name, fired in checks if fired]
        if asks_quantity(question) and not has_enumeration(quote):
            if not has_quantity(quote):
                found.append("count")
            elif evidence.counted < COUNT_MATCH:
                found.append("count_match")
        return tuple(found)

    def off_topic_check(self, signals: Signals, question: str = "") -> str | None:
        """Which part of ``off_topic`` declines: "topic", "focus", "subject" or "support"; None
        when the question is on the report's topic.

        Args:
            signals: The retrieval's evidence.
            question: The question, when known: one in another script than the report's
                is held to ``support_threshold_other_script``.
        """
        if signals.topic < self.topic_threshold:
            return "topic"
        if signals.focus < self.focus_threshold:
            return "focus"
        if signals.subject < self.subject_threshold:
            return "subject"
        if signals.topic >= self.topic_override:
            return None
        if signals.on_subject:  # the topic, focus and subject checks judge X
            return None
        if signals.gate_top is None:
            return "support" if self.support(signals) < 0 else None
        other_script = bool(question) and script_language(question) != "fr"
        threshold = self.support_threshold_other_script if other_script else self.support_threshold
        return "support" if self.support(signals) < threshold else None

    def support(self, signals: Signals) -> float:
        """How much the report is about the question (comparable across questions)."""
        if signals.gate_top is None:
            return signals.sentence_top - self.dense_threshold
        return signals.gate_top + self.sentence_weight * (signals.sentence_top - self.sentence_floor)

    def off_topic(self, signals: Signals, question: str = "") -> bool:
        """The question is not about anything the report discusses (``off_topic_check``)."""
        return self.off_topic_check(signals, question) is not None

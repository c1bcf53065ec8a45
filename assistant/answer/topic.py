"""What a question is about, and whether the best passages speak of it.

A question's informative terms are its words weighted by how rare they are in general
language (wordfreq's frequency lists, in the question's own language), function words
and interrogatives dropped. A passage speaks of a term when it holds the word, its stem,
a cognate (a long shared prefix: ``pandemic`` / ``pandémie``), a dictionary translation
(FreeDict, when installed), or, failing those, a word the gate encoder places close to
it in any language (``مهاجرين`` / ``migrants``). The topic score is the rarity-weighted
share of the question's terms the passages speak of: "Quels pays ont remporté la Coupe du
monde de football ?" scores low against the list of States that attended, although
``quels`` and ``pays`` are the report's words too.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np

from ..index.embeddings import Embedder
from ..index.glossary import (
    countries,
    entity_french,
    french_phrases,
    french_terms,
    head_french,
    other_script_french,
    without_body_names,
)
from ..index.keyword import STOPWORDS, KeywordIndex, fold, stem, words
from ..index.lexicon import translations
from .framing import passive_subject

_T = TypeVar("_T")

# Interrogatives and function words of the other official languages that wordfreq rates
# below the frequency cut-off (the cut-off removes the rest).
QUESTION_WORDS = frozenset(
    """
    que qué cual cuál cuales cuáles quien quién quienes quiénes como cómo cuando cuándo donde dónde
    cuanto cuánto cuantos cuántos cuantas cuántas los las del una unos unas fue fueron sobre según
    segun hubo había habia tiene tienen está están esta este estos estas ese esa dijo hizo
    какие какой какая каких кто что чем как где когда сколько ли был была были было это этот эта
    ما ماذا من هل كيف متى أين اين أي التي الذي الذين هي هو عن في على
    什么 哪些 哪个 哪 谁 如何 怎么 怎样 多少 是否 吗 呢 是 的 了 在 有 关于 对
    """.split()
)
#: Words at least this frequent (Zipf scale, in the question's language) carry no topic.
COMMON_ZIPF = 5.6
#: A term's weight is how far below this its frequency lies; unknown words (names, typos)
#: weigh the most.
RARITY_CAP = 6.0
#: Two words share a stem-like prefix this long: cognates across French, English, Spanish.
COGNATE_PREFIX = 5
COGNATE_SHARE = 0.75
#: ... and at least half of the longer word: "organe" is no root of "organisation" (5 of 12
#: letters), "migrant" is one of "migration" (6 of 9). Chosen on eval/dev.jsonl and
#: eval/calibration_tune*.jsonl: 3 more of their framed questions declined ("trafic
#: d'organes"), no answerable one more, the ranking unchanged.
COGNATE_WHOLE = 0.5
#: ... where the ranking's bridge and the briefs take a shared prefix as a lead ("inter" of
#: "inter-agency" brings up "interministériel"): gated briefing recall needs it (0.925; 0.894
#: with ``COGNATE_WHOLE`` there too).
COGNATE_LEAD = 0.0
#: Chinese pieces rarer than this, one or two characters long, are syllables of a name.
TRANSCRIPTION_ZIPF = 5.0
#: Names in another script match a report word with the same consonant outline this long.
SKELETON_MIN = 3
#: A name the question writes (capitalised, not its first word) is unknown to the report
#: when no unit spells it and the encoder's best similarity margin to any of the report's
#: words scores below this (0 to 1, see ``TopicMatcher.soft_floor``). Chosen on
#: eval/dev.jsonl + eval/calibration_tune.jsonl: at 0.3 no answerable question has an
#: unknown name; at 0.4 one does ("Global Compact", 0.36).
UNKNOWN_NAME = 0.3
#: Typo repair (``KeywordIndex.resolve``) reads only words rarer than this in general
#: language (Zipf, French, English or Spanish): a real word the report does not use is not a
#: typo of one it does (``detention`` is not ``detection``, ``smugling`` is ``smuggling``).
#: Chosen on eval/dev.jsonl + eval/calibration_tune.jsonl (see eval/README.md, calibration).
TYPO_ZIPF = 1.5
#: A term this rare (weight: ``RARITY_CAP`` minus its Zipf frequency, i.e. Zipf <= 4.4) is
#: part of what a question is specifically about...
RARE_WEIGHT = 1.6
#: ... and the best unit does not speak of it when it scores under this (0 to 1, see
#: ``TopicMatcher.matches``). Two such terms and the report does not answer (``absent``).
ABSENT_MATCH = 0.1


@dataclass(frozen=True)
class Term:
    """An informative word of a question and its weight (rarer in general language = more)."""

    text: str
    weight: float


def script_language(text: str) -> str:
    """The wordfreq language to read a text with, from its script: zh, ar, ru or (Latin) fr."""
    counts = {"zh": 0, "ar": 0, "ru": 0, "la": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("CJK"):
            counts["zh"] += 1
        elif name.startswith("ARABIC"):
            counts["ar"] += 1
        elif name.startswith("CYRILLIC"):
            counts["ru"] += 1
        else:
            counts["la"] += 1
    best = max(counts, key=counts.__getitem__)
    return "fr" if best == "la" else best


#: Latin-script questions come in French, English or Spanish: a word common in any of
#: them is common.
_FREQUENCY_LANGS = {"fr": ("fr", "en", "es"), "zh": ("zh",), "ar": ("ar",), "ru": ("ru",)}


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    """How common a word is in general language (Zipf scale; 0 for unknown words)."""
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, code) for code in _FREQUENCY_LANGS[lang])


def informative_terms(question: str) -> tuple[Term, ...]:
    """The question's words that say what it is about, weighted by their rarity."""
    from wordfreq import tokenize

    lang = script_language(question)
    if lang == "zh":
        import jieba  # wordfreq's Chinese word splitter; quiet about building its dictionary

        jieba.setLogLevel(logging.WARNING)
    seen: dict[str, Term] = {}
    tokens = tokenize(question, lang)
    if lang == "zh":
        tokens = _join_transcriptions(tokens)
    for token in tokens:
        if token.isdigit() or token in QUESTION_WORDS or fold(token) in STOPWORDS:
            continue
        if lang != "zh" and len(token) < 3:
            continue
        frequency = zipf(token, lang)
        if frequency >= COMMON_ZIPF:
            continue
        seen.setdefault(token, Term(token, min(RARITY_CAP, RARITY_CAP - frequency)))
    return tuple(seen.values())


def _join_transcriptions(tokens: Sequence[str]) -> list[str]:
    """Chinese tokens with runs of short uncommon pieces joined: the word splitter cuts a
    transcribed foreign name (图尔克萨, Turquesa) into syllables."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if token and len(token) <= 2 and zipf(token, "zh") < TRANSCRIPTION_ZIPF:
            run.append(token)
            continue
        if run:
            out.append("".join(run))
            run = []
        if token:
            out.append(token)
    return out


# What introduces a question's subject in the six official languages ("What did the group
# say *about* X?", "recommandations *sur* X", "*sobre* X", "*о* X", "*حول* X", "*关于* X"):
# grammar, not topic words. What follows is what the question is about.
_FOCUS = re.compile(
    # not the "sur" / "sobre" of the working group's name ("le mandat du groupe de travail sur
    # le trafic de migrants"): that names the body ("Qu'a dit le groupe sur X ?" is about X)
    r"\b(?:about|regarding|concern(?:s|ing)|sur(?! le trafic (?:illicite )?de (?:personnes )?migrants)"
    r"|concern(?:e|ent|ant)|(?:au sujet|a propos|en matiere) d(?:es?|u)?"
    r"|sobre(?! el trafico (?:ilicito )?de (?:personas )?migrantes)|acerca de|respecto (?:a|de)|en cuanto a"
    r"|об?|относительно|касательно)(?:\s|'|’)|حول|بشان|关于|有关"
)


#: A word at least this common in general French or English (Zipf) is one the topic check
#: reads by spelling, cognate or dictionary against a French report; Spanish, Arabic,
#: Russian, Chinese words mostly are not (their subject is left to the topic share).
READABLE_ZIPF = 2.0


def readable(term: str) -> bool:
    """True when the topic check can tell by spelling whether a French text speaks of the
    term: a French or English word, or one with a dictionary or glossary French. Other
    words (most words of Spanish, Arabic, Russian, Chinese questions) are judged by the
    encoder alone."""
    from wordfreq import zipf_frequency

    return (
        zipf_frequency(term, "fr") >= READABLE_ZIPF
        or zipf_frequency(term, "en") >= READABLE_ZIPF
        or _has_french(fold(term))
    )


def _has_french(folded: str) -> bool:
    """True when the dictionary or the glossary gives a French for a folded word."""
    return bool(translations(folded) or french_terms(folded) or head_french(folded) or entity_french(folded))


def focus_terms(question: str, terms: Sequence[Term]) -> tuple[Term, ...]:
    """The terms of what a question is about, when it says so with "about", "sur", "sobre"...:
    the informative terms written after the first such word that the check can read by
    spelling (``readable``); () when there is none."""
    folded = fold(question)
    found = _FOCUS.search(folded)
    if found is None:
        return ()
    after = folded[found.end() :]
    return tuple(t for t in terms if fold(t.text) in after and readable(t.text))


# Verbs that name a subject without an "about" ("Did the group *discuss* X?", "Quel paragraphe
# *traite du* X ?", "Quelle recommandation *porte sur* X ?"), English and French: what follows
# is what the question asks the report to speak of.
_SUBJECT_VERB = re.compile(
    r"\b(?:discuss(?:es|ed)?|address(?:es|ed)?|mention(?:s|ed)?|deal(?:s|t)? with|cover(?:s|ed)?"
    r"|recommend(?:s|ed)? (?:anything )?on|(?:anything|something) on"
    # "traite" after an article or "quel" is the noun (la traite des personnes, quel traité)
    r"|(?:(?<!la )(?<!le )(?<!un )(?<!une )(?<!du )(?<!quel )(?<!quelle )traite(?:nt)?|discute|parle(?:nt)?)"
    r"(?:-t-(?:il|elle))? (?:de la|de l'|des|du|de|d')|evoque(?:nt)?"
    r"|porte(?:nt)? sur|vise(?:nt)?|aborde(?:nt)?)(?:\s|')"
)


def judgeable(term: str) -> bool:
    """True when spelling alone tells whether a French text speaks of the term: a word more
    common in French than in English, or one with a dictionary or glossary French. An English
    word the dictionary lacks (``gender``, ``moderated``) may be in the report in other words."""
    from wordfreq import zipf_frequency

    french = zipf_frequency(term, "fr")
    return (french >= READABLE_ZIPF and french >= zipf_frequency(term, "en")) or _has_french(fold(term))


def subject_terms(question: str, terms: Sequence[Term]) -> tuple[Term, ...]:
    """The terms of what a question asks the report to speak of, when a verb names it ("Did
    the group discuss X?", "Quel paragraphe traite de X ?"): the informative terms after the
    first such verb that spelling can judge (``judgeable``); () when there is none."""
    folded = fold(question).replace("’", "'")
    passive = passive_subject(question)
    if passive is not None:  # "Was X discussed by the group?": X comes before the verb
        named = fold(passive).replace("’", "'")
    else:
        found = _SUBJECT_VERB.search(folded)
        if found is None:
            return ()
        named = folded[found.end() :]
    return tuple(t for t in terms if fold(t.text) in named and judgeable(t.text))


# Read before accents are folded: "où" (where) is no "ou" (or).
_OR = re.compile(r"\s(?:or|ou|o)\s")


def weighted_share(terms: Sequence[Term], matched: Mapping[str, float]) -> float:
    """The rarity-weighted share of ``terms`` that ``matched`` (0 to 1 per term) speaks of;
    1.0 for no terms."""
    total = sum(t.weight for t in terms)
    return sum(t.weight * matched[t.text] for t in terms) / total if total else 1.0


def subject_share(question: str, subject: Sequence[Term], matched: Mapping[str, float]) -> float:
    """How much the best passages speak of a question's subject (``focus_terms``,
    ``subject_terms``; ``matched``: ``TopicMatcher.matches``), rarity-weighted; a subject of
    alternatives ("wiretapping or phone intercepts", "X ou Y") by its best spoken alternative:
    the report answers when it speaks of one. 1.0 for no subject."""
    whole = weighted_share(subject, matched)
    parts = [set(words(fold(p))) for p in _OR.split(question.lower())]
    if len(parts) < 2:
        return whole
    groups = [[t for t in subject if fold(t.text) in part] for part in parts]
    return max([whole] + [weighted_share(g, matched) for g in groups if g])


# Month names and their abbreviations (English, French, Spanish): capitalised, yet no name.
_MONTHS = frozenset(
    """
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july
    august september october november december janv fev fevr avr juil janvier fevrier mars avril
    mai juin juillet aout septembre octobre novembre decembre ene abr ago dic enero febrero marzo
    abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    """.split()
)


def named_terms(question: str, terms: Sequence[Term]) -> tuple[Term, ...]:
    """The terms the question writes as names: capitalised (then lower case), not its first
    word, not a month ("Oct")."""
    caps = {
        m.group(0).lower()
        for m in re.finditer(r"[^\W\d_]{3,}", question)
        if m.start() > 0
        and m.group(0)[0].isupper()
        and m.group(0)[1:].islower()
        and fold(m.group(0)) not in _MONTHS
    }
    return tuple(t for t in terms if t.text in caps)


# A capitalised word, and the lower-case words that join such words into a title ("Grupo de
# Trabajo sobre el Tráfico Ilícito de Migrantes", "Conference of the Parties"); "and" joins
# two names, not the words of one.
_TITLE_WORD = re.compile(r"[^\W\d_]+")
_JOINERS = frozenset(
    "de del des du la le les el los las of the on for in en sobre para pour sur against contre contra".split()
)
_BREAK = re.compile(r"[;:,()]")
_SENTENCE = re.compile(r"[?.!¿¡？。]")


def title_runs(question: str) -> list[list[str]]:
    """The runs of capitalised words a question writes (lower case; not a sentence's first
    word), joined by at most two articles or prepositions ("de", "sobre el", "of the") and
    broken by punctuation; a single capitalised word is a run of one."""
    runs: list[list[str]] = []
    current: list[str] = []
    gap, end, first = 0, 0, True
    for m in _TITLE_WORD.finditer(question):
        word, between = m.group(0), question[end : m.start()]
        end = m.end()
        if _SENTENCE.search(between):
            first = True
        if first or _BREAK.search(between):
            gap = 3
        if first:  # a sentence's first word is capitalised as such
            first = False
            continue
        if word[0].isupper():
            if current and gap <= 2:
                current.append(word.lower())
            else:
                current = [word.lower()]
                runs.append(current)
            gap = 0
        elif word in _JOINERS:
            gap += 1
        else:
            gap = 3
    return runs


def inside_known_title(word: str, runs: Sequence[Sequence[str]], unknown: Set[str]) -> bool:
    """True when ``word`` stands inside a title of three or more capitalised words, between
    words not in ``unknown``, and fewer than half of the title's words are in ``unknown``
    ("el Tráfico *Ilícito* de Migrantes": a word of a name the report speaks of)."""
    for run in runs:
        if word in run and len(run) >= 3 and 2 * sum(w in unknown for w in run) < len(run):
            at = run.index(word)
            if any(w not in unknown for w in run[:at]) and any(w not in unknown for w in run[at + 1 :]):
                return True
    return False


# Consonant classes shared by the transcriptions of one name across scripts (anyascii's
# romanisation of Cyrillic, Arabic, Chinese): vowels and glides vary, consonants mostly keep.
_CONSONANT_CLASS = str.maketrans("pbfvqcgjxzdh", "bbffkkkkksts")
_NOT_CONSONANT = re.compile(r"[^bcdfgjklmnpqrstvxz]")


def skeleton(word: str) -> str:
    """A name's consonant outline, comparable across scripts: Туркеза, توركيسا, 图尔克萨
    and Turquesa all give ``trks``."""
    from anyascii import anyascii

    if word.startswith("ال") and len(word) > 4:  # the Arabic article
        word = word[2:]
    latin = fold(anyascii(word)).replace("kh", "k").replace("sh", "s").replace("ch", "s")
    outline = _NOT_CONSONANT.sub("", latin).translate(_CONSONANT_CLASS)
    return re.sub(r"(.)\1+", r"\1", outline)


def _cognates(a: str, b: str, whole: float = COGNATE_WHOLE) -> bool:
    """Two folded words that look like one root: a shared prefix of at least five letters,
    most of the shorter word and half of the longer (``pandemic`` / ``pandemie``, not
    ``organe`` / ``organisation``), or one's first seven letters inside the other
    (``criminalised`` / ``incrimination``). ``whole``: the share of the longer word needed.

    >>> _cognates("pandemic", "pandemie"), _cognates("organe", "organisation")
    (True, False)
    """
    if a[:COGNATE_PREFIX] == b[:COGNATE_PREFIX]:
        shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        if shared >= COGNATE_SHARE * min(len(a), len(b)) and shared >= whole * max(len(a), len(b)):
            return True
    root = COGNATE_PREFIX + 2
    return (len(a) > root and a[:root] in b) or (len(b) > root and b[:root] in a)


#: A word rarer than ``TYPO_ZIPF`` is read as the English word it is this close to (difflib's
#: ratio): "smugling" is "smuggling" (0.94), which the report spells "trafic".
ENGLISH_TYPO_RATIO = 0.9


@lru_cache(maxsize=1)
def _english_words() -> tuple[str, ...]:
    """The English words with a French the matcher knows: the dictionary's headwords and the
    glossary's English words."""
    from ..index.glossary import MEETING_WORDS, PROCEDURAL_TERMS, UN_BODIES
    from ..index.lexicon import english_french

    glossary = {w for k in PROCEDURAL_TERMS for w in words(k)} | set(MEETING_WORDS)
    glossary |= {k for k in UN_BODIES if " " not in k}
    return tuple(sorted(set(english_french()) | glossary))


@lru_cache(maxsize=4096)
def english_spelling(word: str) -> tuple[str, ...]:
    """The English word a misspelt folded word most likely is ("smugling" -> "smuggling"), if
    one is close enough (``ENGLISH_TYPO_RATIO``); () otherwise."""
    import difflib

    if len(word) < COGNATE_PREFIX:
        return ()
    return tuple(difflib.get_close_matches(word, _english_words(), n=1, cutoff=ENGLISH_TYPO_RATIO))


def _english_french_words(word: str) -> list[str]:
    """The French words the dictionary and the glossary give for an English word."""
    found = [*translations(word), *french_terms(word, bodies=False), head_french(word) or ""]
    return [w for t in found for w in words(t)]


@lru_cache(maxsize=4096)
def _entity_stems(term: str) -> tuple[frozenset[str], ...]:
    """The stems of each French alternative the glossary gives a term (``entity_french``, and
    ``other_script_french`` for a meeting word in Russian, Arabic or Chinese: "модератором")."""
    found = entity_french(term)
    if not term.isascii() and script_language(term) != "fr":
        found += other_script_french(term)
    return tuple(frozenset(stem(w) for w in words(alt)) for alt in found if words(alt))


def _names(text: str) -> frozenset[str]:
    """The capitalised words of a text (names, and a few sentence openings)."""
    return frozenset(w for w in re.findall(r"[^\W\d_]{3,}", text) if w[0].isupper())


@dataclass(frozen=True)
class _UnitWords:
    stems: frozenset[str]
    words: tuple[str, ...]
    names: frozenset[str]
    #: The stems of the whole text, bodies' names included: for matching those names.
    all_stems: frozenset[str]


_WORD = re.compile(r"[^\W\d_]{3,}")


def _unit_words(text: str) -> _UnitWords:
    found = words(without_body_names(text))
    return _UnitWords(
        frozenset(stem(w) for w in found),
        tuple(dict.fromkeys(found)),
        _names(text),
        frozenset(stem(w) for w in words(text)),
    )


class LazyMap(Mapping[str, _T]):
    """``{key: make(texts[key])}``, each value computed at its first reading."""

    def __init__(self, texts: Mapping[str, str], make: Callable[[str], _T]) -> None:
        self._texts = texts
        self._make = make
        self._done: dict[str, _T] = {}

    def __getitem__(self, key: str) -> _T:
        if key not in self._done:
            self._done[key] = self._make(self._texts[key])
        return self._done[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


class TopicMatcher:
    """Scores how much given units speak of a question's informative terms.

    Args:
        texts: The units' texts, by ref.
        keywords: The keyword index (its typo repair reads misspelt terms).
        encoder: A multilingual encoder for terms no word of the unit spells (the gate
            encoder: a word costs it well under a millisecond); None to use spelling and the
            dictionary only.
        cache_dir: Where the encoder's vectors of the report's words are kept (computed
            once per vocabulary and model, a few seconds); None to keep them in memory.
        soft_floor: How far above its median similarity to the report's words a term's
            best similarity to a unit's words must be to count at all...
        soft_ceiling: ... and to count fully: a term spoken of in other words or another
            script stands out from the report's vocabulary (``مهاجرين`` / ``migrants``),
            an off-topic one does not.
        texts_key: Names ``texts`` for the vocabulary cache (what fixes them, such as the
            index snapshot's name); default: a hash of every text.
    """

    def __init__(
        self,
        texts: Mapping[str, str],
        keywords: KeywordIndex,
        encoder: Embedder | None = None,
        cache_dir: Path | None = None,
        soft_floor: float = 0.25,
        soft_ceiling: float = 0.45,
        texts_key: str | None = None,
    ) -> None:
        self.keywords = keywords
        self.encoder = encoder
        self.cache_dir = cache_dir
        self.soft_floor = soft_floor
        self.soft_ceiling = soft_ceiling
        # per unit, computed when a question first reads the unit: a library of 1,000 reports
        # opens in a fraction of a second instead of reading every unit's words (~10 s)
        self._texts = texts
        self._texts_key = texts_key
        self._units: Mapping[str, _UnitWords] = LazyMap(texts, _unit_words)
        self._rows: Mapping[str, np.ndarray] = LazyMap(texts, self._row_ids)
        self._vocab_list: list[str] | None = None
        self._row: dict[str, int] | None = None
        self._matrix: np.ndarray | None = None
        self._named_countries: frozenset[str] | None = None
        self._form_cache: dict[str, tuple[str, ...]] = {}
        self._share_cache: dict[str, float] = {}
        self._skeletons: dict[str, str] = {}
        self._by_skeleton: dict[str, list[str]] | None = None
        #: Discount the terms that most of the report spells (see ``framed``).
        self.frame_discount = False

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """The report's words, in the order of ``word_vectors``' rows."""
        return tuple(self._vocab)

    @property
    def _vocab(self) -> list[str]:
        """Every word of the units (3 letters or more), sorted; kept in the cache folder by a
        hash of the texts, so that it is read, not recomputed, at the next start."""
        if self._vocab_list is None:
            name = self._texts_key
            if name is None:
                digest = hashlib.sha256()
                for ref, text in self._texts.items():
                    digest.update(f"{ref}\x00{text}\x01".encode("utf-8", "surrogatepass"))
                name = digest.hexdigest()[:16]
            path = self.cache_dir / f"vocab-{name}.marshal" if self.cache_dir else None
            try:
                self._vocab_list = marshal.loads(path.read_bytes()) if path else None
            except (OSError, ValueError, EOFError):
                self._vocab_list = None
            if self._vocab_list is None:
                self._vocab_list = sorted({w for t in self._texts.values() for w in _WORD.findall(t)})
                if path is not None:
                    with contextlib.suppress(OSError):
                        path.parent.mkdir(parents=True, exist_ok=True)
                        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                        tmp.write_bytes(marshal.dumps(self._vocab_list))
                        tmp.replace(path)
        return self._vocab_list

    def _row_ids(self, text: str) -> np.ndarray:
        """Rows of ``word_vectors`` holding a text's words."""
        if self._row is None:
            self._row = {w: i for i, w in enumerate(self._vocab)}
        found = set(_WORD.findall(without_body_names(text)))
        return np.asarray([self._row[w] for w in sorted(found)], dtype=np.int64)

    def word_vectors(self) -> np.ndarray:
        """The encoder's vectors of the report's words (one row per word), computed once."""
        if self._matrix is None:
            assert self.encoder is not None
            key = hashlib.sha256("\n".join([self.encoder.model_id, *self._vocab]).encode()).hexdigest()[:16]
            path = self.cache_dir / f"words-{key}.npy" if self.cache_dir else None
            if path is not None and path.is_file():
                self._matrix = np.load(path)
            else:
                self._matrix = np.asarray(self.encoder.embed(self._vocab, "passage"), dtype=np.float32)
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_suffix(".tmp.npy")
                    np.save(tmp, self._matrix)
                    tmp.replace(path)
        return self._matrix

    def spelled(self, term: str, ref: str) -> bool:
        """True when the unit holds the term, its stem, a cognate, a typo-repaired form or a
        dictionary translation of it."""
        unit = self._units[ref]
        return self._spelled_in(term, unit.stems, unit.words, unit.names, unit.all_stems)

    def _forms(self, term: str) -> tuple[str, ...]:
        """The folded forms of a term a text may hold: itself, its typo repair, its
        dictionary translations, its glossary French."""
        if term not in self._form_cache:
            folded = fold(term)
            candidates = [folded, *self.keywords.resolve(folded)]
            if zipf(term, "fr") >= TYPO_ZIPF:  # a real word: its own stem, no repair
                candidates = [c for c in candidates if c in (folded, stem(folded))]
            candidates += [w for t in translations(folded) for w in words(t)]
            candidates += [w for t in french_terms(folded, bodies=False) for w in words(t)]
            candidates += words(head_french(folded) or "")
            if zipf(term, "fr") < TYPO_ZIPF:  # a misspelt English word: its dictionary French
                candidates += [w for e in english_spelling(folded) for w in _english_french_words(e)]
            self._form_cache[term] = tuple(dict.fromkeys(candidates))
        return self._form_cache[term]

    def _spelled_in(
        self,
        term: str,
        stems: frozenset[str],
        text_words: Sequence[str],
        text_names: frozenset[str],
        all_stems: frozenset[str] | None = None,
    ) -> bool:
        entity = stems if all_stems is None else all_stems
        if not term.isascii() and script_language(term) != "fr":
            return any(w in self.transcribed([Term(term, 1.0)]) for w in text_names) or any(
                needed <= entity for needed in _entity_stems(term)
            )
        for word in self._forms(term):
            if stem(word) in stems:
                return True
            if len(word) >= COGNATE_PREFIX and any(_cognates(word, w) for w in text_words):
                return True
        # a UN body's acronym or a meeting word the glossary renders in several French words
        # ("UNHCR" -> "Haut-Commissariat ... réfugiés"): all of them, not any one
        return any(needed <= entity for needed in _entity_stems(term))

    def transcribed(self, terms: Sequence[Term]) -> list[str]:
        """The report's words that the terms written in another script transcribe
        ("Туркеза" -> "Turquesa"), for the keyword side."""
        if self._by_skeleton is None:
            self._by_skeleton = {}
            for word in (w for w in self._vocab if w[0].isupper()):  # names only
                outline = self._skeleton(word)
                if len(outline) >= SKELETON_MIN:
                    self._by_skeleton.setdefault(outline, []).append(word)
        found: list[str] = []
        for t in terms:
            if not t.text.isascii() and script_language(t.text) != "fr":
                found += self._by_skeleton.get(skeleton(t.text), [])
        return list(dict.fromkeys(found))

    def _skeleton(self, word: str) -> str:
        if word not in self._skeletons:
            self._skeletons[word] = skeleton(word)
        return self._skeletons[word]

    def spelled_share(self, terms: Sequence[Term], text: str) -> float:
        """Rarity-weighted share of the terms a text spells (no encoder): for choosing,
        among a passage's sentences, the one that speaks of the question."""
        total = sum(t.weight for t in terms)
        if not total:
            return 0.0
        text_words = tuple(dict.fromkeys(words(text)))
        stems = frozenset(stem(w) for w in text_words)
        names = _names(text)
        return sum(t.weight for t in terms if self._spelled_in(t.text, stems, text_words, names)) / total

    def report_share(self, term: str) -> float:
        """Share of the report's units that spell the term: near 1 for the words that frame
        every question about the report ("groupe de travail", "migrants"), near 0 for a topic."""
        if term not in self._share_cache:
            hits = sum(self.spelled(term, ref) for ref in self._units)
            self._share_cache[term] = hits / max(len(self._units), 1)
        return self._share_cache[term]

    def framed(self, terms: Sequence[Term]) -> tuple[Term, ...]:
        """The terms with their weights discounted by how much of the report spells them:
        "What did the group recommend about X?" is judged on X."""
        return tuple(Term(t.text, t.weight * (1.0 - self.report_share(t.text))) for t in terms)

    def score(
        self,
        terms: Sequence[Term],
        refs: Sequence[str],
        vectors: np.ndarray | None = None,
        matched: dict[str, float] | None = None,
    ) -> float:
        """Rarity-weighted share of the terms that at least one of the units speaks of
        (1.0 when the question has no informative term).

        Args:
            terms: The question's informative terms.
            refs: The units to read (the best ranked).
            vectors: The encoder's vectors of the terms, if already computed.
            matched: ``matches(terms, refs, vectors)``, if already computed.
        """
        if self.frame_discount:
            terms = self.framed(terms)
        total = sum(t.weight for t in terms)
        if not total or not refs:
            return 1.0
        if matched is None:
            matched = self.matches(terms, refs, vectors)
        return sum(t.weight * matched[t.text] for t in terms) / total

    def matches(
        self, terms: Sequence[Term], refs: Sequence[str], vectors: np.ndarray | None = None
    ) -> dict[str, float]:
        """How much the units speak of each term, 0 to 1: 1 when one of them spells it,
        else the encoder's similarity margin (see ``soft_floor``) of its closest word."""
        matched = {t.text: 1.0 if any(self.spelled(t.text, r) for r in refs) else 0.0 for t in terms}
        rows = np.concatenate([self._rows[r] for r in refs]) if refs else np.zeros(0, dtype=np.int64)
        return self._soft(terms, matched, rows, vectors)

    def spelled_matches(
        self, terms: Sequence[Term], refs: Sequence[str], matched: Mapping[str, float]
    ) -> dict[str, float]:
        """``matched``, with 1.0 for the terms the units spell (``spelled``: the word, a
        cognate, its dictionary or glossary French; never the encoder's closest word), when
        they spell every term ``matched`` does not fully match; else ``matched`` unchanged.

        The topic check reads the best units of the ranking without the bridged French words
        (the encoder chose those words, so the encoder would find them close to the question
        in the units they bring up); the unit the bridged ranking quotes counts only where
        spelling confirms it for all the rest of the question ("children" / *enfants*).
        """
        rest = [t for t in terms if matched[t.text] < 1.0]
        if not rest or not all(any(self.spelled(t.text, r) for r in refs) for t in rest):
            return dict(matched)
        return {t.text: 1.0 for t in terms}

    def phrase_matches(
        self, question: str, terms: Sequence[Term], refs: Sequence[str], matched: Mapping[str, float]
    ) -> dict[str, float]:
        """``matched``, with 1.0 for the terms that are words of a name or term of several
        words the question gives ("Santa Sede", ``glossary.french_phrases``) when one of the
        units holds every word of its French ("Saint-Siège")."""
        found = dict(matched)
        for english, french in french_phrases(question):
            if any(self._holds(french, ref) for ref in refs):
                found |= {t.text: 1.0 for t in terms if fold(t.text) in english}
        return found

    def _holds(self, french: Sequence[str], ref: str) -> bool:
        """True when the unit holds every word of one of the French alternatives."""
        stems = self._units[ref].all_stems
        return any(words(alt) and {stem(w) for w in words(alt)} <= stems for alt in french)

    def text_matches(
        self, terms: Sequence[Term], text: str, vectors: np.ndarray | None = None
    ) -> dict[str, float]:
        """``matches`` for one text of the report (a sentence): how much it speaks of each term."""
        text_words = tuple(dict.fromkeys(words(text)))
        stems = frozenset(stem(w) for w in text_words)
        names = _names(text)
        matched = {t.text: 1.0 if self._spelled_in(t.text, stems, text_words, names) else 0.0 for t in terms}
        row = self._row_of()
        rows = np.asarray(
            sorted({row[w] for w in re.findall(r"[^\W\d_]{3,}", text) if w in row}), dtype=np.int64
        )
        return self._soft(terms, matched, rows, vectors)

    def absent(
        self,
        terms: Sequence[Term],
        ref: str,
        vectors: np.ndarray | None = None,
        matched: Mapping[str, float] | None = None,
    ) -> tuple[str, ...]:
        """The question's rare terms (``RARE_WEIGHT``) that the unit does not speak of
        (``ABSENT_MATCH``), among those the check can read by spelling (``readable``).

        Args:
            terms: The question's informative terms.
            ref: The unit the answer would quote.
            vectors: The encoder's vectors of the terms, if already computed.
            matched: How much a wider set of units (including this one) speaks of each
                term, if known: a term those speak of fully may still be absent here, one
                they do not speak of is absent here too.
        """
        rare = [t for t in terms if t.weight >= RARE_WEIGHT and readable(t.text)]
        if matched is not None:
            known = [t for t in rare if matched[t.text] < ABSENT_MATCH]
            rare = [t for t in rare if matched[t.text] >= ABSENT_MATCH]
        else:
            known = []
        if rare:
            sub = None
            if vectors is not None and len(vectors) == len(terms):
                at = {t.text: i for i, t in enumerate(terms)}
                sub = vectors[[at[t.text] for t in rare]]
            here = self.matches(rare, [ref], sub)
            known += [t for t in rare if here[t.text] < ABSENT_MATCH]
        order = {t.text: i for i, t in enumerate(terms)}
        return tuple(sorted((t.text for t in known), key=order.__getitem__))

    def unknown_names(
        self, question: str, terms: Sequence[Term], vectors: np.ndarray | None = None
    ) -> tuple[str, ...]:
        """The names the question gives that the report never mentions: the countries it
        names (in any of the six languages) that no unit names, and its other names that no
        unit speaks of (``UNKNOWN_NAME``)."""
        unknown = [c for c in countries(question) if c not in self._countries()]
        # spelled by some unit (cached per word across questions), else judged by the encoder
        # against every word of the report
        # the words of a name of several words the report gives in French ("Santa Sede")
        phrased = {
            w
            for english, french in french_phrases(question)
            if any(self._holds(french, ref) for ref in self._units)
            for w in english
        }
        named = [
            t
            for t in named_terms(question, terms)
            if not countries(t.text) and fold(t.text) not in phrased and not self.report_share(t.text)
        ]
        if named:
            at = {t.text: i for i, t in enumerate(terms)}
            sub = (
                vectors[[at[t.text] for t in named]]
                if vectors is not None and len(vectors) == len(terms)
                else None
            )
            everywhere = self._soft(named, dict.fromkeys((t.text for t in named), 0.0), self._all_rows(), sub)
            unmatched = {t.text for t in named if everywhere[t.text] < UNKNOWN_NAME}
            runs = title_runs(question)
            unknown += [
                t.text
                for t in named
                if t.text in unmatched and not inside_known_title(t.text, runs, unmatched)
            ]
        return tuple(unknown)

    def _all_rows(self) -> np.ndarray:
        return np.arange(len(self._vocab), dtype=np.int64)

    def _countries(self) -> frozenset[str]:
        if self._named_countries is None:
            self._named_countries = frozenset(countries(" ".join(self._texts.values())))
        return self._named_countries

    def _row_of(self) -> dict[str, int]:
        if self._row is None:
            self._row = {w: i for i, w in enumerate(self._vocab)}
        return self._row

    def _soft(
        self, terms: Sequence[Term], matched: dict[str, float], rows: np.ndarray, vectors: np.ndarray | None
    ) -> dict[str, float]:
        rest = [t for t in terms if matched[t.text] < 1.0]
        if rest and self.encoder is not None and self._vocab and len(rows):
            matrix = self.word_vectors()
            if vectors is not None and len(vectors) == len(terms):
                at = {t.text: i for i, t in enumerate(terms)}
                rest_vectors = vectors[[at[t.text] for t in rest]]
            else:
                rest_vectors = self.encoder.embed([t.text for t in rest], "query")
            sims = matrix @ rest_vectors.T  # words x terms
            margin = sims[rows].max(axis=0) - np.median(sims, axis=0)
            span = self.soft_ceiling - self.soft_floor
            for t, m in zip(rest, margin, strict=True):
                matched[t.text] = float(np.clip((m - self.soft_floor) / span, 0.0, 1.0))
        return matched

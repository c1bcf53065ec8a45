"""French for the words a question shares with every UN meeting report: country names in
English, Spanish, Russian, Arabic or Chinese (pycountry's ISO 3166 data) and the
procedural terms of the UN's official French."""

from __future__ import annotations

import re
from functools import lru_cache

from .keyword import fold

# Territories whose names are everyday words of a meeting report: La Réunion is "réunion"
# (French) and "reunión" (Spanish), the meeting itself.
_HOMONYMS = frozenset({"RE"})


@lru_cache(maxsize=1)
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern matching English country names, and each one's French name."""
    try:
        import gettext

        import pycountry
    except ImportError:  # optional: without it, questions are not expanded
        return re.compile(r"(?!)"), {}

    def locale(lang: str) -> gettext.NullTranslations:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)

    french = locale("fr")
    # the other official languages a delegate may ask in
    others = [locale(lang) for lang in ("es", "ru", "ar", "zh_CN")]
    names: dict[str, str] = {}
    for country in pycountry.countries:
        if country.alpha_2 in _HOMONYMS:
            continue
        fr = french.gettext(country.name)
        fr_short = re.split(r" \(|, ", fr)[0]
        spellings = [getattr(country, a, None) for a in ("name", "common_name", "official_name")]
        spellings += [t.gettext(country.name) for t in others]
        for spelling in filter(None, spellings):
            for variant in {spelling, re.split(r" \(|, |（", spelling)[0]}:
                key = fold(variant)
                if (len(key) > 3 or not key.isascii()) and len(key) > 1 and key != fold(fr_short):
                    names.setdefault(key, fr_short)
    alternatives = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    # Chinese has no spaces: names match anywhere; other scripts on word boundaries
    return re.compile(
        rf"(?:(?<!\w)|(?=[\u4e00-\u9fff]))(?:{alternatives})(?:(?!\w)|(?<=[\u4e00-\u9fff]))"
    ), names


@lru_cache(maxsize=1)
def _countries() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern matching country names in any of the six languages, French included, and
    each one's French name."""
    _, names = _names()
    every = {**names, **{fold(fr): fr for fr in set(names.values()) if len(fold(fr)) > 3}}
    if not every:
        return re.compile(r"(?!)"), {}
    alternatives = "|".join(re.escape(k) for k in sorted(every, key=len, reverse=True))
    return re.compile(
        rf"(?:(?<!\w)|(?=[\u4e00-\u9fff]))(?:{alternatives})(?:(?!\w)|(?<=[\u4e00-\u9fff]))"
    ), every


def countries(text: str) -> list[str]:
    """The French names of the countries a text names, in any of the six languages."""
    pattern, names = _countries()
    return list(dict.fromkeys(names[m.group(0)] for m in pattern.finditer(fold(text))))


# Procedural terms of UN meeting reports and their official French (UNTERM usage).
# Longest first where one contains another.
PROCEDURAL_TERMS = {
    "agenda items": "points de l’ordre du jour",
    # the Spanish of UN meeting reports: "tema del programa" (agenda item)
    "temas del programa": "points de l’ordre du jour",
    "tema del programa": "point de l’ordre du jour",
    "agenda item": "point de l’ordre du jour",
    "agenda": "ordre du jour",
    "other matters": "questions diverses",
    "organizational matters": "questions d’organisation",
    "opening of the meeting": "ouverture de la réunion",
    "adoption of the report": "adoption du rapport",
    "organization of work": "organisation des travaux",
    "summary of deliberations": "résumé des délibérations",
    "chair's summary": "résumé émanant du Président",
    "chairperson": "président",
    "chaired": "président",
    "chair": "président",
    "vice-chair": "vice-président",
    "rapporteur": "rapporteur",
    "secretariat": "secrétariat",
    "took the floor": "déclarations",
    "statements": "déclarations",
    "statement": "déclaration",
    "observers": "observateurs",
    "observer": "observateur",
    "states parties": "États parties",
    "signatories": "signataires",
    "signatory": "signataire",
    "non-signatory": "non-signataire",
    "delegations": "délégations",
    "working group": "groupe de travail",
    "conference of the parties": "Conférence des Parties",
    "meetings": "réunions",
    "meeting": "réunion",
    "sessions": "séances",
    "session": "séance",
    "recommendations": "recommandations",
    "recommendation": "recommandation",
    "smuggling of migrants": "trafic illicite de migrants",
    "protocol": "Protocole",
    "convention": "Convention",
    "resolution": "résolution",
    "list of participants": "liste des participants",
    "documents": "documents",
}

# The cross-cutting themes of UN reports, in the official French these reports use, for the
# English words the general dictionary (FreeDict, ~8,800 headwords) lacks: without them an
# English topic such as "gender" finds nothing in a report that says "genre" and "égalité des
# genres". Longest first where one contains another.
THEMATIC_TERMS = {
    "gender equality": "égalité des genres",
    "gender-sensitive": "tenant compte des questions de genre",
    "gender-responsive": "tenant compte des questions de genre",
    "gender": "genre",
    "human rights": "droits humains",
    "law enforcement": "détection et répression",
    "capacity-building": "renforcement des capacités",
    "stakeholders": "parties prenantes",
    "civil society": "société civile",
    "evidence-based": "fondées sur des données factuelles",
    # the Organized Crime Convention's own subjects (its three Protocols, money laundering):
    # the words a delegate uses for the crimes near the report's, in their UN French
    "trafficking in persons": "traite des personnes",
    "human trafficking": "traite des personnes",
    "trafficking": "trafic",
    "firearms": "armes à feu",
    "organized crime": "criminalité organisée",
    "organised crime": "criminalité organisée",
    "money laundering": "blanchiment d’argent",
}


# The UN system's bodies and the bodies UN crime reports name, by their English names and
# acronyms and by their French acronyms (a French report spells most of them out), with the
# official French (UNTERM): the name, then the French acronym. A text speaks of a body when it
# holds every word of one of the alternatives ("UNHCR" is "Haut-Commissariat ... réfugiés" or
# "HCR"). The ranking's keyword side reads all the alternatives (``french_terms``), the topic
# check each one (``entity_french``). Acronyms that are also words (WHO, UN, EU: "qui", "un",
# "eu") are left out.
_UNODC = ("Office des Nations Unies contre la drogue et le crime", "ONUDC")
_UNHCR = ("Haut-Commissariat des Nations Unies pour les réfugiés", "HCR")
_OHCHR = ("Haut-Commissariat des Nations Unies aux droits de l’homme", "HCDH")
_IOM = ("Organisation internationale pour les migrations", "OIM")
_WHO = ("Organisation mondiale de la Santé", "OMS")
_ILO = ("Organisation internationale du Travail", "OIT")
_UNDP = ("Programme des Nations Unies pour le développement", "PNUD")
_FATF = ("Groupe d’action financière", "GAFI")
_INTERPOL = ("Organisation internationale de police criminelle", "INTERPOL")
_UNICRI = ("Institut interrégional de recherche des Nations Unies sur la criminalité et la justice", "UNICRI")
_SELEC = ("Centre de coopération en matière de détection et de répression pour l’Europe du Sud-Est", "SELEC")
UN_BODIES: dict[str, tuple[str, ...]] = {
    "united nations office on drugs and crime": _UNODC,
    "unodc": _UNODC,
    "onudc": _UNODC,
    "office of the united nations high commissioner for refugees": _UNHCR,
    "united nations high commissioner for refugees": _UNHCR,
    "unhcr": _UNHCR,
    "hcr": _UNHCR,
    "office of the united nations high commissioner for human rights": _OHCHR,
    "ohchr": _OHCHR,
    "hcdh": _OHCHR,
    "international organization for migration": _IOM,
    "iom": _IOM,
    "oim": _IOM,
    "world health organization": _WHO,
    "oms": _WHO,
    "international labour organization": _ILO,
    "ilo": _ILO,
    "oit": _ILO,
    "united nations development programme": _UNDP,
    "undp": _UNDP,
    "pnud": _UNDP,
    "unicef": ("Fonds des Nations Unies pour l’enfance", "UNICEF"),
    "unep": ("Programme des Nations Unies pour l’environnement", "PNUE"),
    "unfpa": ("Fonds des Nations Unies pour la population", "FNUAP"),
    "wfp": ("Programme alimentaire mondial", "PAM"),
    "fao": ("Organisation des Nations Unies pour l’alimentation et l’agriculture", "FAO"),
    "unesco": ("Organisation des Nations Unies pour l’éducation, la science et la culture", "UNESCO"),
    "imf": ("Fonds monétaire international", "FMI"),
    "wto": ("Organisation mondiale du commerce", "OMC"),
    "icc": ("Cour pénale internationale", "CPI"),
    "icj": ("Cour internationale de Justice", "CIJ"),
    "icrc": ("Comité international de la Croix-Rouge", "CICR"),
    "ecosoc": ("Conseil économique et social", "ECOSOC"),
    "unga": ("Assemblée générale",),
    "unov": ("Office des Nations Unies à Vienne", "ONUV"),
    "unicri": _UNICRI,
    "heuni": ("Institut européen pour la prévention du crime et la lutte contre la délinquance", "HEUNI"),
    "international criminal police organization": _INTERPOL,
    "interpol": _INTERPOL,
    "europol": ("Agence de l’Union européenne pour la coopération des services répressifs", "Europol"),
    "eurojust": ("Agence de l’Union européenne pour la coopération judiciaire en matière pénale", "Eurojust"),
    "frontex": ("Agence européenne de garde-frontières et de garde-côtes", "Frontex"),
    "european union": ("Union européenne",),
    "osce": ("Organisation pour la sécurité et la coopération en Europe", "OSCE"),
    "selec": _SELEC,
    "fatf": _FATF,
    "gafi": _FATF,
    "untoc": ("Convention des Nations Unies contre la criminalité transnationale organisée",),
    "irm": ("Mécanisme d’examen de l’application",),
    "holy see": ("Saint-Siège",),
    "santa sede": ("Saint-Siège",),
    "vatican": ("Saint-Siège",),
    "vaticano": ("Saint-Siège",),
}


# UN meeting words that English questions use and French reports spell otherwise (UNTERM
# usage: moderator / animé, agenda item / point, focal point / point de contact), and a few
# common words FreeDict's English-French lacks (held, underway, link): English words that are
# no cognate of their French, with the French alternatives, read like the bodies' by the topic
# check only (``entity_french``), not by the ranking. Word-for-word translations only: a
# phrase's sense ("taken up" / examiné, "Holy See") belongs in the phrases above.
# The report's word for a moderator: "animés par".
_ANIME = ("animé", "animée", "animés", "animées")
MEETING_WORDS: dict[str, tuple[str, ...]] = {
    "moderated": _ANIME,
    "moderator": _ANIME,
    "moderators": _ANIME,
    "panellists": ("intervenants", "intervenantes"),
    "panelists": ("intervenants", "intervenantes"),
    "panellist": ("intervenant", "intervenante"),
    "panelist": ("intervenant", "intervenante"),
    # Spanish: "¿Quién moderó el tema 3?" (the report: "animés par")
    "modero": _ANIME,
    "moderaron": _ANIME,
    "moderador": _ANIME,
    "moderadora": _ANIME,
    "moderadores": _ANIME,
    "panelista": ("intervenant", "intervenante"),
    "panelistas": ("intervenants", "intervenantes"),
    "ponente": ("intervenant", "intervenante"),
    "ponentes": ("intervenants", "intervenantes"),
    "moderateur": ("animé",),
    "moderateurs": ("animé",),
    "moderatrice": ("animé",),
    "panel": ("débat",),
    "item": ("point",),
    "items": ("points",),
    "focal": ("points de contact", "point de contact"),
    "symbol": ("cote",),
    "floor": ("parole", "déclarations"),
    "delegates": ("délégations", "délégués"),
    "held": ("tenu", "tenue"),
    "hold": ("tenu", "tenue"),
    "review": ("examen",),
    "reviews": ("examens",),
    "underway": ("en cours",),
    "compact": ("pacte",),
    "attend": ("participé", "représenté"),
    "attended": ("participé", "représenté"),
    "root": ("causes profondes",),
    "link": ("lien",),
    "fees": ("frais",),
    "wiretapping": ("écoutes téléphoniques", "écoute téléphonique"),
}


# The UN's duty stations, where UN meetings are held, as a question in one of the six languages
# names them (Russian in its cases: "в Вене", "in Vienna"), with their French.
_CITIES: dict[str, tuple[str, ...]] = {
    "Vienne": ("vienna", "viena", "вена", "вене", "вену", "веной", "فيينا", "维也纳"),
    "Genève": ("geneva", "ginebra", "женева", "женеве", "женеву", "женевой", "جنيف", "日内瓦"),
    "Nairobi": ("найроби", "نيروبي", "内罗毕"),
    "New York": ("нью-йорк", "нью-йорке", "نيويورك", "纽约"),
}
UN_CITIES: dict[str, tuple[str, ...]] = {
    fold(name): (french,) for french, names in _CITIES.items() for name in names
}


# The same for questions in Russian, Arabic and Chinese, where the gate encoder finds no report
# word for them ("主持" / nothing, "председательствовал" / "dev", "议程" / "processus"): a Russian
# word starting with a key (its inflections: "председателем", "повестке"), an Arabic word that
# is one (after the article "ال"), a Chinese term holding one. Word-for-word translations only.
OTHER_SCRIPT_MEETING_WORDS: dict[str, tuple[str, ...]] = {
    "председател": ("président",),  # chair: председатель, председательствовал
    "повестк": ("ordre du jour",),  # agenda: повестка дня
    "модератор": _ANIME,  # not "модернизация"
    "модерир": _ANIME,  # модерировал
    "ادار": _ANIME,  # أدار: moderated
    "ترأس": ("président",),  # chaired
    "ترأست": ("président",),
    "رئيس": ("président",),  # chair
    "主持": ("président",),  # chaired
    "主席": ("président",),  # chair
    "议程": ("ordre du jour",),  # agenda
}


@lru_cache(maxsize=1)
def _other_script_words() -> dict[str, tuple[str, ...]]:
    return {fold(k): v for k, v in OTHER_SCRIPT_MEETING_WORDS.items()}


def other_script_french(word: str) -> tuple[str, ...]:
    """The French for a UN meeting word of a Russian, Arabic or Chinese question
    (``OTHER_SCRIPT_MEETING_WORDS``); () if none."""
    folded = fold(word)
    bare = folded[2:] if folded.startswith("ال") else folded
    for key, french in _other_script_words().items():
        if "\u0400" <= key[0] <= "\u04ff":
            if folded.startswith(key):
                return french
        elif "\u0600" <= key[0] <= "\u06ff":
            if bare == key:
                return french
        elif key in folded:
            return french
    return ()


@lru_cache(maxsize=2)
def _terms(bodies: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    glossary = {**PROCEDURAL_TERMS, **THEMATIC_TERMS}
    if bodies:
        glossary |= {k: " ".join(v) for k, v in UN_BODIES.items()}
    terms = {fold(k): v for k, v in glossary.items()}
    alternatives = "|".join(re.escape(k) for k in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), terms


# A number inside a term: "agenda item 3", "el tema 3 del programa" name "tema del programa".
_NUMBER_INSIDE = re.compile(r"(?<=\w)\s+\d+(?=\s+\w)")


def _folded_terms_text(text: str) -> str:
    return _NUMBER_INSIDE.sub("", fold(text))


def french_terms(text: str, bodies: bool = True) -> list[str]:
    """The French for the countries, procedural and thematic terms and UN bodies a text names
    in English. ``bodies=False`` leaves the bodies out: a body's French is a set of
    alternatives (``entity_french``), each needed whole, where the keyword side takes them all."""
    folded = _folded_terms_text(text)
    found = []
    for pattern, names in (_names(), _terms(bodies)):
        found += [names[m.group(0)] for m in pattern.finditer(folded)]
    return list(dict.fromkeys(found))


def french_phrases(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The countries, procedural and thematic terms and UN bodies of several words a text names
    ("Santa Sede", "Saudi Arabia", "other matters"), each as its folded words and the French
    alternatives for it (each needed whole): the topic check reads one word at a time, and
    "sede" alone has no French."""
    folded = _folded_terms_text(text)
    found = []
    for pattern, names in (_names(), _terms(True)):
        for m in pattern.finditer(folded):
            key = m.group(0)
            if " " in key:
                found.append((tuple(key.split()), UN_BODIES.get(key) or (names[key],)))
    return found


@lru_cache(maxsize=1)
def _heads() -> dict[str, str]:
    """The head word of each "X of Y" procedural term, with its French head (the French
    term reads "X' de Y'"): "smuggling of migrants" / "trafic illicite de migrants" gives
    "smuggling" / "trafic"."""
    heads: dict[str, str] = {}
    for english, french in PROCEDURAL_TERMS.items():
        parts = fold(english).split()
        if len(parts) > 2 and parts[1] == "of" and len(parts[0]) > 3:
            heads.setdefault(parts[0], french.split()[0])
    return heads


def head_french(word: str) -> str | None:
    """The French head of the procedural term whose head a single English word is, or a
    form of it ("smuggling", "smuggled" -> "trafic"): such a word alone is the term."""
    folded = fold(word)
    if len(folded) < 5:
        return None
    for head, french in _heads().items():
        shared = next((i for i, (x, y) in enumerate(zip(head, folded, strict=False)) if x != y), 0)
        if head == folded or (shared >= 6 and shared >= 0.75 * min(len(head), len(folded))):
            return french
    return None


def with_french_terms(question: str) -> str:
    """The question, followed by the French for the countries and procedural terms it
    names in English.

    "Was Japan represented?" -> "Was Japan represented? Japon";
    "When was agenda item 4 taken up?" -> "... point de l’ordre du jour". A question with
    no such words (or in French) comes back unchanged.
    """
    folded = fold(question)
    extra = [f for f in french_terms(question) if fold(f) not in folded]
    return f"{question} {' '.join(extra)}" if extra else question


# The first word of an organisation's French name: "Office des Nations Unies contre la drogue et
# le crime" names a body, it does not speak of drugs; a convention or a mechanism is no body.
_BODY_HEADS = frozenset(
    "office bureau organisation haut-commissariat programme fonds institut centre agence comite cour"
    " conseil".split()
)


@lru_cache(maxsize=1)
def _body_names() -> re.Pattern[str]:
    names = {v[0] for v in UN_BODIES.values() if len(v[0].split()) >= 3}
    names = {n for n in names if fold(n.split()[0]) in _BODY_HEADS}
    # a name may break over lines, and its apostrophe be straight or curly
    spaced = (r"\s+".join(re.escape(w).replace("’", "['’]") for w in n.split()) for n in names)
    alternatives = sorted(spaced, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def without_body_names(text: str) -> str:
    """The text with the organisations' French names it spells blanked out: the words of a
    body's name ("la drogue", "la Santé", "du Travail") are no topic the text speaks of.

    >>> without_body_names("l’Office des Nations Unies contre la drogue et le crime (ONUDC)")
    'l’ (ONUDC)'
    """
    return _body_names().sub("", text)


def entity_french(word: str) -> tuple[str, ...]:
    """The French alternatives for a UN body's acronym, a UN meeting word that is no cognate
    of its French or a UN duty station ("unhcr", "moderated", "Вене"; ``UN_BODIES``,
    ``MEETING_WORDS``, ``UN_CITIES``), for one word; () if none."""
    folded = fold(word)
    return UN_BODIES.get(folded) or MEETING_WORDS.get(folded) or UN_CITIES.get(folded, ())

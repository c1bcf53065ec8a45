"""French for the words a question shares with every UN meeting report: country names in
English, Spanish, Russian, Arabic or Chinese (pycountry's ISO 3166 data) and the
procedural terms of the UN's official French."""

from __future__ import annotations

import re
from functools import lru_cache

from .keyword import fold


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

# Bodies a UN report names, by their English names and acronyms (and the French acronyms a
# report spells out), with the official French name (UNTERM). Acronyms that are also words
# (WHO, UN, EU: "qui", "un", "eu") are left out.
_UNHCR = "Haut-Commissariat des Nations Unies pour les réfugiés"
_OHCHR = "Haut-Commissariat des Nations Unies aux droits de l’homme"
BODIES = {
    "united nations office on drugs and crime": "Office des Nations Unies contre la drogue et le crime",
    "unodc": "ONUDC Office des Nations Unies contre la drogue et le crime",
    "onudc": "Office des Nations Unies contre la drogue et le crime",
    "office of the united nations high commissioner for refugees": _UNHCR,
    "united nations high commissioner for refugees": _UNHCR,
    "unhcr": _UNHCR,
    "hcr": _UNHCR,
    "international organization for migration": "Organisation internationale pour les migrations",
    "iom": "Organisation internationale pour les migrations",
    "oim": "Organisation internationale pour les migrations",
    "office of the united nations high commissioner for human rights": _OHCHR,
    "ohchr": _OHCHR,
    "hcdh": _OHCHR,
    "world health organization": "Organisation mondiale de la Santé",
    "oms": "Organisation mondiale de la Santé",
    "international labour organization": "Organisation internationale du Travail",
    "ilo": "Organisation internationale du Travail",
    "oit": "Organisation internationale du Travail",
    "united nations development programme": "Programme des Nations Unies pour le développement",
    "undp": "Programme des Nations Unies pour le développement",
    "pnud": "Programme des Nations Unies pour le développement",
    "european union": "Union européenne",
    "international criminal police organization": "Organisation internationale de police criminelle INTERPOL",
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
}


# The UN system's bodies and UN meeting words that English questions use and French reports
# spell otherwise: English and French acronyms, and English words that are no cognate of their
# French (UNTERM usage). Each value lists the French alternatives; a text speaks of the key when
# it holds every word of one of them ("UNHCR" is "Haut-Commissariat ... réfugiés" or "HCR").
# Read by the topic check only (``entity_french``), not by the ranking's keyword side.
UN_SYSTEM_TERMS: dict[str, tuple[str, ...]] = {
    "unhcr": ("Haut-Commissariat des Nations Unies pour les réfugiés", "HCR"),
    "hcr": ("Haut-Commissariat des Nations Unies pour les réfugiés", "HCR"),
    "ohchr": ("Haut-Commissariat des Nations Unies aux droits de l’homme", "HCDH"),
    "hcdh": ("Haut-Commissariat des Nations Unies aux droits de l’homme", "HCDH"),
    "unodc": ("Office des Nations Unies contre la drogue et le crime", "ONUDC"),
    "onudc": ("Office des Nations Unies contre la drogue et le crime", "ONUDC"),
    "iom": ("Organisation internationale pour les migrations", "OIM"),
    "oim": ("Organisation internationale pour les migrations", "OIM"),
    "unicef": ("Fonds des Nations Unies pour l’enfance", "UNICEF"),
    "undp": ("Programme des Nations Unies pour le développement", "PNUD"),
    "pnud": ("Programme des Nations Unies pour le développement", "PNUD"),
    "unep": ("Programme des Nations Unies pour l’environnement", "PNUE"),
    "unfpa": ("Fonds des Nations Unies pour la population", "FNUAP"),
    "wfp": ("Programme alimentaire mondial", "PAM"),
    "oms": ("Organisation mondiale de la Santé", "OMS"),
    "ilo": ("Organisation internationale du Travail", "OIT"),
    "oit": ("Organisation internationale du Travail", "OIT"),
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
    "unicri": (
        "Institut interrégional de recherche des Nations Unies sur la criminalité et la justice",
        "UNICRI",
    ),
    "heuni": ("Institut européen pour la prévention du crime et la lutte contre la délinquance", "HEUNI"),
    "interpol": ("Organisation internationale de police criminelle", "INTERPOL"),
    "europol": ("Agence de l’Union européenne pour la coopération des services répressifs", "Europol"),
    "eurojust": ("Agence de l’Union européenne pour la coopération judiciaire en matière pénale", "Eurojust"),
    "frontex": ("Agence européenne de garde-frontières et de garde-côtes", "Frontex"),
    "osce": ("Organisation pour la sécurité et la coopération en Europe", "OSCE"),
    "selec": (
        "Centre de coopération en matière de détection et de répression pour l’Europe du Sud-Est",
        "SELEC",
    ),
    "fatf": ("Groupe d’action financière", "GAFI"),
    "gafi": ("Groupe d’action financière", "GAFI"),
    "untoc": ("Convention des Nations Unies contre la criminalité transnationale organisée",),
    "cop": ("Conférence des Parties",),
    "irm": ("Mécanisme d’examen de l’application",),
    "holy": ("Saint-Siège",),
    "sede": ("Saint-Siège",),  # Spanish: la Santa Sede
    "moderated": ("animé", "animée", "animés", "animées"),
    "moderator": ("animé", "animée", "animés", "animées"),
    "moderators": ("animé", "animée", "animés", "animées"),
    "panellists": ("intervenants", "intervenantes"),
    "panelists": ("intervenants", "intervenantes"),
    "panellist": ("intervenant", "intervenante"),
    "panelist": ("intervenant", "intervenante"),
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
    "wiretapping": ("écoutes téléphoniques",),
    "wiretaps": ("écoutes téléphoniques",),
    "gender": ("genre", "sexe", "genres"),
    "held": ("tenu", "tenue"),
    "taken": ("examiné",),
    "took": ("examiné",),
    "hold": ("tenu", "tenue"),
    "review": ("examen",),
    "reviews": ("examens",),
    "underway": ("en cours",),
    "compact": ("pacte",),
    "attend": ("participé", "représenté"),
    "attended": ("participé", "représenté"),
    "root": ("causes profondes",),
    "link": ("lien",),
    "format": ("modalités",),
}


@lru_cache(maxsize=1)
def _terms() -> tuple[re.Pattern[str], dict[str, str]]:
    terms = {fold(k): v for k, v in {**PROCEDURAL_TERMS, **BODIES, **THEMATIC_TERMS}.items()}
    alternatives = "|".join(re.escape(k) for k in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), terms


def french_terms(text: str) -> list[str]:
    """The French for the countries, procedural and thematic terms a text names in English."""
    folded = fold(text)
    found = []
    for pattern, names in (_names(), _terms()):
        found += [names[m.group(0)] for m in pattern.finditer(folded)]
    return list(dict.fromkeys(found))


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


def entity_french(word: str) -> tuple[str, ...]:
    """The French alternatives for a UN body's acronym or a UN meeting word that is no cognate
    of its French ("unhcr", "moderated"; ``UN_SYSTEM_TERMS``), for one folded word; () if none."""
    return UN_SYSTEM_TERMS.get(fold(word), ())

"""Parse a report's extracted text into numbered units (paragraphs and recommendations)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportFormatError

PARSER_VERSION = "1"
#: Between the document id and the ref in a qualified citation: "wg-som-2021/18".
CITATION_SEPARATOR = "/"

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_SECTION = re.compile(r"^(?P<num>(?:X|IX|IV|V?I{0,3}))\.\s+(?P<title>\S.*)$")
_SUBSECTION = re.compile(r"^(?P<num>[A-Z])\.\s+(?P<title>\S.*)$")
_PARAGRAPH = re.compile(r"^(?P<num>\d{1,3})\.\s+(?P<text>\S.*)$")
_RECOMMENDATION = re.compile(r"^Recommandation\s+(?P<num>\d{1,3})\s*$")
_FOOTNOTE = re.compile(r"^(?P<num>\d{1,2})\s+(?:www\.|https?://)\S*")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
_RULE = re.compile(r"^_{5,}$")


@dataclass(frozen=True)
class Unit:
    """One citable unit of a report: a numbered paragraph or a recommendation.

    Attributes:
        doc_id: Identifier of the report the unit comes from.
        ref: The citation: "18" for paragraph 18, "R7" for recommendation 7.
        section: Section path, e.g. "III. Résumé des délibérations > B. Comment ...".
        text: The report's own words, cleaned of extraction debris.
    """

    doc_id: str
    ref: str
    section: str
    text: str

    @property
    def key(self) -> tuple[str, str]:
        """``(doc_id, ref)``: the unit's identity across the reports of a library."""
        return (self.doc_id, self.ref)

    def citation(self, qualified: bool = False) -> str:
        """The citation: "18", "R7"; with ``qualified`` (several reports) "DOCID/18", "DOCID/R7"."""
        return f"{self.doc_id}{CITATION_SEPARATOR}{self.ref}" if qualified else self.ref

    @property
    def kind(self) -> str:
        """ "recommendation" or "paragraph"."""
        return "recommendation" if self.ref.startswith("R") else "paragraph"

    @property
    def label(self) -> str:
        """Human label in the report's language, e.g. "Paragraphe 18", "Recommandation 7"."""
        if self.kind == "recommendation":
            return f"Recommandation {self.ref[1:]}"
        return f"Paragraphe {self.ref}"

    def name(self, lang: str = "fr") -> str:
        """The citation as it reads in running text: "paragraph 16", "recommandation 7".

        Args:
            lang: "fr" for French, anything else for English.
        """
        if self.kind == "recommendation":
            word = "recommandation" if lang == "fr" else "recommendation"
            return f"{word} {self.ref[1:]}"
        return f"{'paragraphe' if lang == 'fr' else 'paragraph'} {self.ref}"


_MONTH_NAMES = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
    "|decembre|January|February|March|April|May|June|July|August|September|October|November|December"
)
_DATES = rf"\d{{1,2}}(?:er)?\b[^;]{{0,40}}?\b(?:{_MONTH_NAMES})\s+\d{{4}}"
# "... du Groupe de travail sur X tenue à Vienne les 14 et 15 octobre 2021"
# "... of the Working Group on X held in Vienna on 14 and 15 October 2021"
_MEETING = re.compile(
    r"^(?:Rapport|Report)\s+(?:de la|on the|of the)\s+(?P<meeting>(?:réunion|meeting|session)\b.*?)"
    r"\s+(?:tenue?s?\s+à|held\s+(?:in|at))\s+(?P<place>(?-i:[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*)*))"
    r"(?:,?\s+(?:les?|du|on|from)\s+(?P<dates>" + _DATES + r"))?",
    re.IGNORECASE,
)
_BODY = re.compile(
    r"\b(?:du|de la|des|of the)\s+(?P<body>(?:Groupe|Comité|Conférence|Commission|Working|Committee|"
    r"Conference|Commission|Expert|Group)\b.*)$",
    re.IGNORECASE,
)
_SYMBOL = re.compile(r"\b[A-Z]{2,}(?:/[A-Z0-9.]+){2,}\b")
_FRENCH_WORDS = {"le", "la", "les", "de", "du", "des", "et", "sur", "tenue", "rapport", "réunion"}
_ENGLISH_WORDS = {"the", "of", "and", "on", "held", "report", "meeting", "in"}


@dataclass(frozen=True)
class ReportMeta:
    """What a report says about itself, read from its title lines (nothing typed in).

    Attributes:
        title: The title as printed.
        meeting: "réunion du Groupe de travail sur ..." (empty when not found).
        body: The body that met: "Groupe de travail sur le trafic illicite de migrants".
        place: "Vienne".
        dates: "14 et 15 octobre 2021", as written.
        language: "fr" or "en", from the title's words.
        symbol: The document symbol ("CTOC/COP/WG.7/2021/4") when the text carries one.
    """

    title: str
    meeting: str = ""
    body: str = ""
    place: str = ""
    dates: str = ""
    language: str = "fr"
    symbol: str = ""


def parse_meta(title: str, head: str = "") -> ReportMeta:
    """Read a report's metadata from its title (and, for the symbol, the text before the first section).

    Patterns cover the French and English title formulas of UN meeting reports
    ("Rapport de la réunion ... tenue à PLACE les DATES", "Report on the meeting ... held in PLACE on DATES");
    what does not match stays empty.
    """
    title = " ".join(title.split())
    words = [w.lower() for w in _WORD.findall(title)]
    french = sum(w in _FRENCH_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    meeting = place = dates = body = ""
    if m := _MEETING.search(title):
        meeting, place, dates = m["meeting"], m["place"], (m["dates"] or "").strip()
        if b := _BODY.search(meeting):
            body = b["body"]
    symbol = _SYMBOL.search(f"{head} {title}")
    return ReportMeta(
        title=title,
        meeting=meeting,
        body=body,
        place=place,
        dates=dates,
        language="en" if english > french else "fr",
        symbol=symbol[0] if symbol else "",
    )


@dataclass(frozen=True)
class Report:
    """A parsed report: its id, title, content hash, units in reading order and metadata."""

    doc_id: str
    title: str
    sha256: str
    units: tuple[Unit, ...]
    meta: ReportMeta | None = None

    @property
    def metadata(self) -> ReportMeta:
        """The report's metadata (parsed from the title when not given)."""
        return self.meta or parse_meta(self.title)

    @property
    def sections(self) -> list[str]:
        """The section paths of the report, in reading order, each once."""
        return list(dict.fromkeys(u.section for u in self.units))

    def unit(self, ref: str) -> Unit:
        """Return the unit cited as ``ref`` ("18", "R7").

        Raises:
            KeyError: no such unit in this report.
        """
        for unit in self.units:
            if unit.ref == ref:
                return unit
        raise KeyError(ref)

    def context(self, ref: str) -> tuple[Unit | None, Unit, Unit | None]:
        """The unit cited as ``ref`` with the one before and the one after it (None at the ends).

        Raises:
            KeyError: no such unit in this report.
        """
        refs = self.refs
        i = refs.index(ref) if ref in refs else -1
        if i < 0:
            raise KeyError(ref)
        before = self.units[i - 1] if i > 0 else None
        after = self.units[i + 1] if i + 1 < len(self.units) else None
        return before, self.units[i], after

    @property
    def refs(self) -> list[str]:
        """Every citation of the report, in reading order."""
        return [u.ref for u in self.units]


def load_report(path: Path, doc_id: str | None = None) -> Report:
    """Read and parse a report file.

    Args:
        path: The extracted text of the report (UTF-8).
        doc_id: Identifier for citations across reports; defaults to the file stem.

    Raises:
        ReportFormatError: the file is missing, unreadable or not structured as expected.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportFormatError(f"Cannot read report {path}: {exc}") from exc
    try:
        return parse_report(raw, doc_id or path.stem)
    except ReportFormatError as exc:
        raise ReportFormatError(f"{path}: {exc}") from None


def parse_report(raw: str, doc_id: str) -> Report:
    """Parse the extracted text of a report into paragraphs and recommendations.

    Paragraph numbers must run 1, 2, 3, ... without gaps; a numbered line whose
    number is lower than expected (such as an agenda item inside a paragraph)
    belongs to the current paragraph.

    Raises:
        ReportFormatError: no units found, or a gap in the numbering.
    """
    lines, footnotes = _clean_lines(raw)
    vocabulary = _vocabulary(lines)
    title_lines: list[str] = []
    section: list[str] = []  # [section title, subsection title]
    units: list[tuple[str, str, list[str]]] = []
    heading: list[str] | None = None  # lines of a sub-section title still being read
    expected = {"paragraph": 1, "recommendation": 1}

    def close_heading() -> None:
        nonlocal heading
        if heading is not None:
            section[1:] = [" ".join(heading)]
            heading = None

    for line in lines:
        if (m := _SECTION.match(line)) and m["num"] in _ROMAN:
            close_heading()
            section[:] = [f"{m['num']}. {m['title']}"]
            continue
        if section and (m := _SUBSECTION.match(line)) and not _SECTION.match(line):
            close_heading()
            heading = [f"{m['num']}. {m['title']}"]
            continue
        if m := _RECOMMENDATION.match(line):
            close_heading()
            number = _check_number(int(m["num"]), expected, "recommendation", units)
            units.append((f"R{number}", _section_path(section), []))
            continue
        if (m := _PARAGRAPH.match(line)) and int(m["num"]) >= expected["paragraph"]:
            close_heading()
            number = _check_number(int(m["num"]), expected, "paragraph", units)
            units.append((str(number), _section_path(section), [m["text"]]))
            continue
        if heading is not None:
            heading.append(line)
        elif units:
            units[-1][2].append(line)
        elif not section:
            title_lines.append(line)

    if expected["paragraph"] == 1:
        raise ReportFormatError("No numbered paragraphs found: is this the text of a report?")
    built = tuple(
        Unit(doc_id, ref, sect, _clean_text(body, vocabulary, footnotes)) for ref, sect, body in units
    )
    for unit in built:
        if not unit.text:
            raise ReportFormatError(f"{_label(unit.ref)} has no text.")
    title = _clean_text(title_lines, vocabulary, footnotes)
    return Report(
        doc_id=doc_id,
        title=title,
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        units=built,
        meta=parse_meta(title, " ".join(title_lines)),
    )


def _label(ref: str) -> str:
    return f"Recommendation {ref[1:]}" if ref.startswith("R") else f"Paragraph {ref}"


def _check_number(
    number: int, expected: dict[str, int], kind: str, units: list[tuple[str, str, list[str]]]
) -> int:
    want = expected[kind]
    if number != want:
        after = f"after {kind} {want - 1}" if want > 1 else "at the start"
        raise ReportFormatError(
            f"Numbering gap: found {kind} {number} {after}; {kind} {want} is missing. "
            "The parser relies on consecutive numbering: check the report text."
        )
    expected[kind] = want + 1
    return number


def _section_path(section: list[str]) -> str:
    return " > ".join(section)


def _clean_lines(raw: str) -> tuple[list[str], set[str]]:
    """Strip lines, drop blank, rule, URL and footnote lines; return the footnote numbers."""
    text = unicodedata.normalize("NFC", raw).replace("\u00a0", " ").replace("\u202f", " ")
    lines: list[str] = []
    footnotes: set[str] = set()
    pending_footnote = False
    for raw_line in text.splitlines():
        line = " ".join(raw_line.split())
        if not line or _RULE.match(line) or _URL_LINE.match(line):
            continue
        if m := _FOOTNOTE.match(line):
            footnotes.add(m["num"])
            pending_footnote = not line.endswith(".")
            continue
        if pending_footnote:  # the footnote's URL wrapped onto this line
            pending_footnote = False
            if re.fullmatch(r"[\w./-]+\.html?\.?|[\w./-]+", line) and " " not in line:
                continue
        lines.append(line)
    return lines, footnotes


_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*", re.UNICODE)


def _vocabulary(lines: Iterable[str]) -> Counter[str]:
    words: Counter[str] = Counter()
    for line in lines:
        words.update(w.lower() for w in _WORD.findall(line))
    return words


# a letters-only word followed by a space and another letters-only word (not consumed)
_SPLIT_PAIR = re.compile(r"(?<![\w’'-])([^\W\d_]{2,}) (?=([^\W\d_]{2,})(?![\w’'-]))")


def _clean_text(lines: list[str], vocabulary: Counter[str], footnotes: set[str]) -> str:
    """Join a unit's lines and repair the extraction debris that can be repaired safely."""
    text = " ".join(lines)
    text = re.sub(r"(\w)-\s+(?=[a-zà-ÿ])", r"\1-", text)  # "sous- régionales" keeps its hyphen
    text = re.sub(r"\s+’", "’", text)  # "l ’ampleur" -> "l’ampleur"
    text = re.sub(r"\bM me\b", "Mme", text)
    text = re.sub(r"\s+([,.)])", r"\1", text)  # "Italie ," -> "Italie,"
    for number in footnotes:  # footnote call "réunion 1." -> "réunion."
        text = re.sub(rf"(?<=[^\W\d_]) {number}(?=[.,;])", "", text)

    def join_split_word(m: re.Match[str]) -> str:
        # "grou pes" -> "groupes": only when the joined word occurs elsewhere in the
        # report and neither fragment is a word of the report on its own.
        left, right = m[1].lower(), m[2].lower()
        if vocabulary[left + right] and vocabulary[left] <= 1 and vocabulary[right] <= 1:
            return m[1]
        return m[0]

    text = _SPLIT_PAIR.sub(join_split_word, text)
    return " ".join(text.split())

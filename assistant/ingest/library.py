"""The library of reports: the sources folder, one extracted text per report, added and removed."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..errors import ReportFormatError, UserInputError
from .pdf import pdf_text
from .report import Report, load_report, parse_report

#: A UN document symbol, e.g. CTOC/COP/WG.7/2021/3 or A/RES/75/1.
_SYMBOL = re.compile(r"\b([A-Z]{1,8}(?:/[A-Z0-9][A-Z0-9.]*){2,})\b")
_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def document_symbol(text: str) -> str | None:
    """The UN document symbol printed near the top of a report, when there is one."""
    match = _SYMBOL.search(text[:3000])
    return match.group(1) if match else None


def read_source(path: Path) -> str:
    """The text of a report file: a PDF's extracted text, or a .txt as it is.

    Raises:
        UserInputError: the file is missing or neither .pdf nor .txt.
        ReportFormatError: the file cannot be read.
    """
    if not path.is_file():
        raise UserInputError(f"No such file: {path}")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_text(path)
    if suffix == ".txt":
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserInputError(f"Cannot read {path} as UTF-8 text: {exc}") from None
    raise UserInputError(f"{path}: a report is added from its .pdf or its extracted .txt.")


def add_report(sources_dir: Path, path: Path, doc_id: str | None = None) -> Report:
    """Parse a report and store its text in the sources folder; nothing is written if it fails.

    The document id is ``doc_id`` when given, else the UN symbol in the text (``/`` -> ``-``),
    else the file's stem.

    Raises:
        UserInputError: bad file, bad id, the report is already in the library (under any id),
            or a different report already has this id.
        ReportFormatError: no numbered paragraphs, or a gap in the numbering.
    """
    text = read_source(path)
    symbol = document_symbol(text)
    doc_id = doc_id or (symbol.replace("/", "-") if symbol else path.stem)
    if not _DOC_ID.match(doc_id):
        raise UserInputError(
            f"{doc_id!r} cannot be a document id: use letters, digits, '.', '_' or '-' (--id)."
        )
    try:
        report = parse_report(text, doc_id)  # raises before anything is written
    except ReportFormatError as exc:
        raise ReportFormatError(f"{path}: {exc}") from None
    target = sources_dir / f"{doc_id}.txt"
    # the stored text is compared as read back (a PDF's "\r" comes back as a newline)
    stored = _normalised(text)
    for other in sorted(sources_dir.glob("*.txt")):
        if _normalised(other.read_text(encoding="utf-8")) == stored:
            raise UserInputError(f"This report is already in the library as {other.stem!r}.")
    if target.exists():
        raise UserInputError(
            f"A different report is already stored as {doc_id!r}: `assistant remove {doc_id}` first, "
            "or choose another --id."
        )
    sources_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=sources_dir, prefix=f".{doc_id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return report


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def remove_report(sources_dir: Path, doc_id: str) -> Path:
    """Take a report out of the library (its text file); the index drops it at its next build.

    Raises:
        UserInputError: no report has this id.
    """
    target = sources_dir / f"{doc_id}.txt"
    if not _DOC_ID.match(doc_id) or not target.is_file():
        known = ", ".join(sorted(p.stem for p in sources_dir.glob("*.txt"))) or "none"
        raise UserInputError(f"No report {doc_id!r} in {sources_dir} (reports: {known}).")
    target.unlink()
    return target


def list_reports(sources_dir: Path) -> list[Report]:
    """Every report of the sources folder, parsed, by document id."""
    return [load_report(p) for p in sorted(sources_dir.glob("*.txt"))]

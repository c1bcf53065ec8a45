"""A report's text from its PDF (pypdf), as lines the report parser reads."""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import ReportFormatError


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF, in reading order, pages separated by a blank line.

    Raises:
        ReportFormatError: the file cannot be read as a PDF, or holds no text (a scan).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs a warning per repair attempt on a damaged file: the one-line error says it all
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (OSError, PdfReadError, ValueError) as exc:
        raise ReportFormatError(f"Cannot read {path} as a PDF: {exc}") from None
    finally:
        logger.setLevel(level)
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReportFormatError(
            f"{path} has no text layer (a scanned PDF?): extract its text with OCR and add the .txt."
        )
    return text

"""Question answering with citations over official UN meeting reports."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .answer.answers import Answer, Passage
    from .answer.briefing import BriefEntry, Briefing, BriefSection, LibraryBriefing
    from .answer.service import AbstainPolicy, Assistant, create_assistant
    from .config import Settings
    from .errors import AssistantError, ConfigError, ReportFormatError, UserInputError
    from .ingest.chunking import Chunk
    from .ingest.report import Report, ReportMeta, Unit, load_report, parse_report

# Imported at first use, so that `assistant --help` does not pay for numpy and the rest.
_EXPORTS = {
    "AbstainPolicy": ".answer.service",
    "Answer": ".answer.answers",
    "Assistant": ".answer.service",
    "BriefEntry": ".answer.briefing",
    "BriefSection": ".answer.briefing",
    "Briefing": ".answer.briefing",
    "AssistantError": ".errors",
    "Chunk": ".ingest.chunking",
    "ConfigError": ".errors",
    "LibraryBriefing": ".answer.briefing",
    "Passage": ".answer.answers",
    "Report": ".ingest.report",
    "ReportFormatError": ".errors",
    "ReportMeta": ".ingest.report",
    "Settings": ".config",
    "Unit": ".ingest.report",
    "UserInputError": ".errors",
    "create_assistant": ".answer.service",
    "load_report": ".ingest.report",
    "parse_report": ".ingest.report",
}

__all__ = [
    "AbstainPolicy",
    "Answer",
    "Assistant",
    "AssistantError",
    "BriefEntry",
    "BriefSection",
    "Briefing",
    "Chunk",
    "ConfigError",
    "LibraryBriefing",
    "Passage",
    "Report",
    "ReportFormatError",
    "ReportMeta",
    "Settings",
    "Unit",
    "UserInputError",
    "create_assistant",
    "load_report",
    "parse_report",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value

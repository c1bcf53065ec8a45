"""Question answering with citations over official UN meeting reports."""

from .answer.answers import Answer, Passage
from .answer.briefing import BriefEntry, Briefing, BriefSection
from .answer.service import AbstainPolicy, Assistant, create_assistant
from .config import Settings
from .errors import AssistantError, ConfigError, ReportFormatError, UserInputError
from .ingest.chunking import Chunk
from .ingest.report import Report, ReportMeta, Unit, load_report, parse_report

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

"""Question answering with citations over official UN meeting reports."""

from .answer import Answer, Passage
from .chunking import Chunk
from .config import Settings
from .errors import AssistantError, ConfigError, ReportFormatError, UserInputError
from .report import Report, Unit, load_report, parse_report
from .service import AbstainPolicy, Assistant, create_assistant

__all__ = [
    "AbstainPolicy",
    "Answer",
    "Assistant",
    "AssistantError",
    "Chunk",
    "ConfigError",
    "Passage",
    "Report",
    "ReportFormatError",
    "Settings",
    "Unit",
    "UserInputError",
    "create_assistant",
    "load_report",
    "parse_report",
]

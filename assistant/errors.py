"""The few exceptions the assistant raises, each with a message that says how to fix it."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: a problem the user can fix; the message says how."""


class ReportFormatError(AssistantError):
    """The report text does not have the structure the parser relies on."""


class ConfigError(AssistantError):
    """A setting has a value that cannot work."""


class IndexNotReadyError(AssistantError):
    """The index is missing, stale or cannot be opened."""


class UserInputError(AssistantError):
    """A question or option given by the user cannot be used as is."""

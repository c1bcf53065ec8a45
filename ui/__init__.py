"""The chat page for delegates (Gradio): questions answered in the report's words, cited."""

from .app import build_app, launch

__all__ = ["build_app", "launch"]

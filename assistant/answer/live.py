"""The assistant a long-running process answers with, renewed when the library changes.

A chat page started before `assistant add` or `assistant remove` would otherwise answer from
the reports it started with (or refuse, once a newer report is in the index). `LiveAssistant`
notices the change from the sources folder's modification time (one `stat` per question: `add`
and `remove` create or unlink a file there) and opens the library again, reusing the loaded
models; the index is updated for the added or removed report only.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, cast

from ..errors import IndexNotReadyError
from .service import Assistant, create_assistant

if TYPE_CHECKING:
    from ..index.e5_numpy import NumpyE5Embedder
    from ..index.embeddings import SentenceTransformerEmbedder

log = logging.getLogger(__name__)


class LiveAssistant:
    """Hands out the current `Assistant`; thread-safe (the page answers two questions at once)."""

    def __init__(self, assistant: Assistant) -> None:
        self._assistant = assistant
        self._stamp = self._read_stamp()
        self._lock = threading.Lock()
        #: The last reload's failure, for the page to show ("" when none).
        self.problem = ""

    def _read_stamp(self) -> int | None:
        try:
            return self._assistant.settings.sources_dir.stat().st_mtime_ns
        except OSError:
            return None

    def current(self) -> Assistant:
        """The assistant for the library as it is now (reopened if a report came or went).

        When the changed library cannot be opened (a report that does not parse, a model
        missing), the previous assistant goes on answering and ``problem`` says why; the
        next change of the folder is tried again. While one request reopens the library the
        others answer from the previous one, and an index another process is writing (an
        `assistant add` still embedding) is tried again at the next question.
        """
        stamp = self._read_stamp()
        if stamp == self._stamp:
            return self._assistant
        # one request reopens the library; the others answer from the previous one meanwhile
        # (a new report may still be embedding under the index's build lock)
        if self._lock.acquire(blocking=False):
            try:
                if stamp != self._stamp:
                    self._reload(stamp)
            finally:
                self._lock.release()
        return self._assistant

    def _reload(self, stamp: int | None) -> None:
        old = self._assistant
        before = set(old.doc_ids)
        try:
            dense = cast("NumpyE5Embedder | SentenceTransformerEmbedder", old.embedder)
            fresh = create_assistant(old.settings, embedder=dense, gate=old.gate)
            fresh.build_index()
        except IndexNotReadyError as exc:  # another process is writing the index: try again later
            log.info("library changed, index busy (%s); answering from the reports loaded before", exc)
            return
        except Exception as exc:  # whatever it is, the page goes on answering
            self.problem = f"The library changed but could not be opened: {exc}"
            log.exception("%s; answering from the reports loaded before", self.problem)
        else:
            after = set(fresh.doc_ids)
            log.info("library reopened: added %s, removed %s", sorted(after - before), sorted(before - after))
            self._assistant, self.problem = fresh, ""
        self._stamp = stamp

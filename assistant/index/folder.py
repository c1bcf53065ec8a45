"""The local index folder: checked before Chroma opens it, locked while written, swept of orphans."""

from __future__ import annotations

import atexit
import contextlib
import logging
import re
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from ..errors import IndexNotReadyError
from .snapshot import PREFIX as SNAPSHOT_PREFIX

log = logging.getLogger(__name__)

DATABASE = "chroma.sqlite3"
LOCK_NAME = "build.lock"
#: How long a process waits for another one to finish building before giving up.
LOCK_TIMEOUT_S = 600.0
#: (folder, thread) pairs whose lock this process holds: taking it again is a no-op.
_HELD: set[tuple[str, int]] = set()
_SEGMENT_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@contextlib.contextmanager
def build_lock(folder: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the folder's inter-process lock (an ``flock``, released if the process dies).

    Re-entrant within a thread: a lazily opened Chroma client may take it inside a build.

    Raises:
        IndexNotReadyError: another process held it for ``timeout`` seconds.
    """
    from filelock import FileLock, Timeout

    held = (str(Path(folder).resolve()), threading.get_ident())
    if held in _HELD:  # this thread holds it already (the Chroma client opened inside a build)
        yield
        return
    lock = FileLock(str(folder / LOCK_NAME), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise IndexNotReadyError(
            f"Another process has been building the index in {folder} for {timeout:.0f} s: "
            "wait for it, or stop it and run `assistant index --rebuild`."
        ) from None
    _HELD.add(held)
    try:
        yield
    finally:
        _HELD.discard(held)
        lock.release()


def prepare_folder(folder: Path) -> Path:
    """The folder Chroma should open for ``folder``: created, checked, repaired or copied.

    - A missing folder is created.
    - A damaged database is removed (the index is rebuilt from the reports) when the
      folder is writable, else reported.
    - A read-only folder holding an index is copied to a private temporary folder that
      this process may write (Chroma cannot open a read-only database).

    Raises:
        IndexNotReadyError: the folder cannot be created, or is read-only and holds no
            usable index; the message names the folder and the fix.
    """
    folder = folder.expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexNotReadyError(
            f"Cannot use {folder} as the index folder ({exc.strerror or exc}): "
            "set ASSISTANT_DATA_DIR to a writable folder."
        ) from None
    if not folder.is_dir():
        raise IndexNotReadyError(
            f"{folder} is not a folder: set ASSISTANT_DATA_DIR to a writable folder for the index."
        )
    writable = _writable(folder)
    problem = damage(folder)
    if not writable:
        if problem or not (folder / DATABASE).is_file():
            what = f"holds a damaged index ({problem})" if problem else "holds no index"
            raise IndexNotReadyError(
                f"The index folder {folder} is read-only and {what}: run `assistant index` with "
                "ASSISTANT_DATA_DIR set to a writable folder (or delete the folder where it is writable)."
            )
        return _private_copy(folder)
    if problem:
        with build_lock(folder):
            if damage(folder):  # another process may have repaired it meanwhile
                log.warning(
                    "The index in %s was damaged (%s): removed it; it is built again from the reports.",
                    folder,
                    problem,
                )
                remove_index(folder)
    return folder


def damage(folder: Path) -> str | None:
    """Why the folder's Chroma database is unusable, or None (also None when there is none)."""
    path = folder / DATABASE
    if not path.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            db.execute("SELECT count(*) FROM collections").fetchone()
    except sqlite3.Error as exc:
        return str(exc)
    return None if verdict == "ok" else str(verdict)


def remove_index(folder: Path) -> None:
    """Delete the index's files in ``folder`` (Chroma's database and segment folders, and the
    snapshot), nothing else."""
    for path in folder.iterdir():
        if path.name.startswith(DATABASE) or (path.is_dir() and _index_dir(path.name)):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def sweep_orphans(folder: Path) -> list[str]:
    """Remove segment folders that the database no longer knows (a lost database, a killed build).

    Call with the build lock held. Returns the names removed.
    """
    path = folder / DATABASE
    if not path.is_file():
        return []
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            known = {row[0] for row in db.execute("SELECT id FROM segments")}
    except sqlite3.Error as exc:
        log.warning("cannot read the segments of %s (%s): orphans left in place", folder, exc)
        return []
    removed = []
    for child in folder.iterdir():
        if child.is_dir() and _SEGMENT_DIR.match(child.name) and child.name not in known:
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child.name)
    if removed:
        log.info("removed %d orphaned segment folder(s) from %s", len(removed), folder)
    return removed


def _index_dir(name: str) -> bool:
    """A folder of the index: Chroma's segments, or the snapshot answers are read from."""
    return bool(_SEGMENT_DIR.match(name)) or name.startswith(SNAPSHOT_PREFIX)


def _writable(folder: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError:
        return False
    database = folder / DATABASE
    return not database.exists() or _file_writable(database)


def _file_writable(path: Path) -> bool:
    try:
        with path.open("r+b"):
            return True
    except OSError:
        return False


def _private_copy(folder: Path) -> Path:
    copy = Path(tempfile.mkdtemp(prefix="assistant-index-"))
    atexit.register(shutil.rmtree, copy, ignore_errors=True)
    for child in folder.iterdir():
        if child.name == DATABASE or (child.is_dir() and _index_dir(child.name)):
            if child.is_dir():
                shutil.copytree(child, copy / child.name)
            else:
                shutil.copy2(child, copy / child.name)
    log.info("the index folder %s is read-only: answering from a private copy in %s", folder, copy)
    return copy

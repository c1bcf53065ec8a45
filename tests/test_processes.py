"""Several `assistant` processes at once, a read-only index, no network, undecodable arguments:
the real CLI in subprocesses, on a small report so that each process starts quickly."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Settings
from assistant.config import project_root

REPORT_PATH = project_root() / "index" / "sources" / "wg-smuggling-of-migrants-2021-fr.txt"
TIMEOUT_S = 300


@pytest.fixture()
def env(settings: Settings, tmp_path: Path) -> dict[str, str]:
    sources = tmp_path / "src"
    sources.mkdir()
    text = REPORT_PATH.read_text(encoding="utf-8").split(" III. Résumé des délibérations")[0]
    (sources / "small.txt").write_text(text, encoding="utf-8")
    return {
        **os.environ,
        "PYTHONPATH": str(project_root()),
        "ASSISTANT_SOURCES_DIR": str(sources),
        "ASSISTANT_DATA_DIR": str(tmp_path / "index"),
        "ASSISTANT_CACHE_DIR": str(settings.cache_dir),
    }


def _cli(*args: str | bytes) -> list[str | bytes]:
    return [sys.executable, "-m", "assistant.shells.cli", *args]


def _together(
    commands: list[list[str | bytes]], env: dict[str, str]
) -> list[subprocess.CompletedProcess[str]]:
    running = [
        subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    done = []
    for process in running:
        out, err = process.communicate(timeout=TIMEOUT_S)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def _collections(folder: Path) -> list[str]:
    with sqlite3.connect(folder / "chroma.sqlite3") as db:
        return sorted(row[0] for row in db.execute("SELECT name FROM collections"))


def test_first_questions_at_once_share_one_build_then_ask_together(env: dict[str, str]) -> None:
    folder = Path(env["ASSISTANT_DATA_DIR"])
    questions = ["R3", "recommandation 7", "R12"]
    first = _together([_cli("ask", q, "--k", "1", "--json") for q in questions], env)
    for question, result in zip(questions, first, strict=True):
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert json.loads(result.stdout)["passages"][0]["ref"] == question.replace("recommandation ", "R")
    names = _collections(folder)
    assert len(names) == 3 and len({n.rsplit("-", 1)[0] for n in names}) == 1  # one build, not wiped
    # then three processes asking at once on the built index: nobody builds again
    again = _together([_cli("ask", q, "--k", "1", "--json") for q in questions], env)
    assert [r.returncode for r in again] == [0, 0, 0], [r.stderr for r in again]
    assert _collections(folder) == names


def _read_only(folder: Path, command: list[str | bytes]) -> list[str | bytes]:
    """The command with ``folder`` mounted read-only (as root), or made unwritable (as a user)."""
    if os.geteuid() == 0:
        script = f'mount --bind -o ro "{folder}" "{folder}" && exec "$@"'
        return ["unshare", "-m", "sh", "-c", script, "sh", *command]
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    return command


def test_a_built_index_on_a_read_only_folder_still_answers(env: dict[str, str]) -> None:
    folder = Path(env["ASSISTANT_DATA_DIR"])
    assert subprocess.run(_cli("index"), env=env, capture_output=True, timeout=TIMEOUT_S).returncode == 0
    before = sorted(p.name for p in folder.iterdir())
    result = subprocess.run(
        _read_only(folder, _cli("ask", "R3", "--k", "1", "--json")),
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["passages"][0]["ref"] == "R3"
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_read_only_folder_without_index_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    env = {**env, "ASSISTANT_DATA_DIR": str(folder)}
    result = subprocess.run(
        _read_only(folder, _cli("ask", "R3")), env=env, capture_output=True, text=True, timeout=TIMEOUT_S
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"assistant: error: The index folder {folder} is read-only and holds no index"
    )
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_corrupt_index_that_cannot_be_repaired_is_one_line(env: dict[str, str]) -> None:
    folder = Path(env["ASSISTANT_DATA_DIR"])
    assert subprocess.run(_cli("index"), env=env, capture_output=True, timeout=TIMEOUT_S).returncode == 0
    database = folder / "chroma.sqlite3"
    with database.open("r+b") as handle:
        handle.truncate(database.stat().st_size // 2)
    result = subprocess.run(
        _read_only(folder, _cli("ask", "R3")), env=env, capture_output=True, text=True, timeout=TIMEOUT_S
    )
    assert result.returncode == 2
    assert f"The index folder {folder} is read-only and holds a damaged index" in result.stderr
    assert "`assistant index`" in result.stderr and "Traceback" not in result.stderr
    # writable again: `index --rebuild` repairs it
    rebuilt = subprocess.run(
        _cli("index", "--rebuild"), env=env, capture_output=True, text=True, timeout=TIMEOUT_S
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "was damaged" in rebuilt.stderr and "Built the index" in rebuilt.stdout


_NO_NETWORK_SITE = """
import socket
_connect = socket.socket.connect
def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
        raise OSError(101, "network blocked by the test")
    return _connect(self, address)
socket.socket.connect = _loopback_only
"""


def _offline(
    command: list[str | bytes], env: dict[str, str], tmp_path: Path
) -> tuple[list[str | bytes], dict[str, str]]:
    """No network: a fresh network namespace (only loopback) when ``unshare -rn`` works, else a
    sitecustomize that refuses every non-loopback connect."""
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-rn", *command], env
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_NO_NETWORK_SITE, encoding="utf-8")
    return command, {**env, "PYTHONPATH": f"{site}{os.pathsep}{env['PYTHONPATH']}"}


def test_ask_answers_with_the_network_cut_and_undecodable_bytes(env: dict[str, str], tmp_path: Path) -> None:
    command, env = _offline(_cli("ask", b"op\xe9ration Turquesa", "--json"), env, tmp_path)
    env.pop("HF_HUB_OFFLINE", None)  # the assistant must turn offline mode on by itself
    result = subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT_S)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    data = json.loads(result.stdout.decode("utf-8"))
    assert data["question"] == "opération Turquesa"  # the Latin-1 byte read as é
    assert result.stderr == b""


def test_chroma_telemetry_is_off(env: dict[str, str]) -> None:
    code = (
        "from assistant.index.store import open_client; from pathlib import Path; import os, sys;"
        "c = open_client(Path(sys.argv[1]));"
        "print(c.get_settings().anonymized_telemetry, os.environ['ANONYMIZED_TELEMETRY'])"
    )
    env = {k: v for k, v in env.items() if k != "ANONYMIZED_TELEMETRY"}
    result = subprocess.run(
        [sys.executable, "-c", code, env["ASSISTANT_DATA_DIR"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["False", "False"], result.stderr


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs util-linux unshare")
def test_unshare_is_real_isolation() -> None:
    """Guard for the offline test: inside ``unshare -rn`` nothing but loopback is reachable."""
    probe = "import socket; s = socket.socket(); s.settimeout(2); s.connect(('1.1.1.1', 53))"
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0:
        pytest.skip("user namespaces are not available here: the sitecustomize fallback is used")
    result = subprocess.run(["unshare", "-rn", sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode != 0 and "unreachable" in result.stderr.lower()

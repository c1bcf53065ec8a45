"""Bad input and faults, tried on purpose: the API, the gold loader, the parser and the index
lifecycle answer normally or raise a UserInputError / one-line message, never a traceback."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import (
    Assistant,
    AssistantError,
    ReportFormatError,
    Settings,
    UserInputError,
    create_assistant,
    parse_report,
)
from assistant.config import project_root
from assistant.errors import IndexNotReadyError
from assistant.evaluation.harness import check_refs, load_gold
from assistant.index.embeddings import SentenceTransformerEmbedder
from assistant.index.folder import DATABASE, damage
from assistant.index.store import Record
from assistant.shells import cli

REPORT_PATH = project_root() / "index" / "sources" / "wg-smuggling-of-migrants-2021-fr.txt"
REFS = {str(i) for i in range(1, 42)} | {f"R{i}" for i in range(1, 13)}


# --- the API ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"question": 42}, "must be text"),
        ({"question": None}, "must be text"),
        ({"question": b"R7"}, "must be text"),
        ({"question": "R7", "k": "3"}, "k must"),
        ({"question": "R7", "k": 2.5}, "k must"),
        ({"question": "R7", "k": True}, "k must"),
        ({"question": "R7", "mode": "fast"}, "Unknown mode"),
        ({"question": "R7", "mode": None}, "Unknown mode"),
    ],
)
def test_the_api_turns_bad_arguments_into_user_errors(
    assistant: Assistant, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(UserInputError, match=message):
        assistant.ask(**kwargs)  # type: ignore[arg-type]


def test_rank_checks_its_arguments_too(assistant: Assistant) -> None:
    with pytest.raises(UserInputError):
        assistant.rank(["R7"])  # type: ignore[arg-type]
    with pytest.raises(UserInputError):
        assistant.rank("R7", "bm25")  # type: ignore[arg-type]


def test_a_lone_surrogate_or_markup_does_not_change_the_answer(assistant: Assistant) -> None:
    clean = assistant.ask("Qu'est-ce que l'opération Turquesa ?")
    for raw in (
        "Qu'est-ce que l'op\ud800ération Turquesa ?",
        "<b>Qu'est-ce que l'op&eacute;ration <i>Turquesa</i> ?</b>",
        "\x1b[1;31mQu'est-ce que l'opération Turquesa ?\x1b[0m",
    ):
        answer = assistant.ask(raw)
        assert (answer.cited, answer.quote) == (clean.cited, clean.quote)
        json.dumps(answer.to_dict(), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("para 99", "There is no paragraph 99: the report has paragraphs 1-41 and recommendations R1-R12."),
        ("R13", "There is no recommendation R13: the report has paragraphs 1-41 and recommendations R1-R12."),
        ("paragraphe 0", "There is no paragraph 0:"),
        ("Que dit le paragraphe 99 ?", "There is no paragraph 99:"),
    ],
)
def test_a_unit_the_report_lacks_is_named_with_the_valid_range(
    assistant: Assistant, question: str, start: str
) -> None:
    answer = assistant.ask(question)
    assert answer.abstained and answer.text.startswith(start) and answer.passages == ()


def test_a_real_unit_named_with_a_missing_one_is_still_looked_up(assistant: Assistant) -> None:
    assert assistant.ask("paragraphe 99 ou paragraphe 16").cited == "16"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.one_of(st.text(max_size=300), st.from_regex(r"(para|R|§|rec\.) ?[0-9]{1,4}")))
def test_ask_on_any_text_answers_or_raises_a_user_error(assistant: Assistant, question: str) -> None:
    try:
        answer = assistant.ask(question, k=3)
    except UserInputError:
        return
    assert isinstance(answer.text, str) and answer.text
    assert answer.abstained or answer.quote
    json.dumps(answer.to_dict(), ensure_ascii=False).encode("utf-8")


def test_the_cli_takes_a_question_starting_with_a_dash(
    monkeypatch: pytest.MonkeyPatch, assistant: Assistant, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_assistant", lambda: assistant)
    assert cli.main(["ask", "-R7", "--k", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["question"] == "-R7" and data["passages"][0]["ref"] == "R7"


# --- the parser --------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_the_parser_on_any_text_parses_or_raises_a_format_error(raw: str) -> None:
    try:
        report = parse_report(raw, "doc")
    except ReportFormatError:
        return
    assert report.units and all(u.text for u in report.units)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_parser_on_damaged_report_text(data: st.DataObject) -> None:
    text = REPORT_PATH.read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 3000)))
    junk = data.draw(st.text(max_size=50))
    with contextlib.suppress(ReportFormatError):
        parse_report(text[:start] + junk + text[end:], "doc")


# --- the gold loader ---------------------------------------------------------------------------


def _gold(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"question": "Qui ?"}', 'missing "expected"'),
        ('{"expected": ["24"]}', 'missing "question"'),
        ('{"question": "Qui ?", "expected": "24"}', '"expected" must be a list'),
        ('{"question": "Qui ?", "expected": ["24", "para 3"]}', '"para 3" is not a ref'),
        ('{"question": "Qui ?", "expected": [null]}', "null is not a ref"),
        ('{"question": "", "expected": []}', "non-empty text"),
        ('{"question": ["Qui ?"], "expected": []}', "non-empty text"),
        ('{"question": "Qui ?", "expected": [], "answer_contains": "x"}', "list of strings"),
        ('["Qui ?", ["24"]]', "JSON object"),
        ('{"question": "Qui ?", "expected": [', "not JSON"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_a_malformed_gold_line_is_a_user_error_naming_the_line(
    tmp_path: Path, line: str, message: str
) -> None:
    path = _gold(tmp_path, '{"question": "Qui ?", "expected": ["24"]}', line)
    with pytest.raises(UserInputError, match=message) as error:
        load_gold(path)
    assert f"{path}:2" in str(error.value)


def test_gold_refs_are_checked_against_the_report(tmp_path: Path) -> None:
    questions = load_gold(_gold(tmp_path, '{"id": "q1", "question": "Qui ?", "expected": [24, "99"]}'))
    assert questions[0].expected == ("24", "99")
    with pytest.raises(
        UserInputError, match=r"q1 expects 99, which the report does not have \(it has 1-41, R1-R12\)"
    ):
        check_refs(questions, REFS)


def test_eval_rejects_unknown_refs_before_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, assistant: Assistant, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_assistant", lambda: assistant)
    path = _gold(tmp_path, '{"id": "q1", "question": "Qui ?", "expected": ["R13"]}')
    assert cli.main(["eval", "--gold", str(path)]) == 2
    assert "q1 expects R13" in capsys.readouterr().err


def test_gold_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"question": "op\xe9ration", "expected": []}\n')
    with pytest.raises(UserInputError, match="not UTF-8"):
        load_gold(path)


def _beir(tmp_path: Path, queries: str, qrels: str) -> Path:
    (tmp_path / "qrels").mkdir(parents=True)
    (tmp_path / "queries.jsonl").write_text(queries, encoding="utf-8")
    (tmp_path / "qrels" / "test.tsv").write_text(qrels, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("queries", "qrels", "message"),
    [
        (
            '{"_id": "q1", "text": "Qui ?"\n',
            "query-id\tcorpus-id\tscore\nq1\t24\t1\n",
            "queries.jsonl:1: not JSON",
        ),
        (
            '{"_id": "q1", "text": "Qui ?"}\n',
            "qid\tcorpus-id\tscore\nq1\t24\t1\n",
            "header must name query-id",
        ),
        (
            '{"_id": "q1", "text": "Qui ?"}\n',
            "query-id\tcorpus-id\tscore\nq1\t24\thigh\n",
            "test.tsv:2: score",
        ),
        (
            '{"_id": "q1", "text": "Qui ?"}\n',
            "query-id\tcorpus-id\tscore\nq1\tp24\t1\n",
            '"p24" is not a ref',
        ),
        ('{"text": "Qui ?"}\n', "query-id\tcorpus-id\tscore\nq1\t24\t1\n", 'needs "_id" and "text"'),
        ('{"_id": "q1", "text": "Qui ?", "metadata": 3}\n', "query-id\tcorpus-id\n", '"metadata" must be'),
    ],
)
def test_a_malformed_beir_folder_is_a_user_error(
    tmp_path: Path, queries: str, qrels: str, message: str
) -> None:
    with pytest.raises(UserInputError, match=message):
        load_gold(_beir(tmp_path, queries, qrels))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.text(), max_size=5).map("\n".join)))
def test_the_gold_loader_on_any_text_loads_or_raises_a_user_error(
    tmp_path_factory: pytest.TempPathFactory, raw: str
) -> None:
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    path.write_text(raw, encoding="utf-8", errors="surrogatepass")
    try:
        questions = load_gold(path)
    except UserInputError:
        return
    assert all(q.question.strip() for q in questions)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {}, optional={k: _JSON for k in ("id", "question", "expected", "lang", "answer_contains")}
    )
)
def test_the_gold_loader_on_any_json_object(
    tmp_path_factory: pytest.TempPathFactory, row: dict[str, object]
) -> None:
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    path.write_text(json.dumps(row), encoding="utf-8")
    try:
        questions = load_gold(path)
        check_refs(questions, REFS)
    except UserInputError:
        return
    assert all(isinstance(r, str) and r in REFS for q in questions for r in q.expected)


def test_the_project_gold_sets_pass_validation() -> None:
    for name in ("gold.jsonl", "dev.jsonl"):
        check_refs(load_gold(project_root() / "eval" / name), REFS)


# --- the index lifecycle ------------------------------------------------------------------------


def _small_report(folder: Path) -> Path:
    """Sections I and II of the report (paragraphs 1-4, R1-R12): quick to embed."""
    folder.mkdir(parents=True, exist_ok=True)
    text = REPORT_PATH.read_text(encoding="utf-8").split(" III. Résumé des délibérations")[0]
    (folder / "small.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture()
def small(settings: Settings, tmp_path: Path) -> Settings:
    return dataclasses.replace(
        settings, sources_dir=_small_report(tmp_path / "src"), data_dir=tmp_path / "index", gate_model="none"
    )


def test_a_failed_rebuild_keeps_the_previous_index(
    small: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    built = create_assistant(small, embedder=embedder)
    assert built.build_index().built
    before = {c.name for c in built.store._client.list_collections()}
    bad = [Record("s", embedder.embed(["x"], "passage")[0], "x", {"ref": object()})]  # type: ignore[dict-item]

    def broken() -> dict[str, list[Record]]:
        return {**built._records(), "sentences": bad}  # fails while writing the last slot

    with pytest.raises(Exception):  # noqa: B017 - whatever Chroma raises for bad metadata
        built.store.ensure(broken, rebuild=True)
    assert {c.name for c in built.store._client.list_collections()} == before  # only its own removed
    assert built.store.is_complete()
    assert built.ask("R3").cited == "R3"


def test_leftovers_of_a_killed_build_and_orphaned_folders_are_removed(
    small: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    built = create_assistant(small, embedder=embedder)
    built.build_index()
    client = built.store._client
    # what a build killed half-way leaves: an incomplete collection, and a folder nobody knows
    client.create_collection(f"reports-{built.store.fingerprint[:16]}-deadbeef-dense")
    orphan = small.data_dir / "11111111-2222-3333-4444-555555555555"
    orphan.mkdir()
    (orphan / "header.bin").write_bytes(b"x")
    report = create_assistant(small, embedder=embedder).build_index()
    assert not report.built and report.removed == (f"reports-{built.store.fingerprint[:16]}-deadbeef-dense",)
    assert not orphan.exists()
    with sqlite3.connect(small.data_dir / DATABASE) as db:
        known = {row[0] for row in db.execute("SELECT id FROM segments")}
    on_disk = {p.name for p in small.data_dir.iterdir() if p.is_dir() and not p.name.startswith("snapshot-")}
    assert on_disk <= known  # every folder left belongs to the index (segments, and the snapshot)
    assert len(list(small.data_dir.glob("snapshot-*"))) == 1


def test_a_corrupt_database_is_rebuilt_from_the_reports(
    small: Settings, embedder: SentenceTransformerEmbedder, caplog: pytest.LogCaptureFixture
) -> None:
    create_assistant(small, embedder=embedder).build_index()
    copy = dataclasses.replace(small, data_dir=small.data_dir.parent / "copy")  # a path no client has open
    import shutil

    shutil.copytree(small.data_dir, copy.data_dir)
    database = copy.data_dir / DATABASE
    with database.open("r+b") as handle:
        handle.truncate(database.stat().st_size // 2)
    assert damage(copy.data_dir)
    repaired = create_assistant(copy, embedder=embedder)
    assert "was damaged" in caplog.text and str(copy.data_dir) in caplog.text
    assert repaired.ask("R3").cited == "R3"
    assert damage(copy.data_dir) is None


@pytest.mark.parametrize("kind", ["under a file", "is a file"])
def test_an_impossible_data_folder_is_one_clear_error(
    small: Settings, embedder: SentenceTransformerEmbedder, tmp_path: Path, kind: str
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    folder = afile / "index" if kind == "under a file" else afile
    with pytest.raises(
        IndexNotReadyError, match=rf"Cannot use {folder} as the index folder .*ASSISTANT_DATA_DIR"
    ):
        create_assistant(dataclasses.replace(small, data_dir=folder), embedder=embedder)


def test_assistant_errors_are_the_only_errors_of_create_assistant() -> None:
    assert issubclass(IndexNotReadyError, AssistantError)


def test_a_second_builder_waits_for_the_first_and_uses_its_index(
    small: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    import threading

    first = create_assistant(small, embedder=embedder)
    second = create_assistant(small, embedder=embedder)
    records = first._records()
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow_build() -> dict[str, list[Record]]:
        calls.append("first")
        started.set()
        release.wait(30)
        return records

    def second_build() -> dict[str, list[Record]]:
        calls.append("second")
        return records

    reports = {}
    one = threading.Thread(target=lambda: reports.update(first=first.store.ensure(slow_build)))
    two = threading.Thread(target=lambda: reports.update(second=second.store.ensure(second_build)))
    one.start()
    assert started.wait(30)
    two.start()
    two.join(2)
    assert two.is_alive()  # waiting on the lock, not building beside the first
    release.set()
    one.join(30)
    two.join(30)
    assert calls == ["first"]
    assert reports["first"].built and not reports["second"].built
    assert second.ask("R3").cited == "R3"


def test_an_index_from_before_build_ids_is_replaced(
    small: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    built = create_assistant(small, embedder=embedder)
    old = f"reports-{built.store.fingerprint[:16]}-dense"  # the name scheme of 0.1.0
    built.store._client.create_collection(old, metadata={"complete": True})
    assert not built.store.is_complete()
    report = built.build_index()
    assert report.built and old in report.removed
    assert built.ask("R3").cited == "R3"


def test_a_reader_follows_a_rebuild_made_by_another_assistant(
    small: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    reader = create_assistant(small, embedder=embedder)
    assert reader.ask("R3").cited == "R3"  # holds the collections of the first build
    writer = create_assistant(small, embedder=embedder)
    assert writer.build_index(rebuild=True).built  # removes the first build
    assert reader.ask("R4").cited == "R4"

"""The CLI: output shapes, exit codes, one-line user errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.shells import cli


@pytest.fixture()
def use_test_assistant(monkeypatch: pytest.MonkeyPatch, assistant: Assistant) -> None:
    monkeypatch.setattr(cli, "_assistant", lambda: assistant)


def test_ask_json_has_exactly_the_documented_shape(
    use_test_assistant: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["ask", "What is Joint Task Force Alpha?", "--json", "--k", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"question", "answer", "abstained", "passages"}
    assert data["question"] == "What is Joint Task Force Alpha?"
    assert data["abstained"] is False
    assert len(data["passages"]) == 3
    for passage in data["passages"]:
        assert set(passage) == {"ref", "section", "text", "score"}
        assert isinstance(passage["score"], float)
    assert data["passages"][0]["ref"] == "15"
    assert "Joint Task Force Alpha" in data["answer"]


def test_ask_prints_answer_and_cited_passages(
    use_test_assistant: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["ask", "recommandation 12", "--k", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("« Les États parties devraient s’efforcer")
    assert "[R12] II. Recommandations > B." in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "   "], "question is empty"),
        (["brief", "  "], "topic is empty"),
        (["ask", "x", "--k", "0"], "must be at least 1"),
        (["ask", "x", "--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["launch"], "invalid choice"),
        (["eval", "--gold", "/nonexistent/gold.jsonl"], "No gold file"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(
    monkeypatch: pytest.MonkeyPatch,
    assistant: Assistant,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.setattr(cli, "_assistant", lambda: assistant)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask", "--help"]) == 0
    assert 'example: assistant ask "' in capsys.readouterr().out


def test_eval_writes_the_documented_json_and_gates(
    use_test_assistant: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "a", "lang": "fr", "question": "Qu'est-ce que l'opération Turquesa ?", "expected": ["16"]},
        {"id": "b", "lang": "en", "question": "What is Joint Task Force Alpha?", "expected": ["15"]},
        {"id": "c", "lang": "en", "question": "How do I bake bread?", "expected": []},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    briefs = tmp_path / "briefs.jsonl"
    topics = [
        {"id": "t", "lang": "fr", "topic": "corruption", "must": ["R8", "19"], "must_not": ["R7"]},
        {"id": "o", "lang": "en", "topic": "nuclear disarmament", "must": [], "must_not": []},
    ]
    briefs.write_text("\n".join(json.dumps(t) for t in topics), encoding="utf-8")
    out = tmp_path / "metrics.json"
    args = ["--briefs", str(briefs)]
    assert cli.main(["eval", "--gold", str(gold), "--json", str(out), "--gate", *args]) == 0
    metrics = json.loads(out.read_text(encoding="utf-8"))
    keys = {"n", "hit@1", "hit@3", "hit@5", "mrr", "ndcg@10", "recall@5", "abstain_correct", "abstain_false"}
    assert keys <= set(metrics) and keys <= set(metrics["by_lang"]["en"])
    assert metrics["n"] == 3 and metrics["hit@1"] == 1.0 and metrics["abstain_correct"] == 1.0
    assert metrics["failures"] == []
    assert metrics["briefs"]["recall"] == 1.0 and metrics["briefs"]["off_report_declined"] == 1.0
    assert "Quality gate passed." in capsys.readouterr().out
    # the same file with a wrong gold answer fails the gate with exit code 1
    rows[0]["expected"] = ["41"]
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert cli.main(["eval", "--gold", str(gold), "--gate", *args]) == 1
    assert "Quality gate FAILED" in capsys.readouterr().out
    # the briefing floors are gated too: an off-report topic that gets a briefing fails it
    rows[0]["expected"] = ["16"]
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    topics[1] = {"id": "o", "lang": "fr", "topic": "INTERPOL", "must": [], "must_not": []}
    briefs.write_text("\n".join(json.dumps(t) for t in topics), encoding="utf-8")
    assert cli.main(["eval", "--gold", str(gold), "--gate", *args]) == 1
    assert "briefs: off_report_declined 0.000 < floor 1.00" in capsys.readouterr().out

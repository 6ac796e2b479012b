"""The command line as a user runs it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from invest_tag.cli.app import app

from conftest import synthetic_docs

runner = CliRunner()
SIGNING = synthetic_docs()[20]["text"]


def run(*args: str, stdin: str | bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_predict_one_file_prints_the_prediction(small_model, tmp_path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(SIGNING, encoding="utf-8")
    result = run("predict", str(article), "--model", str(small_model))
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    pred = json.loads(line)
    assert pred["id"] == str(article)
    assert pred["type"] == "signing" and pred["relevant"] is True
    assert set(pred) == {"id", "type", "type_scores", "relevant", "sectors", "sector_scores",
                         "amounts"}
    assert abs(sum(pred["type_scores"].values()) - 1) < 1e-3


def test_batch_reports_bad_inputs_in_place_and_fails(small_model, tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SIGNING, encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    result = run("predict", str(good), str(binary), str(tmp_path / "missing.txt"), str(good),
                 "--model", str(small_model))
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [str(good), str(binary), str(tmp_path / "missing.txt"),
                                       str(good)]
    assert ["error" in r for r in rows] == [False, True, True, False]
    assert rows[0] == rows[3]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("invest-tag: error: ") for e in errors)


def test_predict_jsonl_from_stdin(small_model) -> None:
    lines = "".join(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n"
                    for d in synthetic_docs()[::10])
    result = run("predict", "-", "--model", str(small_model), stdin=lines)
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [
        d["id"] for d in synthetic_docs()[::10]]


def test_missing_model_is_a_one_line_error(tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(SIGNING, encoding="utf-8")
    result = run("predict", str(article), "--model", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "model directory not found" in result.stderr


def test_model_from_environment(small_model, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INVEST_TAG_MODEL", str(tmp_path / "nope"))
    result = run("info")
    assert result.exit_code == 2 and str(tmp_path / "nope") in result.stderr
    monkeypatch.setenv("INVEST_TAG_MODEL", str(small_model))
    assert json.loads(run("info").stdout)["training"]["docs"] == len(synthetic_docs())


def test_train_evaluate_info(labelled_file, tmp_path) -> None:
    out = tmp_path / "model"
    result = run("train", str(labelled_file), "--out", str(out), "--dev", str(labelled_file))
    assert result.exit_code == 0, result.output
    card = json.loads(run("info", "--model", str(out)).stdout)
    assert card["labels"]["sectors"][0] == "electronics"
    assert len(card["training"]["sha256"]) == 64
    assert {"scikit-learn", "numpy", "jieba", "opencc"} <= set(card["versions"])
    assert "created" in card
    metrics = json.loads(run("evaluate", str(labelled_file), "--model", str(out), "--json").stdout)
    assert metrics == {k: card["dev"][k] for k in metrics}
    table = run("evaluate", str(labelled_file), "--model", str(out)).stdout
    assert "macro-F1" in table and "light_industry" in table


def test_train_on_bad_data_is_a_one_line_error(tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    result = run("train", str(bad), "--out", str(tmp_path / "m"))
    assert result.exit_code == 2
    assert "bad.jsonl:1" in result.stderr and "relevant" in result.stderr
    assert not (tmp_path / "m").exists()


def test_console_script_has_no_traceback(tmp_path) -> None:
    env = {**os.environ, "INVEST_TAG_MODEL": str(tmp_path / "missing")}
    script = os.path.join(os.path.dirname(sys.executable), "invest-tag")
    proc = subprocess.run([script, "predict", "-"], input=b"text", capture_output=True, env=env)
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.decode().count("\n") == 1

"""The command line as a user runs it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import codecs
import csv
import importlib.metadata
import io
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from contextlib import suppress
from pathlib import Path

from typer.testing import CliRunner

import invest_tag
from invest_tag.cli.app import app
from invest_tag.cli.progress import count_documents
from invest_tag.model.inputs import read_documents

from conftest import synthetic_docs, write_jsonl

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
    *errors, summary = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("invest-tag: error: ") for e in errors)
    assert summary == "invest-tag: 2 tagged, 2 failed"


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
    stages = ["read 80 labelled documents", "fitting the type and sector models",
              "fitting the amount models", "evaluating on", "saved model to"]
    lines = result.stderr.splitlines()  # each stage reported as it starts, in order
    assert [next(i for i, line in enumerate(lines) if s in line) for s in stages] == [0, 1, 2, 3, 4]
    card = json.loads(run("info", "--model", str(out)).stdout)
    assert card["labels"]["sectors"][0] == "electronics"
    assert len(card["training"]["sha256"]) == 64
    assert {"scikit-learn", "numpy", "rjieba", "opencc"} <= set(card["versions"])
    assert card["versions"]["invest-tag"] == invest_tag.__version__  # the code that trained it
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


def _articles(tmp_path, n: int = 3) -> list[str]:
    paths = []
    for i, doc in enumerate(synthetic_docs()[::80 // n][:n]):
        path = tmp_path / f"a{i}.txt"
        path.write_text(doc["text"], encoding="utf-8")
        paths.append(str(path))
    return paths


def test_csv_per_amount_and_per_document(small_model, tmp_path) -> None:
    paths = _articles(tmp_path)
    out = tmp_path / "tags.csv"
    assert run("predict", *paths, "--model", str(small_model), "--format", "csv",
               "--output", str(out)).exit_code == 0
    assert out.read_bytes().startswith(codecs.BOM_UTF8)  # Excel reads it as UTF-8
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    jsonl = [json.loads(x) for x in run("predict", *paths, "--model",
                                           str(small_model)).stdout.splitlines()]
    expected = sum(max(1, len(p["amounts"])) for p in jsonl)
    assert len(rows) == expected and {r["id"] for r in rows} == set(paths)
    money = [r for r in rows if r["kind"] == "money"]
    assert money and all(float(r["value"]) > 0 and r["role"] for r in money)
    result = run("predict", *paths, "--model", str(small_model), "--format", "csv",
                 "--per", "document")
    assert not result.stdout.startswith("\ufeff")  # no BOM in a pipe
    docs = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [d["id"] for d in docs] == paths
    assert [int(d["amounts"]) for d in docs] == [len(p["amounts"]) for p in jsonl]


def test_resume_skips_what_is_done_and_mends_a_torn_line(small_model, tmp_path) -> None:
    paths = _articles(tmp_path)
    out = tmp_path / "tags.jsonl"
    run("predict", paths[0], "--model", str(small_model), "--output", str(out))
    with out.open("a", encoding="utf-8") as f:
        f.write('{"id": "torn')  # a crash in the middle of a line
    result = run("predict", *paths, "--model", str(small_model), "--output", str(out),
                 "--resume")
    assert result.exit_code == 0, result.output
    assert "1 skipped" in result.stderr
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == paths


def test_resume_counts_only_these_inputs_and_keeps_earlier_failures(small_model,
                                                                    tmp_path) -> None:
    paths = _articles(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "tags.jsonl"
    first = run("predict", str(empty), paths[0], "--model", str(small_model), "-o", str(out))
    assert first.exit_code == 1
    with out.open("a", encoding="utf-8") as f:
        f.write('{"id": "from-another-run", "type": "other"}\n')
    result = run("predict", str(empty), *paths, "--model", str(small_model), "-o", str(out),
                 "--resume")
    assert "2 tagged, 0 failed, 2 skipped" in result.stderr and "1 of them failed" in result.stderr
    assert result.exit_code == 1  # the output holds a failure for these inputs
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [str(empty), paths[0], "from-another-run", *paths[1:]]


def test_resume_needs_an_output_file(small_model, tmp_path) -> None:
    result = run("predict", *_articles(tmp_path, 1), "--model", str(small_model), "--resume")
    assert result.exit_code == 2 and "--resume needs --output" in result.stderr


def test_two_jobs_give_the_same_output_as_one(small_model, tmp_path) -> None:
    lines = "".join(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n"
                    for d in synthetic_docs())
    data = tmp_path / "docs.jsonl"
    data.write_text(lines, encoding="utf-8")
    one = run("predict", str(data), "--model", str(small_model), "--jobs", "1")
    two = run("predict", str(data), "--model", str(small_model), "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == len(synthetic_docs())


def test_html_pages_are_reduced_to_their_article(small_model, tmp_path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><nav>首页 &gt; 新闻</nav><article><h1>甲市项目签约仪式举行</h1>"
        f"<p>{SIGNING}</p></article><footer>版权所有</footer></body></html>", encoding="utf-8")
    result = run("predict", str(tmp_path), "--model", str(small_model))
    assert result.exit_code == 0, result.output
    pred = json.loads(result.stdout)
    assert "<" not in pred["text"] and SIGNING.splitlines()[1][:10] in pred["text"]
    for a in pred["amounts"]:
        assert pred["text"][a["start"]:a["end"]] == a["text"]


def test_documents_over_the_size_limit_are_reported(small_model, tmp_path) -> None:
    paths = _articles(tmp_path, 2)
    result = run("predict", *paths, "--model", str(small_model), "--max-bytes", "50")
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert result.exit_code == 1 and len(rows) == 2
    assert all("too large" in r["error"] and "--max-bytes" in r["error"] for r in rows)


def test_resume_a_csv_run(small_model, tmp_path) -> None:
    paths = _articles(tmp_path)
    out = tmp_path / "tags.csv"
    run("predict", paths[0], "--model", str(small_model), "--format", "csv", "-o", str(out))
    result = run("predict", *paths, "--model", str(small_model), "--format", "csv",
                 "-o", str(out), "--resume")
    assert result.exit_code == 0 and "1 skipped" in result.stderr
    assert out.read_bytes().count(codecs.BOM_UTF8) == 1 and out.read_bytes()[:3] == codecs.BOM_UTF8
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(dict.fromkeys(r["id"] for r in rows)) == paths  # one header, ids in order


def test_progress_bar_only_on_request_when_piped(small_model, tmp_path) -> None:
    paths = _articles(tmp_path)
    quiet = run("predict", *paths, "--model", str(small_model))
    assert quiet.stderr.strip() == "invest-tag: 3 tagged, 0 failed"
    shown = run("predict", *paths, "--model", str(small_model), "--progress")
    assert shown.exit_code == 0 and shown.stdout == quiet.stdout


def test_interrupted_run_keeps_what_it_wrote(small_model, tmp_path, monkeypatch) -> None:
    import invest_tag.model.batch as batch

    real = batch.tag_documents

    def interrupted(*args, **kwargs):
        for n, item in enumerate(real(*args, **kwargs)):
            if n == 2:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(batch, "tag_documents", interrupted)
    paths = _articles(tmp_path)
    out = tmp_path / "tags.jsonl"
    result = run("predict", *paths, "--model", str(small_model), "-o", str(out))
    assert result.exit_code == 130 and "--resume" in result.stderr
    written = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert written == paths[:2]
    monkeypatch.setattr(batch, "tag_documents", real)
    run("predict", *paths, "--model", str(small_model), "-o", str(out), "--resume")
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == paths


def _process_state(process: Path) -> list[bytes]:
    """The fields of ``/proc/PID/stat`` after the command name: state, parent, ..."""
    return (process / "stat").read_bytes().rsplit(b")", 1)[1].split()


def _worker_processes(pid: int) -> list[int]:
    """The --jobs worker processes (joblib's loky) started by process ``pid``."""
    workers = []
    for process in Path("/proc").glob("[0-9]*"):
        with suppress(OSError):  # a process that ended meanwhile
            ppid = int(_process_state(process)[1])
            if ppid == pid and b"LokyProcess" in (process / "cmdline").read_bytes():
                workers.append(int(process.name))
    return workers


def _start_jobs_run(small_model, tmp_path) -> tuple[subprocess.Popen, list[dict], Path]:
    """``predict --jobs 2 -o tags.jsonl`` on many documents, started, once it has written."""
    docs = [{"id": str(i), "text": doc["text"]} for i, doc in enumerate(synthetic_docs() * 500)]
    data = tmp_path / "docs.jsonl"
    write_jsonl(data, docs)
    out = tmp_path / "tags.jsonl"
    script = os.path.join(os.path.dirname(sys.executable), "invest-tag")
    proc = subprocess.Popen([script, "predict", str(data), "--model", str(small_model),
                             "--jobs", "2", "-o", str(out)], stderr=subprocess.PIPE)
    while proc.poll() is None and not (out.exists() and out.stat().st_size):
        time.sleep(0.005)
    return proc, docs, out


def _stopped_run_wrote_a_prefix(err: bytes, docs: list[dict], out: Path, why: str) -> None:
    message = err.decode().splitlines()[-1]
    assert message.startswith(f"invest-tag: {why} after "), message
    assert b"Traceback" not in err and "--resume" in message
    written = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(written) < len(docs) and written == [d["id"] for d in docs[:len(written)]]
    assert f" after {len(written)} documents" in message


def test_a_worker_killed_midway_is_a_one_line_error(small_model, tmp_path) -> None:
    # As the kernel's out-of-memory killer would: SIGKILL to one of the workers.
    proc, docs, out = _start_jobs_run(small_model, tmp_path)
    try:
        workers = _worker_processes(proc.pid)
        assert workers, "no worker process found"
        os.kill(workers[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 1
    _stopped_run_wrote_a_prefix(err, docs, out, "a worker process died (killed, or out of memory)")


def test_sigterm_stops_the_run_and_its_workers(small_model, tmp_path) -> None:
    # As `timeout`, `kill` or a job scheduler stop a run.
    proc, docs, out = _start_jobs_run(small_model, tmp_path)
    try:
        workers = _worker_processes(proc.pid)
        assert workers, "no worker process found"
        proc.terminate()
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM
    _stopped_run_wrote_a_prefix(err, docs, out, "terminated")
    deadline = time.monotonic() + 30
    while (alive := [w for w in workers if _running(w)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive, "worker processes outlived the run"


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        return _process_state(Path(f"/proc/{pid}"))[0] != b"Z"
    except OSError:
        return False


def test_train_on_too_little_data_is_a_one_line_error(labelled_file, tmp_path) -> None:
    few = tmp_path / "few.jsonl"
    few.write_text("".join(labelled_file.read_text(encoding="utf-8").splitlines(True)[:3]),
                   encoding="utf-8")
    result = run("train", str(few), "--out", str(tmp_path / "m"))
    assert result.exit_code == 2
    assert "few.jsonl" in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "m").exists()


def test_labels_off_the_spec_are_a_one_line_error(small_model, tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    write_jsonl(bad, [synthetic_docs()[0], {**synthetic_docs()[1], "type": "Signing"}])
    result = run("evaluate", str(bad), "--model", str(small_model))
    assert result.exit_code == 2
    assert "bad.jsonl:2: 'type' must be one of" in result.stderr
    assert result.stderr.count("\n") == 1


def test_train_without_some_type_names_it(tmp_path) -> None:
    data = tmp_path / "no_meeting.jsonl"
    write_jsonl(data, [d for d in synthetic_docs() if d["type"] != "meeting"])
    result = run("train", str(data), "--out", str(tmp_path / "m"))
    assert result.exit_code == 2
    assert "no document of type 'meeting'" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "m").exists()


def test_train_notes_a_type_rarer_than_the_folds_in_its_own_words(tmp_path) -> None:
    docs = synthetic_docs()
    data = tmp_path / "few_plans.jsonl"
    write_jsonl(data, [d for d in docs if d["type"] != "plan"]
                + [d for d in docs if d["type"] == "plan"][:3])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run("train", str(data), "--out", str(tmp_path / "m"))
    assert result.exit_code == 0, result.output
    assert "note: type 'plan' has only 3 documents" in result.stderr
    assert not [w for w in caught if "least populated class" in str(w.message)]


def test_resume_counts_documents_that_share_an_id(small_model, tmp_path) -> None:
    texts = [synthetic_docs()[i]["text"] for i in (20, 20, 5, 33)]
    ids = ["same", "same", "other", "same"]  # a page twice in a row, then once more
    data = tmp_path / "crawl.jsonl"
    write_jsonl(data, [{"id": i, "text": t} for i, t in zip(ids, texts)])
    for fmt in ("jsonl", "csv"):
        whole, out = tmp_path / f"whole.{fmt}", tmp_path / f"part.{fmt}"
        run("predict", str(data), "--model", str(small_model), "--format", fmt, "-o", str(whole))
        first_two = tmp_path / "first_two.jsonl"
        write_jsonl(first_two, [{"id": i, "text": t} for i, t in zip(ids[:2], texts[:2])])
        run("predict", str(first_two), "--model", str(small_model), "--format", fmt,
            "-o", str(out))
        result = run("predict", str(data), "--model", str(small_model), "--format", fmt,
                     "-o", str(out), "--resume")
        assert "2 tagged, 0 failed, 2 skipped" in result.stderr, fmt
        assert out.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8"), fmt


def test_train_refuses_an_output_that_is_not_a_model_before_training(labelled_file,
                                                                     tmp_path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run("train", str(labelled_file), "--out", str(work))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "is not a model directory" in result.stderr
    assert [p.name for p in work.iterdir()] == ["notes.txt"]


def test_unwritable_output_is_a_one_line_error(small_model, tmp_path) -> None:
    paths = _articles(tmp_path, 1)
    for target in (tmp_path, tmp_path / "missing" / "tags.jsonl"):
        result = run("predict", *paths, "--model", str(small_model), "-o", str(target))
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert f"cannot write {target}:" in result.stderr


def test_a_missing_dev_file_stops_train_before_it_saves(labelled_file, tmp_path) -> None:
    result = run("train", str(labelled_file), "--out", str(tmp_path / "m"),
                 "--dev", str(tmp_path / "no_dev.jsonl"))
    assert result.exit_code == 2 and "no_dev.jsonl" in result.stderr
    assert not (tmp_path / "m").exists()


def test_resume_reads_lines_holding_a_unicode_line_separator(small_model, tmp_path) -> None:
    data = tmp_path / "crawl.jsonl"
    write_jsonl(data, [{"id": f"第{i}篇\u2028转载", "text": SIGNING} for i in range(2)])
    out = tmp_path / "tags.jsonl"
    run("predict", str(data), "--model", str(small_model), "-o", str(out))
    before = out.read_text(encoding="utf-8")
    result = run("predict", str(data), "--model", str(small_model), "-o", str(out), "--resume")
    assert "0 tagged, 0 failed, 2 skipped" in result.stderr
    assert out.read_text(encoding="utf-8") == before


def test_progress_total_counts_every_document_read(tmp_path) -> None:
    # The bar's total is the number of lines the run writes: errors in place count too.
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (tmp_path / "empty").mkdir()
    for name in ["a.txt", "b.html"]:
        (crawl / name).write_text(SIGNING, encoding="utf-8")
    (crawl / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    write_jsonl(tmp_path / "d.jsonl", [{"id": "x", "text": SIGNING}, {"id": "y", "text": ""}])
    inputs = [str(crawl), str(tmp_path / "empty"), str(tmp_path / "d.jsonl"), "missing.txt"]
    assert count_documents(inputs) == len(list(read_documents(inputs))) == 7
    pipe = tmp_path / "pipe"  # as <(zcat docs.jsonl.gz): how many it holds is not known
    os.mkfifo(pipe)
    assert count_documents([*inputs, str(pipe)]) is None


def test_output_that_is_also_an_input_is_refused_before_anything_is_written(
        small_model, tmp_path) -> None:
    # `predict data/*.jsonl -o data/tags.jsonl`, run twice, names its own output as input:
    # opening it for writing would empty that input (or, resuming, read what it appends).
    docs = tmp_path / "docs.jsonl"
    write_jsonl(docs, [{"id": "a", "text": SIGNING}])
    before = docs.read_bytes()
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / "a.txt").write_text(SIGNING, encoding="utf-8")
    for inputs, output in [([str(docs)], docs), ([str(docs)], tmp_path / "." / "docs.jsonl"),
                           ([str(crawl)], crawl / "tags.txt")]:
        for extra in ([], ["--resume"]):
            result = run("predict", *inputs, "--model", str(small_model), "-o", str(output),
                         *extra)
            assert result.exit_code == 2 and "also read as input" in result.stderr
            assert len(result.stderr.strip().splitlines()) == 1
    assert docs.read_bytes() == before and not (crawl / "tags.txt").exists()
    ok = run("predict", str(crawl), "--model", str(small_model), "-o", str(crawl / "tags.jsonl"))
    assert ok.exit_code == 0  # JSONL is not read from a directory: no clash


def test_version_is_the_installed_package_version() -> None:
    # A bug report quotes it; it must agree with what pip installed (pyproject.toml).
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"invest-tag {importlib.metadata.version('invest-tag')}"


def test_output_that_is_a_link_loop_is_a_one_line_error(small_model, tmp_path) -> None:
    loop = tmp_path / "loop.jsonl"
    loop.symlink_to(loop)
    article = tmp_path / "a.txt"
    article.write_text(SIGNING, encoding="utf-8")
    result = run("predict", str(article), "--model", str(small_model), "-o", str(loop))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"invest-tag: error: cannot write {loop}")

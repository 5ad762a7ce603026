"""The command line, as a user meets it: outputs, formats, and one-line errors with exit codes."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from tests.conftest import TINY, write
from tone.cli import main


@pytest.fixture
def run(tiny_model_dir):
    def invoke(*args, input=None):
        runner = CliRunner()
        return runner.invoke(
            main, [*args], input=input, env={"TONE_MODEL": str(tiny_model_dir)}, catch_exceptions=False
        )

    return invoke


def test_every_command_has_help_with_an_example(run):
    for command in ("score", "train", "evaluate"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example" in result.output


def test_score_text_output_shows_labels_probabilities_and_bars(run):
    result = run("score", "You never call back when you say you will.")
    assert result.exit_code == 0
    assert "criticism" in result.output and "█" in result.output


def test_score_jsonl_gives_one_record_per_message_in_order(run):
    result = run("score", "--format", "jsonl", "first message", "second message")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == ["first message", "second message"]
    assert set(records[0]["scores"]) == {"criticism", "contempt", "support", "need"}
    assert isinstance(records[0]["labels"], list)


def test_score_json_is_one_array(run):
    result = run("score", "--format", "json", "a", "b")
    assert [r["text"] for r in json.loads(result.stdout)] == ["a", "b"]


def test_score_csv_neutralises_formulas(run):
    result = run("score", "--format", "csv", "=cmd|' /C calc'!A0")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["text"].startswith("'=")
    assert {"score_criticism", "score_need", "labels", "cues"} <= set(rows[0])


def test_score_input_file_reports_counts_and_skipped_lines(run, tmp_path):
    path = write(tmp_path / "m.txt", "you never help\n\nthanks so much\n")
    result = run("score", "--input", str(path), "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("skipped") for r in records] == [None, "empty message", None]
    assert "3 messages read: 2 scored, 1 skipped (1 empty message)" in result.stderr


def test_score_reads_stdin(run):
    result = run("score", "--input", "-", "--format", "jsonl", input="hello there\nsee you\n")
    assert len(result.stdout.splitlines()) == 2


def test_score_csv_and_jsonl_inputs(run, tmp_path):
    csv_path = write(tmp_path / "m.csv", "id,text\n1,hi\n2,bye\n")
    jsonl_path = write(tmp_path / "m.jsonl", '{"text": "hi"}\n{"text": "bye"}\n')
    for path in (csv_path, jsonl_path):
        result = run("score", "-i", str(path), "-f", "jsonl")
        assert [json.loads(x)["text"] for x in result.stdout.splitlines()] == ["hi", "bye"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", "empty.txt: file is empty"),
        ("m.csv", "id,body\n1,hi\n", "m.csv:1: no 'text' column"),
        ("m.jsonl", '{"text": "a"}\n{"text": \n', "m.jsonl:2: invalid JSON"),
        ("m.txt", b"ok\n\xff\xfe bad\n", "m.txt:2: bytes that are not valid utf-8"),
    ],
)
def test_bad_score_input_is_one_line_error_and_nonzero_exit(run, tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    result = run("score", "--input", str(path))
    assert result.exit_code == 2
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(error_lines) == 1 and message in error_lines[0]
    assert "Traceback" not in result.output


def test_score_needs_text_or_input(run):
    result = run("score")
    assert result.exit_code == 2 and "give messages as arguments or with --input" in result.stderr


def test_train_writes_a_model_and_prints_held_out_metrics(run, tmp_path):
    out = tmp_path / "m"
    result = run("train", "--data", str(TINY), "--out", str(out), "--test-writers", "t3")
    assert result.exit_code == 0, result.output
    assert "held-out metrics" in result.stdout and "macro" in result.stdout
    assert (out / "card.json").exists() and (out / "model.joblib").exists()


def test_train_with_unknown_label_typo_in_a_new_label_set_still_trains_but_bad_json_fails(run, tmp_path):
    path = write(tmp_path / "d.jsonl", '{"text": "a", "labels": []}\n{oops\n')
    result = run("train", "--data", str(path), "--out", str(tmp_path / "m"))
    assert result.exit_code == 2 and "d.jsonl:2: invalid JSON" in result.stderr
    assert not (tmp_path / "m").exists()


def test_train_refuses_a_label_with_too_few_examples(run, tmp_path):
    rows = [json.dumps({"text": f"message {i}", "labels": ["support"] if i < 10 else []}) for i in range(30)]
    rows.append(json.dumps({"text": "not my fault", "labels": ["defensiveness"]}))
    path = write(tmp_path / "d.jsonl", "\n".join(rows) + "\n")
    result = run("train", "--data", str(path), "--out", str(tmp_path / "m"))
    assert result.exit_code == 2
    assert "label 'defensiveness' has only 1 example(s)" in result.stderr


def test_evaluate_prints_per_label_metrics_and_json(run):
    text = run("evaluate", "--data", str(TINY))
    assert text.exit_code == 0 and "macro" in text.stdout and "precision" in text.stdout
    report = json.loads(run("evaluate", "--data", str(TINY), "--format", "json").stdout)
    assert {"labels", "macro_f", "micro_f", "false_alarm_rate", "n"} <= set(report)
    assert set(report["labels"]["criticism"]) >= {"p", "r", "f", "support", "pr_auc", "threshold"}


def test_evaluate_errors_lists_mistakes_with_scores_and_cues(run):
    result = run("evaluate", "--data", str(TINY), "--errors", "--format", "json")
    errors = json.loads(result.stdout)["errors"]
    assert all({"text", "expected", "predicted", "scores", "cues"} <= set(e) for e in errors)


def test_missing_model_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["score", "hi"], env={"TONE_MODEL": str(tmp_path / "none")})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: model directory not found") and "Traceback" not in result.output


def test_models_lists_cards_of_model_directories(run, tiny_model_dir):
    text = run("models", str(tiny_model_dir.parent))
    assert (
        text.exit_code == 0 and "tiny" in text.stdout and "criticism, contempt, support, need" in text.stdout
    )
    listed = json.loads(run("models", str(tiny_model_dir), "--format", "json").stdout)
    assert any(entry["path"] == str(tiny_model_dir.resolve()) for entry in listed)

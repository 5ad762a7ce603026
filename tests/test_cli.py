"""The command line, as a user meets it: outputs, formats, and one-line errors with exit codes."""

import csv
import io
import json
import re

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
    for command in ("score", "train", "evaluate", "label"):
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


def train_on(run, tmp_path, rows: list[str]):
    """``tone train`` on JSONL rows written to a temporary file."""
    path = write(tmp_path / "d.jsonl", "\n".join(rows) + "\n")
    return run("train", "--data", str(path), "--out", str(tmp_path / "m"))


def test_train_refuses_a_label_with_too_few_examples(run, tmp_path):
    rows = [json.dumps({"text": f"message {i}", "labels": ["support"] if i < 10 else []}) for i in range(30)]
    rows.append(json.dumps({"text": "not my fault", "labels": ["defensiveness"]}))
    result = train_on(run, tmp_path, rows)
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


# tone label ---------------------------------------------------------------------------------

LABEL_MESSAGES = [
    "You never call back when you say you will.",
    "thanks, that helped a lot",
    "I need a hug tonight",
    "whatever",
    "Oh great, another brilliant idea",
]


def ranked(path, tiny_model):
    """The order tone label shows the messages of ``path`` in (most uncertain first)."""
    from tone.annotate import load_messages, rank_by_uncertainty
    from tone.api import Analyzer

    return rank_by_uncertainty(load_messages(path), Analyzer(tiny_model))


def labelled(candidate, toggled, labels=("criticism", "contempt", "support", "need")):
    """The record for a message accepted after toggling ``toggled`` from the model's guess."""
    chosen = set(candidate.guess) ^ set(toggled)
    return {"text": candidate.text, "labels": [x for x in labels if x in chosen], "source": candidate.source}


def lines_of(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_label_toggle_accept_skip_undo_quit_writes_exactly_the_decisions(run, tiny_model, tmp_path):
    path = write(tmp_path / "messages.txt", "\n".join(LABEL_MESSAGES) + "\n")
    out = tmp_path / "labels.jsonl"
    first, second, third, fourth, _ = ranked(path, tiny_model)
    keys = [
        "4",  # first: toggle need ...
        "",  # ... and accept with Enter
        "s",  # second: skip
        "13a",  # third: toggle criticism and support, accept
        "u",  # undo: back to the third, as it was saved
        "2",  # toggle contempt too
        "a",  # accept again
        "1a",  # fourth: toggle criticism, accept
        "q",
    ]
    result = run("label", str(path), "--out", str(out), input="\n".join(keys) + "\n")
    assert result.exit_code == 0, result.output
    assert lines_of(out) == [
        labelled(first, {"need"}),
        {"text": second.text, "source": second.source, "skipped": True},
        labelled(third, {"criticism", "support", "contempt"}),
        labelled(fourth, {"criticism"}),
    ]
    assert f"undone {third.source}" in result.stdout
    assert "this session: 3 labelled, 1 skipped, 1 undone" in result.stdout
    assert "labels.jsonl: 3 labelled, 1 skipped, 1 left" in result.stdout


def test_label_card_shows_the_message_keys_probabilities_and_the_models_guess(run, tiny_model, tmp_path):
    path = write(tmp_path / "messages.txt", "\n".join(LABEL_MESSAGES) + "\n")
    first = ranked(path, tiny_model)[0]
    result = run("label", str(path), "--out", str(tmp_path / "l.jsonl"), "--labels", "blame", input="q\n")
    card = result.stdout.split("this session")[0]
    assert card.startswith(f"{first.source} · 0 labelled, 0 skipped, 5 left")
    assert f"  {first.text}" in card
    for key, label in enumerate(("criticism", "contempt", "support", "need"), start=1):
        tick = "[x]" if label in first.guess else "[ ]"
        assert f"{tick} {key} {label}" in card and f"{first.scores[label]:4.2f}" in card
    assert "[ ] 5 blame" in card and "new label" in card
    assert "keys: 1-5 toggle · a/Enter accept · s skip · u undo · q quit" in card


def test_label_rerun_resumes_after_the_last_decision(run, tiny_model, tmp_path):
    path = write(tmp_path / "messages.txt", "\n".join(LABEL_MESSAGES) + "\n")
    out = tmp_path / "labels.jsonl"
    order = ranked(path, tiny_model)
    run("label", str(path), "--out", str(out), input="a\ns\nq\n")
    result = run("label", str(path), "--out", str(out), input="a\n")
    assert result.stdout.startswith(f"{order[2].source} · 1 labelled, 1 skipped, 3 left")
    assert [r["text"] for r in lines_of(out)] == [c.text for c in order[:3]]
    assert "this session: 1 labelled, 0 skipped, 0 undone" in result.stdout


def test_label_stops_at_the_end_of_piped_input_and_after_limit(run, tmp_path):
    path = write(tmp_path / "messages.txt", "\n".join(LABEL_MESSAGES) + "\n")
    out = tmp_path / "labels.jsonl"
    assert run("label", str(path), "--out", str(out), input="").exit_code == 0
    assert not out.exists()
    result = run("label", str(path), "--out", str(out), "--limit", "2", input="a\n" * 5)
    assert len(lines_of(out)) == 2 and "2 labelled, 0 skipped, 3 left" in result.stdout


def test_label_reads_only_the_text_messages_of_a_whatsapp_export(run, tmp_path):
    chat = write(
        tmp_path / "WhatsApp Chat with Ben.txt",
        "12/03/2024, 09:15 - Messages and calls are end-to-end encrypted. Tap to learn more.\n"
        "12/03/2024, 09:16 - Ana: You never call back when you say you will.\n"
        "12/03/2024, 09:17 - Ben: <Media omitted>\n"
        "12/03/2024, 09:18 - Ben: thanks, that helped a lot\n"
        "12/03/2024, 09:19 - Ana: you never call back when you say you will.\n",
    )
    out = tmp_path / "labels.jsonl"
    result = run("label", str(chat), "--out", str(out), input="s\ns\ns\n")
    assert result.exit_code == 0, result.output
    assert sorted(r["source"] for r in lines_of(out)) == [f"{chat}:2", f"{chat}:4"]


def test_tone_train_reads_what_tone_label_wrote(run, tiny_model, tiny_examples, tmp_path):
    from tone.annotate import assign_keys

    truth = {e.text: set(e.labels) for e in tiny_examples}
    key_of = {label: key for key, label in assign_keys(tiny_model.labels).items()}
    keys, skips = [], 0
    for candidate in ranked(TINY, tiny_model):
        if not truth[candidate.text] and skips < 2:
            keys.append("s")
            skips += 1
            continue
        keys.append("".join(sorted(key_of[x] for x in set(candidate.guess) ^ truth[candidate.text])) + "a")
    out = tmp_path / "labels.jsonl"
    assert run("label", str(TINY), "--out", str(out), input="\n".join(keys) + "\n").exit_code == 0
    assert sum(r.get("skipped", False) for r in lines_of(out)) == 2
    result = run("train", "--data", str(out), "--out", str(tmp_path / "mine"))
    assert result.exit_code == 0, result.output
    trained, held_out = map(int, re.findall(r"trained on (\d+) messages; held out (\d+)", result.stdout)[0])
    assert trained + held_out == len(tiny_examples) - 2


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["m.jsonl"], '{"text": "a"}\n{"text": \n', "m.jsonl:2: invalid JSON"),
        (["m.txt"], b"ok\n\x00\x01\n", "m.txt:2: looks like a binary file"),
        (["m.txt", "--format", "excel"], "hi\n", "unknown format 'excel'"),
        (["missing.txt"], None, "'missing.txt' does not exist"),
    ],
)
def test_label_bad_input_is_a_one_line_error_with_exit_2(run, tmp_path, monkeypatch, args, content, message):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        write(tmp_path / args[0], content)
    result = run("label", *args, "--out", "labels.jsonl", input="a\n")
    assert result.exit_code == 2
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(error_lines) == 1 and message in error_lines[0]
    assert not (tmp_path / "labels.jsonl").exists()


def test_train_suggests_the_known_label_a_rare_one_is_a_typo_of(run, tmp_path):
    rows = [json.dumps({"text": f"you never help {i}", "labels": ["criticism"]}) for i in range(12)]
    rows += [json.dumps({"text": f"see you at {i}", "labels": []}) for i in range(12)]
    rows.append(json.dumps({"text": "you always forget", "labels": ["critcism"]}))
    result = train_on(run, tmp_path, rows)
    assert result.exit_code == 2
    assert "label 'critcism' has only 1 example(s) (did you mean 'criticism'?)" in result.stderr


def test_train_with_base_default_adds_tones_corpus_to_a_new_label(tmp_path):
    from tone.io.datasets import Example
    from tone.train import SHIPPED_CORPUS, with_shipped_corpus

    mine = [Example("it's not my fault the bus was late", ("defensiveness",), None, "mine.jsonl", 1)]
    merged = with_shipped_corpus(mine)
    assert merged[0] is mine[0] and len(merged) > 1000
    assert {e.source for e in merged[1:]} <= {str(p) for p in SHIPPED_CORPUS.glob("*.jsonl")}


def test_training_on_a_csv_that_adds_a_new_label_predicts_it_on_held_out_data(run, tmp_path):
    out = tmp_path / "m"
    result = run("train", "--data", str(TINY.parent / "defensiveness.csv"), "--out", str(out))
    assert result.exit_code == 0, result.output
    card = json.loads((out / "card.json").read_text())
    assert card["labels"] == ["support", "defensiveness"]
    held_out = card["metrics"]["held_out"]["labels"]["defensiveness"]
    assert held_out["support"] > 0 and held_out["f"] > 0.5
    scored = json.loads(
        run("score", "--model", str(out), "-f", "jsonl", "It's not my fault, I was stuck at work").stdout
    )
    assert "defensiveness" in scored["scores"]


def test_console_script_flushes_its_output_and_keeps_exit_codes(tiny_model_dir):
    """``run()`` skips Python's teardown: what was printed must still arrive, codes unchanged."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "TONE_MODEL": str(tiny_model_dir)}
    command = [sys.executable, "-m", "tone.cli", "score", "--format", "jsonl"]
    scored = subprocess.run(
        [*command, "you never listen", "thank you"], env=env, capture_output=True, text=True
    )
    assert scored.returncode == 0, scored.stderr
    assert [json.loads(line)["text"] for line in scored.stdout.splitlines()] == [
        "you never listen",
        "thank you",
    ]
    misused = subprocess.run(command, env=env, capture_output=True, text=True)
    assert misused.returncode == 2
    assert "give messages as arguments or with --input FILE" in misused.stderr

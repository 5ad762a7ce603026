"""tone analyze on every fixture export: all four outputs, nothing lost, names hidden on request."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tone.cli import main

CHATS = Path(__file__).parent / "data" / "chats"
#: fixtures whose columns cannot be guessed (German headers) say them, as a user would.
GENERIC_OPTIONS = {
    "excel_semicolon.csv": [
        *("--format", "generic", "--column", "text=Nachricht", "--column", "sender=Von"),
        *("--column", "timestamp=Datum", "--column", "kind=Typ"),
    ]
}


def _fixtures():
    """Each fixture export with its expected parse (the sibling ``NAME.expected.jsonl``)."""
    cases = []
    for expected in sorted(CHATS.rglob("*.expected.jsonl")):
        stem = expected.name.removesuffix(".expected.jsonl")
        inputs = [
            p for p in expected.parent.iterdir() if p != expected and (p.name == stem or p.stem == stem)
        ]
        inputs = [p for p in inputs if not p.name.endswith(".expected.jsonl")]
        if inputs:
            cases.append(pytest.param(inputs[0], expected, id=str(inputs[0].relative_to(CHATS))))
    return cases


@pytest.fixture
def run(tiny_model_dir):
    def invoke(*args):
        return CliRunner().invoke(
            main, [*args], env={"TONE_MODEL": str(tiny_model_dir)}, catch_exceptions=False
        )

    return invoke


@pytest.mark.parametrize(("export", "expected"), _fixtures())
def test_every_fixture_writes_all_outputs_and_accounts_for_every_message(run, tmp_path, export, expected):
    records = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines() if line.strip()]
    messages = [r for r in records if "issue" not in r]
    extra = GENERIC_OPTIONS.get(export.name, [])
    result = run("analyze", str(export), "--out", str(tmp_path), *extra)
    assert result.exit_code == 0, result.output
    for name in ("messages.jsonl", "messages.csv", "summary.json", "report.html"):
        assert (tmp_path / name).stat().st_size > 0
    written = [
        json.loads(line) for line in (tmp_path / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [(w["kind"], w["text"]) for w in written] == [(m["kind"], m["text"]) for m in messages]
    accounting = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))["accounting"]
    assert accounting["read"] == len(messages)
    assert accounting["scored"] + sum(accounting["skipped"].values()) == len(messages)
    assert accounting["unparsed_lines"] == len(records) - len(messages)
    assert f"{len(messages)} messages read" in result.stdout


def test_scored_messages_carry_labels_and_scores_others_their_kind(run, tmp_path):
    run("analyze", str(CHATS / "whatsapp" / "android_e2e_old.txt"), "--out", str(tmp_path))
    written = [
        json.loads(line) for line in (tmp_path / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    for record in written:
        assert (record["scores"] is None) == (record["kind"] != "text")


def test_anonymize_replaces_names_in_every_output(run, tmp_path):
    export = tmp_path / "WhatsApp Chat with Ana Silva.txt"
    export.write_text(
        "05/01/2024, 21:07 - Ana Silva: hi Ben, you never call\n"
        "05/01/2024, 21:08 - Ben: sorry Ana Silva, I was at work\n"
        "13/01/2024, 09:00 - Ana Silva: thanks for the flowers Ben ❤️\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("analyze", str(export), "--out", str(out), "--anonymize")
    assert result.exit_code == 0
    for name in ("messages.jsonl", "messages.csv", "summary.json", "report.html"):
        content = (out / name).read_text(encoding="utf-8")
        assert "Ana Silva" not in content and "Ben" not in content, name
    assert "Person A" in (out / "summary.json").read_text(encoding="utf-8")
    assert "Ana Silva" not in result.stdout


def test_since_until_and_sender_filters_skip_with_reasons(run, tmp_path):
    export = CHATS / "whatsapp" / "variants" / "android_dmy_24h.txt"
    result = run("analyze", str(export), "--out", str(tmp_path), "--since", "2099-01-01")
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert summary["accounting"]["scored"] == 0
    assert summary["accounting"]["skipped"].get("before --since", 0) > 0


def test_html_report_is_self_contained_and_escaped(run, tmp_path):
    export = tmp_path / "chat.txt"
    export.write_text(
        "05/01/2024, 21:07 - <b>Ana</b>: <script>alert(1)</script> you never listen\n", encoding="utf-8"
    )
    run("analyze", str(export), "--out", str(tmp_path / "out"))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "<b>Ana</b>" not in html
    assert "http://" not in html and "https://" not in html


def test_unrecognised_file_is_one_line_error_exit_2(run, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\nnothing like a chat\n", encoding="utf-8")
    result = run("analyze", str(junk), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "notes.txt" in errors[0]

"""The Python API: plain calls, typed results, nothing printed."""

from tone.analyzer import Analyzer
from tone.io.inputs import InputText
from tone.results import ToneResult


def test_score_returns_labels_scores_and_cues(tiny_model):
    result = Analyzer(tiny_model).score("You never call back when you say you will.")
    assert isinstance(result, ToneResult)
    assert set(result.scores) == {"criticism", "contempt", "support", "need"}
    assert all(0.0 <= p <= 1.0 for p in result.scores.values())
    assert result.labels == tuple(
        label for label in result.scores if result.scores[label] >= tiny_model.card.thresholds[label]
    )


def test_score_many_streams_in_input_order(tiny_model):
    texts = (f"message {i}" for i in range(5))
    results = list(Analyzer(tiny_model).score_many(texts, batch_size=2))
    assert [r.text for r in results] == [f"message {i}" for i in range(5)]


def test_empty_inputs_are_reported_as_skipped_not_dropped(tiny_model, capsys):
    items = [InputText("hi", 1), InputText("  ", 2), InputText("thanks!", 3)]
    scored = list(Analyzer(tiny_model).score_inputs(items))
    assert [(s.line, s.skipped) for s in scored] == [(1, None), (2, "empty message"), (3, None)]
    assert capsys.readouterr() == ("", "")


def test_result_to_dict_is_json_ready(tiny_model):
    import json

    record = Analyzer(tiny_model).score("you're a clown 🙄").to_dict()
    assert json.loads(json.dumps(record))["text"] == "you're a clown 🙄"


def test_parallel_scoring_gives_the_serial_probabilities_in_the_same_order(tiny_model_dir, monkeypatch):
    import tone.analyzer

    monkeypatch.setattr(tone.analyzer, "PARALLEL_MIN", 16)
    used = []
    real_map = tone.analyzer.ordered_map
    monkeypatch.setattr(
        tone.analyzer, "ordered_map", lambda *args, **kw: used.append(1) or real_map(*args, **kw)
    )
    texts = [
        f"you never call me back {i}, it's always about you" if i % 3 else f"thanks {i} 🙂" for i in range(60)
    ]
    texts[7] = "I need you to listen to me, please"
    serial = list(Analyzer(tiny_model_dir, n_jobs=1).score_many(texts, batch_size=8))
    parallel = list(Analyzer(tiny_model_dir, n_jobs=3).score_many(texts, batch_size=8))
    assert used, "the parallel path was not taken"
    assert [r.text for r in parallel] == texts
    assert parallel == serial


def test_parallel_scoring_reports_empty_inputs_in_place(tiny_model_dir, monkeypatch):
    import tone.analyzer

    monkeypatch.setattr(tone.analyzer, "PARALLEL_MIN", 4)
    items = [InputText("" if i % 5 == 0 else f"you always {i}", i) for i in range(1, 30)]
    serial = list(Analyzer(tiny_model_dir, n_jobs=1).score_inputs(items, batch_size=4))
    parallel = list(Analyzer(tiny_model_dir, n_jobs=2).score_inputs(items, batch_size=4))
    assert parallel == serial
    assert [s.skipped for s in parallel].count("empty message") == 5


def test_score_inputs_scores_on_a_worker_per_core_and_exports_keep_a_core(tiny_model_dir, monkeypatch):
    import tone.analyzer

    monkeypatch.setattr(tone.analyzer, "PARALLEL_MIN", 4)
    workers = []
    real_map = tone.analyzer.ordered_map
    monkeypatch.setattr(
        tone.analyzer,
        "ordered_map",
        lambda f, tasks, n, **kw: workers.append(n) or real_map(f, tasks, n, **kw),
    )
    analyzer = Analyzer(tiny_model_dir, n_jobs=2)
    items = [InputText(f"you never {i}", i) for i in range(12)]
    serial = list(Analyzer(tiny_model_dir, n_jobs=1).score_inputs(items, batch_size=4))
    assert list(analyzer.score_inputs(items, batch_size=4)) == serial
    batches = [(i, [item.text for item in items[4 * i : 4 * i + 4]]) for i in range(3)]
    assert [r for _, rs in analyzer.score_batches(batches) for r in rs] == [s.result for s in serial]
    assert workers == [2, 1]

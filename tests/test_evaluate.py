import numpy as np
import pytest

from tone.evaluate import best_thresholds, indicator, label_metrics

LABELS = ["criticism", "support"]


def test_metrics_are_per_label_with_macro_micro_and_false_alarms():
    y_true = indicator([["criticism"], [], ["support"], []], LABELS)
    y_pred = indicator([["criticism"], ["support"], ["support"], []], LABELS)
    m = label_metrics(y_true, y_pred, None, LABELS)
    assert m["labels"]["criticism"] == {"p": 1.0, "r": 1.0, "f": 1.0, "support": 1}
    assert m["labels"]["support"]["p"] == 0.5
    assert m["false_alarm_rate"] == 0.5 and m["none_support"] == 2
    assert m["macro_f"] == pytest.approx((1.0 + 2 / 3) / 2, abs=1e-3)


def test_threshold_is_chosen_to_maximise_f1():
    y = np.array([[True], [True], [False], [False]])
    proba = np.array([[0.9], [0.6], [0.55], [0.1]])
    assert best_thresholds(y, proba, grid=[0.3, 0.5, 0.58, 0.7]) == [0.58]

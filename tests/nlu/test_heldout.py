"""Held-out NLU quality gate: `rasa test nlu` on sentences the model never saw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.nlu_eval import HELDOUT, intent_report, run_rasa_test_nlu

MIN_MACRO_F1 = 0.90
MIN_INTENT_F1 = 0.75


@pytest.mark.rasa
def test_heldout_intents(rasa_model: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("nlu_heldout")
    run_rasa_test_nlu(rasa_model, HELDOUT, out)
    report = intent_report(out)
    per_intent = {
        name: scores["f1-score"]
        for name, scores in report.items()
        if isinstance(scores, dict) and "support" in scores and not name.endswith("avg")
    }
    summary = json.dumps(per_intent, indent=1, sort_keys=True)
    print(f"per-intent F1 (report in {out}):\n{summary}")
    assert len(per_intent) >= 23, f"held-out file lost intents: {sorted(per_intent)}"
    weak = {name: f1 for name, f1 in per_intent.items() if f1 < MIN_INTENT_F1}
    assert not weak, f"intents below {MIN_INTENT_F1}: {weak}"
    macro_f1 = report["macro avg"]["f1-score"]
    assert macro_f1 >= MIN_MACRO_F1, f"intent macro-F1 {macro_f1:.3f} < {MIN_MACRO_F1}"

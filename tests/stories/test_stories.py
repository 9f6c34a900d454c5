"""Dialogue tests: the test stories under ``rasa test core`` on the cached model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
STORIES = Path(__file__).resolve().parent
# Sent by the phone gateway as `/keypad{...}` and `/silence{...}`, and by the chat
# gateway as `/notice{...}`: never predicted.
TRIGGER_ONLY_INTENTS = ("keypad", "silence", "notice")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ZHANGGUI_CONFIG_FILE"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_there_are_enough_stories_in_both_languages() -> None:
    names = [
        story["story"]
        for path in STORIES.glob("*.yml")
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]
    ]
    assert len(names) >= 60
    assert sum(name.startswith("zh") for name in names) >= 25
    assert sum(name.startswith("en") for name in names) >= 25


@pytest.mark.rasa
def test_stories_predict_every_action(rasa_model: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "rasa", "test", "core",
            "--model", str(rasa_model),
            "--stories", str(STORIES),
            "--fail-on-prediction-errors",
            "--out", str(tmp_path / "results"),
        ],
        cwd=tmp_path, env=_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    failed = tmp_path / "results" / "failed_test_stories.yml"
    assert not failed.exists() or "story:" not in failed.read_text(encoding="utf-8")


def test_training_data_validates(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "rasa", "data", "validate",
            "--domain", str(ROOT / "bot" / "domain"),
            "--data", str(ROOT / "data"),
            "--config", str(ROOT / "bot" / "config.yml"),
        ],
        cwd=tmp_path, env=_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    # Responses uttered by custom actions are never in stories, and the phone's
    # keys and silences are intent triggers without NLU examples; nothing else warns.
    trigger_only = tuple(
        f"The intent '{intent}' is listed in the domain file, but is not found"
        for intent in TRIGGER_ONLY_INTENTS
    )
    warnings = [
        line
        for line in output.splitlines()
        if "UserWarning" in line
        and "is not used in any story or rule" not in line
        and not any(allowed in line for allowed in trigger_only)
    ]
    assert warnings == [], warnings

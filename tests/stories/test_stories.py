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


def _intents(steps: list[dict]) -> set[str]:
    """The intents a story's or rule's steps say, ``or`` branches included."""
    found = set()
    for step in steps:
        for said in (step, *step.get("or", ())):
            if "intent" in said:
                found.add(said["intent"])
    return found


def _domain_intents() -> set[str]:
    intents = set()
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        for intent in yaml.safe_load(path.read_text(encoding="utf-8")).get(
            "intents", ()
        ):
            intents.add(intent if isinstance(intent, str) else next(iter(intent)))
    return intents


def _test_stories() -> list[dict]:
    return [
        story
        for path in sorted(STORIES.glob("*.yml"))
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]
    ]


def test_every_intent_has_a_dialogue_path() -> None:
    # The dialogue handles whatever the owner may say (or a gateway may send): each
    # intent of the domain leads somewhere in a training rule or story.
    trained: set[str] = set()
    for folder in ("rules", "stories"):
        for path in (ROOT / "data" / folder).glob("*.yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for flow in (*data.get("rules", ()), *data.get("stories", ())):
                trained |= _intents(flow["steps"])
    intents = _domain_intents()
    assert intents
    assert sorted(intents - trained) == []


def test_test_stories_exercise_each_intent_in_both_languages() -> None:
    # A test story is Mandarin or English by its name; what one language's stories
    # exercise, the other's do too, and only with intents the domain knows.
    said: dict[str, set[str]] = {"zh": set(), "en": set()}
    for story in _test_stories():
        language = story["story"][:2]
        assert language in said, story["story"]
        said[language] |= _intents(story["steps"])
    assert said["zh"], "no Mandarin test story"
    assert sorted(said["zh"] ^ said["en"]) == []
    known = _domain_intents() | {"nlu_fallback"}
    assert sorted(said["zh"] - known) == []


def test_each_story_file_has_stories_in_both_languages() -> None:
    for path in STORIES.glob("*.yml"):
        stories = yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]
        languages = {story["story"][:2] for story in stories}
        assert languages == {"zh", "en"}, path.name


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

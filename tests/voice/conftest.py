"""Fixtures shared by the speech tests."""

from __future__ import annotations

import pytest

from voice.speech.settings import SpeechSettings
from voice.speech.turn_models import TurnModels


@pytest.fixture(scope="session")
def turn_models() -> TurnModels:
    """Silero VAD and Smart Turn, loaded once for every end-of-turn test."""
    return TurnModels(SpeechSettings().models_dir / "pipecat-ai-1.14.0")

"""The real services a benchmark talks to: a seeded backend, actions and Rasa."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from tests.fixtures.backend import start_backend, stop_backend
from tests.fixtures.rasa import start_action_server, start_rasa, stop_action_server
from tools.model_cache import ensure_model


def run_with_services(measure: Callable[[str, str], Coroutine[Any, Any, None]]) -> None:
    """Start the services on free ports, run ``measure(backend_url, rasa_url)``."""
    model = ensure_model(quiet=True)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        backend, backend_process = start_backend(directory)
        actions = start_action_server(backend.url, backend.token("actions"), directory)
        rasa, rasa_process = start_rasa(model, actions, directory)
        try:
            asyncio.run(measure(backend.url, rasa.url))
        finally:
            rasa_process.terminate()
            rasa_process.wait(30)
            stop_action_server(actions)
            stop_backend(backend_process)

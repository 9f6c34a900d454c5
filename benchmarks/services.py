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


def run_with_services(
    measure: Callable[..., Coroutine[Any, Any, None]], with_database_url: bool = False
) -> None:
    """Start the services on free ports, run ``measure(backend_url, rasa_url)``.

    ``with_database_url``: the backend's database URL is a third argument.
    """
    model = ensure_model(quiet=True)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        backend, backend_process = start_backend(directory)
        actions = start_action_server(backend.url, backend.token("actions"), directory)
        rasa, rasa_process = start_rasa(model, actions, directory)
        try:
            extra = (backend.database_url,) if with_database_url else ()
            asyncio.run(measure(backend.url, rasa.url, *extra))
        finally:
            rasa_process.terminate()
            rasa_process.wait(30)
            stop_action_server(actions)
            stop_backend(backend_process)

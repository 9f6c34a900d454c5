"""Start the action server: ``python -m actions``."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk.endpoint import create_app

from actions.backend_clients import configure
from actions.config import load_config
from actions.metrics import instrument
from common.settings import load_settings, start_or_exit


def main() -> None:
    """Read settings once, wire the backend clients, serve rasa-sdk's endpoint."""
    logging.basicConfig(level=logging.INFO)
    config = start_or_exit("actions", lambda: load_config(load_settings()))
    wired = configure(config)
    app = create_app("actions", cors_origins=None, auto_reload=False)
    instrument(app)

    async def close_clients(*_: Any) -> None:
        await wired.http.close()

    app.register_listener(close_clients, "after_server_stop")
    # Bound to loopback by default: Rasa is the only caller.
    app.run(config.host, config.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()

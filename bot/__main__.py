"""``python -m bot serve``: run Rasa with the model, endpoints and credentials."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from bot.server import load_config, rasa_command, rasa_environment
from common.settings import load_settings, start_or_exit


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the sub-command and replace this process with ``rasa run``."""
    parser = argparse.ArgumentParser(prog="python -m bot")
    parser.add_argument("command", choices=["serve"])
    parser.parse_args(argv)
    settings = start_or_exit("rasa", load_settings)
    config = start_or_exit("rasa", lambda: load_config(settings))
    model = config.model
    if model is None:
        from tools.model_cache import ensure_model

        model = ensure_model()
    config.tracker_db.parent.mkdir(parents=True, exist_ok=True)
    command = rasa_command(config, model)
    env = rasa_environment(config, {**os.environ, **settings})
    os.execvpe(command[0], command, env)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())

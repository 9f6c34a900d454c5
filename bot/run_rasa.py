"""Run Rasa's command line in this process with our changes to Rasa applied.

``python -m bot.run_rasa run --model ...`` behaves like ``python -m rasa run ...``,
with :mod:`bot.rasa_speedups` and :mod:`bot.strict_stores` applied.
"""

from __future__ import annotations

from bot import rasa_speedups, strict_stores


def main() -> None:
    """Apply the changes, then hand over to Rasa's own entry point."""
    rasa_speedups.apply()
    strict_stores.apply()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()

"""Run Rasa's command line in this process with :mod:`bot.rasa_speedups` applied.

``python -m bot.run_rasa run --model ...`` behaves like ``python -m rasa run ...``.
"""

from __future__ import annotations

from bot import rasa_speedups


def main() -> None:
    """Apply the speed-ups, then hand over to Rasa's own entry point."""
    rasa_speedups.apply()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()

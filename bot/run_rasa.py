"""Run Rasa's command line in this process with :mod:`bot.rasa_speedups` applied.

``python -m bot.run_rasa run --model ...`` behaves like ``python -m rasa run ...``,
and also serves ``GET /metrics`` (:mod:`bot.metrics`).
"""

from __future__ import annotations

from bot import metrics, rasa_speedups


def main() -> None:
    """Apply the speed-ups and metrics, then hand over to Rasa's own entry point."""
    rasa_speedups.apply()
    metrics.serve_metrics()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()

"""Run Rasa's command line in this process with our changes to Rasa applied.

``python -m bot.run_rasa run --model ...`` behaves like ``python -m rasa run ...``,
with :mod:`bot.rasa_speedups` and :mod:`bot.strict_stores` applied, and also
serves ``GET /metrics`` (:mod:`bot.metrics`).
"""

from __future__ import annotations

from bot import metrics, rasa_speedups, strict_stores


def main() -> None:
    """Apply the changes and metrics, then hand over to Rasa's own entry point."""
    rasa_speedups.apply()
    strict_stores.apply()
    metrics.serve_metrics()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()

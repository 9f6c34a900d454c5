"""Rasa 3.6's tracker store through a PostgreSQL restart: reconnect, or fail the turn.

Applied by ``bot.run_rasa`` before Rasa starts (like :mod:`bot.rasa_speedups`):

- Rasa wraps every tracker store in ``FailSafeTrackerStore``. When the store fails, a
  read answers "no such conversation" and a write goes to a store in memory. During a
  database outage a turn would run on an empty conversation (the read-back forgotten,
  a PIN taken for small talk), its reply would be sent as if all were well, and its
  events would be lost. Here a store error fails the turn instead: the channels answer
  503 and the gateway tells the owner to try again in a moment.
- Rasa's SQL tracker store pools connections without checking them, so after
  PostgreSQL restarts the first use of each pooled connection fails. With
  ``pool_pre_ping`` a connection is tested as it leaves the pool and a dead one is
  replaced.
"""

from __future__ import annotations

from typing import Any, NoReturn

RASA_SERIES = "3.6."


def _fail(error: Exception) -> NoReturn:
    raise error


def apply() -> bool:
    """Install both changes; return False (and change nothing) on other Rasa."""
    import rasa
    from rasa.core import agent, tracker_store
    from rasa.core.tracker_store import (
        FailSafeTrackerStore,
        InMemoryTrackerStore,
        TrackerStore,
    )
    from rasa.shared.core.domain import Domain

    if not rasa.__version__.startswith(RASA_SERIES):
        return False
    rasa_engine_kwargs = tracker_store.create_engine_kwargs

    def create_engine_kwargs(url: Any) -> dict[str, Any]:
        kwargs = rasa_engine_kwargs(url)
        if tracker_store.is_postgresql_url(url):
            kwargs["pool_pre_ping"] = True
        return kwargs

    def create_tracker_store(
        store: TrackerStore | None, domain: Domain
    ) -> TrackerStore:
        if store is None:
            store = InMemoryTrackerStore(domain)
        else:
            store.domain = domain
        # The callback raising makes each read and write raise: no memory fallback.
        return FailSafeTrackerStore(store, on_tracker_store_error=_fail)

    tracker_store.create_engine_kwargs = create_engine_kwargs
    agent.Agent._create_tracker_store = staticmethod(create_tracker_store)
    return True

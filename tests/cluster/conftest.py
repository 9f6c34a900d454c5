"""The cluster on the machine's shared stores, started once for a test module.

Module scope (not package or session): its eight replicas should not idle through
the rest of the suite, nor run beside the cluster that ``test_store_restarts.py``
starts on private servers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.cluster import Cluster, run_cluster


@pytest.fixture(scope="module")
def cluster(
    rasa_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """The system in cluster mode (see tests/fixtures/cluster.py)."""
    yield from run_cluster(rasa_model, tmp_path_factory)

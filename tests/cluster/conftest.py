"""The cluster, started once for this package and stopped when it is done.

Package scope (not session): its eight replicas should not idle through the rest
of the suite.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.cluster import Cluster, run_cluster


@pytest.fixture(scope="package")
def cluster(
    rasa_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """The system in cluster mode (see tests/fixtures/cluster.py)."""
    yield from run_cluster(rasa_model, tmp_path_factory)

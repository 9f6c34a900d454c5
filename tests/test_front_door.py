"""The commands behind ./zhanggui: what `up` does to a database, per profile."""

import sqlite3
from pathlib import Path

import pytest

from common.credentials import SERVICE_TOKENS
from tools.run import prepare_database


def _shops(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("select count(*) from shops").fetchone()[0])


@pytest.mark.parametrize(("profile", "seeded"), [("demo", True), ("production", False)])
def test_up_seeds_the_demo_world_only_in_demo_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile: str, seeded: bool
) -> None:
    db = tmp_path / "shop.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("ZHANGGUI_PROFILE", profile)
    for spec in SERVICE_TOKENS:
        monkeypatch.setenv(spec.setting, f"a-real-{spec.service}-secret-for-this-test")
    prepare_database(profile)
    assert (_shops(db) > 50) is seeded

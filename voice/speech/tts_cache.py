"""A disk cache of synthesised speech, so a repeated answer costs nothing."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from voice.speech.audio import AudioFormatError, read_wav, wav_bytes


class SpeechCache:
    """WAV files keyed by engine, voice, rate and text; written atomically.

    A missing, empty or unreadable entry is a miss (and is removed), never served.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def key(engine: str, voice: str, rate: str, text: str) -> str:
        """Return the cache key for one rendering of ``text``."""
        material = "\x1f".join((engine, voice, rate, text))
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        """Return where the entry for ``key`` lives."""
        return self.directory / key[:2] / f"{key}.wav"

    def get(self, key: str) -> tuple[bytes, int] | None:
        """Return the cached pcm16 and rate, or None."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            pcm, rate = read_wav(data)
        except AudioFormatError:
            pcm, rate = b"", 0
        if not pcm:
            with contextlib.suppress(OSError):
                path.unlink()  # Corrupt: drop it so it is synthesised afresh.
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # Recently used: pruning removes the oldest first.
        return pcm, rate

    def prune(self, max_bytes: int) -> int:
        """Delete the least recently used entries beyond ``max_bytes``; return count."""
        entries = []
        for path in self.directory.glob("*/*.wav"):
            with contextlib.suppress(OSError):
                info = path.stat()
                entries.append((info.st_mtime, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
                removed += 1
        return removed

    def put(self, key: str, pcm16: bytes, rate: int) -> None:
        """Store audio; readers see the old entry or the whole new one, never half."""
        if not pcm16:
            return
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(wav_bytes(pcm16, rate))
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

"""Speak every fixed answer ahead of time: ``python -m voice.presynthesize``.

Reads the bot's responses (``bot/domain/*.yml``), skips texts with ``{slot}``
placeholders (they change every time) and fills the speech cache for both languages and
both speaking rates, so the first owner to hear an answer doesn't wait for it.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from voice.config import VoiceConfig
from voice.speech.registry import load_neural_en, load_neural_zh
from voice.speech.tts import TextToSpeech

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class FixedText:
    """One response text and the language it is spoken in."""

    text: str
    language: str


@dataclass
class Tally:
    """What a presynthesis run did."""

    synthesised: int = 0
    already_cached: int = 0
    failed: int = 0


def fixed_texts(domain_dir: Path) -> list[FixedText]:
    """Return the distinct placeholder-free response texts of every domain file."""
    found: dict[FixedText, None] = {}
    for path in sorted(domain_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        responses = data.get("responses", {}) if isinstance(data, dict) else {}
        for variations in responses.values():
            for variation in variations or []:
                text = str(variation.get("text", "")).strip()
                if text and "{" not in text:
                    found.setdefault(FixedText(text, _language(variation, text)))
    return list(found)


def _language(variation: dict[str, object], text: str) -> str:
    for condition in variation.get("condition", None) or []:  # type: ignore[attr-defined]
        if isinstance(condition, dict) and condition.get("name") == "language":
            return str(condition.get("value"))
    return "zh" if _CJK.search(text) else "en"


async def presynthesize(
    tts: TextToSpeech, texts: Iterable[FixedText], rates: Sequence[bool] = (False, True)
) -> Tally:
    """Synthesise each text at each rate (``slow`` flags) into the cache.

    Piece by piece, as the kiosk asks for them (counts are of pieces).
    """
    tally = Tally()
    for item in texts:
        for slow in rates:
            async for speech in tts.stream(item.text, item.language, slow=slow):
                if speech is None:
                    tally.failed += 1
                elif speech.cached:
                    tally.already_cached += 1
                else:
                    tally.synthesised += 1
    return tally


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; non-zero when some text could not be spoken."""
    config = VoiceConfig.load()
    parser = argparse.ArgumentParser(prog="python -m voice.presynthesize")
    parser.add_argument("--domain-dir", type=Path, default=config.domain_dir)
    parser.add_argument("--cache-dir", type=Path, default=config.tts_cache_dir)
    parser.add_argument(
        "--normal-only", action="store_true", help="skip the slow speaking rate"
    )
    args = parser.parse_args(argv)
    texts = fixed_texts(args.domain_dir)
    tts = TextToSpeech(
        args.cache_dir,
        gtts_timeout_s=config.gtts_timeout_s,
        espeak_path=config.espeak_path,
        neural_zh=load_neural_zh(config),
        neural_en=load_neural_en(config),
    )
    rates = (False,) if args.normal_only else (False, True)
    tally = asyncio.run(presynthesize(tts, texts, rates))
    print(
        f"{len(texts)} fixed texts: {tally.synthesised} pieces synthesised, "
        f"{tally.already_cached} already cached, {tally.failed} failed "
        f"(cache: {args.cache_dir})"
    )
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())

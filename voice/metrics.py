"""The voice gateway's Prometheus metrics: turns, speech, calls and streams.

One gateway process serves every channel (kiosk, phone, WeChat, Telegram), so
channel is the turn label. Speech is labelled by engine name only.

ASR real-time factor: ``rate(zhanggui_asr_decode_seconds_total[5m])`` divided by
``rate(zhanggui_asr_audio_seconds_total[5m])`` (under 1: faster than speech).
TTS cache hit rate: ``zhanggui_tts_cache_lookups_total{result="hit"}`` over all.
"""

from __future__ import annotations

import contextlib

from prometheus_client import Counter, Gauge, Histogram

from common.metrics import TURN_BUCKETS, timed_outcome

TURN_SECONDS = Histogram(
    "zhanggui_gateway_turn_seconds",
    "Time for Rasa to answer one turn relayed by the gateway.",
    ["channel"],
    buckets=TURN_BUCKETS,
)
TURNS = Counter(
    "zhanggui_gateway_turns_total",
    "Turns relayed to Rasa, by channel and outcome (ok, or failed: no answer).",
    ["channel", "outcome"],
)
ASR_AUDIO_SECONDS = Counter(
    "zhanggui_asr_audio_seconds_total",
    "Seconds of audio fed to speech recognition.",
    ["engine"],
)
ASR_DECODE_SECONDS = Counter(
    "zhanggui_asr_decode_seconds_total",
    "Seconds spent recognising it (resampling, endpointing, decoding).",
    ["engine"],
)
ASR_STREAMS_OPEN = Gauge(
    "zhanggui_asr_streams_open",
    "Recognition streams open now (kiosk utterances, calls, uploads).",
)
PHONE_CALLS_OPEN = Gauge(
    "zhanggui_phone_calls_open",
    "Phone calls in progress now.",
)
PHONE_CALLS = Counter(
    "zhanggui_phone_calls_total",
    "Phone calls started.",
)
TTS_CACHE_LOOKUPS = Counter(
    "zhanggui_tts_cache_lookups_total",
    "Speech requests answered from the disk cache (hit), synthesised (miss), "
    "or synthesised because they hold a code and are never stored (not_cacheable).",
    ["result"],
)


def timed_turn(channel: str) -> contextlib.AbstractContextManager[None]:
    """Count and time one turn relayed on ``channel`` (a failure is an exception)."""
    return timed_outcome(TURN_SECONDS, TURNS, channel)

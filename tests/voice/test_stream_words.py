"""The recognition stream tells its end-of-turn detector the words heard so far."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from voice.speech.streaming import DecoderStream

SPEECH = b"\x10\x00" * 320  # 20 ms at 16 kHz


class ScriptedDecoder:
    """Writes one more word of a script for each chunk it decodes."""

    def __init__(self, words: list[str]) -> None:
        self._words = words
        self._heard = 0

    def feed(self, pcm16: bytes) -> str:
        self._heard = min(self._heard + 1, len(self._words))
        return "".join(self._words[: self._heard])

    def final(self) -> tuple[str, float | None]:
        return "".join(self._words), 0.9

    def free(self) -> None:
        pass


class ListeningDetector:
    """Hears speech at once, ends the turn on the fourth chunk, keeps the words."""

    def __init__(self, sample_rate: int) -> None:
        self.words: list[str] = []
        self.chunks = 0

    heard_speech = True
    in_silence = False

    def feed(self, pcm16: bytes) -> bool:
        self.chunks += 1
        return self.chunks >= 4

    def hear_words(self, text: str) -> None:
        self.words.append(text)

    def reset(self) -> None:
        self.chunks = 0


async def test_each_partial_reaches_the_end_of_turn_detector():
    detectors: list[ListeningDetector] = []

    def make_detector(rate: int) -> ListeningDetector:
        detectors.append(ListeningDetector(rate))
        return detectors[-1]

    with ThreadPoolExecutor(1) as pool:
        stream = DecoderStream(
            lambda: ScriptedDecoder(["我", "想", "订", "可乐"]),
            input_rate=16000,
            decoder_rate=16000,
            executor=pool,
            trailing_silence_ms=600,
            max_utterance_ms=20_000,
            end_of_turn=make_detector,
        )
        results = [await stream.accept(SPEECH) for _ in range(4)]
        stream.close()
    assert detectors[0].words == ["我", "我想", "我想订", "我想订可乐"]
    final = results[-1]
    assert final is not None and final.final and final.text == "我想订可乐"

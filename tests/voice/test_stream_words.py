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

    def words_so_far(self) -> str:
        return "".join(self._words[: self._heard])

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


class WholeUtteranceDecoder:
    """Like pocketsphinx here: no partials, but decodes what it has when asked."""

    def __init__(self) -> None:
        self.asked = 0

    def feed(self, pcm16: bytes) -> str:
        return ""

    def final(self) -> tuple[str, float | None]:
        return "what parcels are waiting", None

    def words_so_far(self) -> str:
        self.asked += 1
        return "what parcels are waiting"

    def free(self) -> None:
        pass


class PausingDetector(ListeningDetector):
    """Speech for three chunks, then silence; never ends the turn itself."""

    @property
    def in_silence(self) -> bool:  # type: ignore[override]
        return self.chunks > 3

    def feed(self, pcm16: bytes) -> bool:
        self.chunks += 1
        return False


async def test_a_decoder_without_partials_is_asked_once_a_pause_begins():
    detectors: list[PausingDetector] = []
    decoders: list[WholeUtteranceDecoder] = []

    def make_decoder() -> WholeUtteranceDecoder:
        decoders.append(WholeUtteranceDecoder())
        return decoders[-1]

    def make_detector(rate: int) -> PausingDetector:
        detectors.append(PausingDetector(rate))
        return detectors[-1]

    with ThreadPoolExecutor(1) as pool:
        stream = DecoderStream(
            make_decoder,
            input_rate=16000,
            decoder_rate=16000,
            executor=pool,
            trailing_silence_ms=600,
            max_utterance_ms=20_000,
            end_of_turn=make_detector,
        )
        for _ in range(12):  # 60 ms of speech, then 180 ms of pause
            await stream.accept(SPEECH)
        stream.close()
    # Asked once, after ~96 ms of pause (not at every gap, not again while it lasts).
    assert decoders[0].asked == 1
    assert detectors[0].words == ["what parcels are waiting"]

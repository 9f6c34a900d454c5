"""End of turn by meaning: Silero VAD finds speech, Smart Turn judges each pause.

Same interface as :class:`voice.speech.endpointing.Endpointer` (``feed`` → True at
the end of the turn, ``heard_speech``, ``in_silence``, ``reset``), so recognition
streams use either. After ``pause_ms`` of non-speech, Smart Turn looks at the
utterance so far; if it sounds complete the turn ends once the silence reaches
``min_silence_ms`` too. Otherwise it waits: for ``max_silence_ms`` of silence, which
always ends a turn, or (with ``recheck_ms`` above 0) asks again every ``recheck_ms``.

The recogniser's words so far (:meth:`TurnEndpointer.hear_words`) weigh in too, since
Smart Turn hears most Mandarin mid-sentence stops as ends: words that plainly go on
(我想订…, 取件码是…) hold the turn open whatever the melody says, and words that
sound finished let a complete-sounding turn end sooner, at ``words_silence_ms``.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from voice.speech.audio import AudioFormatError, StreamResampler, check_rate
from voice.speech.settings import TurnSettings
from voice.speech.turn_models import RATE, TURN_SECONDS, WINDOW, SileroState, TurnModels
from voice.speech.unfinished_words import Words, judge_words

WINDOW_MS = WINDOW * 1000 // RATE  # 32
HYSTERESIS = 0.15  # Speech continues until the probability falls this far below.
PRE_SPEECH_MS = 500  # Audio before the detected start that Smart Turn also hears.


class TurnEndpointer:
    """Decide when an owner has finished a turn, not merely paused."""

    def __init__(
        self, sample_rate: int, models: TurnModels, settings: TurnSettings
    ) -> None:
        check_rate(sample_rate)
        if sample_rate % 8000:
            raise AudioFormatError(
                f"end of turn needs a multiple of 8 kHz, not {sample_rate} Hz"
            )
        self.sample_rate = sample_rate
        self._models = models
        self._settings = settings
        self._resampler = (
            StreamResampler(sample_rate, RATE) if sample_rate != RATE else None
        )
        self._vad_state = SileroState()
        self._pending = np.zeros(0, dtype=np.float32)
        self._odd = b""
        keep = (TURN_SECONDS * 1000 + PRE_SPEECH_MS) // WINDOW_MS
        self._audio: deque[np.ndarray] = deque(maxlen=keep)
        self.decisions: list[float] = []  # Smart Turn probabilities, for benchmarks.
        self.reset()

    def reset(self) -> None:
        """Forget the current turn (keeps the VAD's state and any partial window)."""
        self._speech_ms = 0
        self._silence_ms = 0
        self._next_check_ms = self._settings.pause_ms
        self._sounds_complete = False
        self._speaking = False
        self._ended = False
        self._words = Words.UNKNOWN
        self._audio.clear()
        self.decisions = []

    def hear_words(self, text: str) -> None:
        """The recogniser's words so far in this turn (a partial transcript)."""
        if self._settings.read_words and not self._ended:
            self._words = judge_words(text)

    @property
    def heard_speech(self) -> bool:
        """True once enough speech was heard in this turn."""
        return self._speech_ms >= self._settings.min_speech_ms

    @property
    def in_silence(self) -> bool:
        """True when the latest window was not speech."""
        return self._silence_ms > 0

    def feed(self, pcm16: bytes) -> bool:
        """Feed audio; True when the turn has ended (stays True until reset)."""
        data = self._odd + pcm16
        self._odd = data[len(data) - len(data) % 2 :]
        data = data[: len(data) - len(self._odd)]
        if self._resampler is not None:
            data = self._resampler.feed(data)
        samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
        self._pending = np.concatenate((self._pending, samples))
        usable = len(self._pending) - len(self._pending) % WINDOW
        windows, self._pending = self._pending[:usable], self._pending[usable:]
        for start in range(0, usable, WINDOW):
            if not self._ended:
                self._window(windows[start : start + WINDOW])
        return self._ended

    def _window(self, window: np.ndarray) -> None:
        settings = self._settings
        probability = self._models.speech_probability(window, self._vad_state)
        threshold = settings.vad_threshold
        if self._speaking:
            self._speaking = probability >= threshold - HYSTERESIS
        else:
            self._speaking = probability >= threshold
        self._audio.append(window)
        if self._speaking:
            self._speech_ms += WINDOW_MS
            self._silence_ms = 0
            self._next_check_ms = settings.pause_ms
            self._sounds_complete = False
            return
        self._silence_ms += WINDOW_MS
        if not self.heard_speech:
            if self._silence_ms >= settings.pause_ms:
                self._speech_ms = 0  # A cough or a click is not the start of a turn.
            while len(self._audio) * WINDOW_MS > PRE_SPEECH_MS:
                self._audio.popleft()  # Keep only the lead-in before speech.
            return
        if self._silence_ms >= settings.max_silence_ms:
            self._ended = True
        elif self._silence_ms >= self._next_check_ms:
            # Without rechecks, one verdict per pause (more silence makes the model
            # hear an end in any pause, so asking again would cut owners off).
            self._next_check_ms += settings.recheck_ms or settings.max_silence_ms
            audio = np.concatenate(tuple(self._audio))
            probability = self._models.turn_complete_probability(audio)
            self.decisions.append(probability)
            self._sounds_complete = probability >= settings.complete_threshold
        if self._sounds_complete and self._silence_ms >= self._silence_to_end():
            self._ended = True

    def _silence_to_end(self) -> int:
        """Silence that ends a turn Smart Turn heard as complete, given the words."""
        if self._words is Words.UNFINISHED:
            return self._settings.max_silence_ms
        if self._words is Words.FINISHED:
            return self._settings.words_silence_ms
        return self._settings.min_silence_ms

"""A call's voice: replies synthesised piece by piece, repeats and barge-in.

Every piece played carries a mark; the carrier echoes the marks it played, so the
call knows which reply the caller actually heard (for ``*``) and which were cut.
"""

from __future__ import annotations

import asyncio
import time

from voice.phone.call_state import CallState
from voice.phone.line import RATE
from voice.speech.audio import pcm16_resample, without_leading_silence

# Held for a sound, the assistant carries on after this much quiet with no words
# (longer than the end-of-turn model's longest wait, so real words are never lost).
RESUME_AFTER_S = 2.0


class CallPlayback(CallState):
    """Speaking, repeating and being interrupted."""

    async def _speak(self, texts: tuple[str, ...], slow: bool = False) -> None:
        """Synthesise and queue a reply piece by piece (the first plays at once)."""
        self._reply_no += 1
        reply_no = self._reply_no
        tts = self.gateway.engines.tts
        part = 0
        for text in texts:
            async for speech in tts.stream(text, self.language, slow=slow):
                if self.closed or reply_no != self._reply_no:
                    return  # Barged in: the rest of this reply is not wanted.
                if speech is None:
                    continue
                pcm = await asyncio.to_thread(
                    pcm16_resample, speech.pcm16, speech.sample_rate, RATE
                )
                if part == 0:
                    pcm = without_leading_silence(pcm, RATE)  # answer at once
                mark = f"r{reply_no}p{part}"
                part += 1
                self._pieces[mark] = (reply_no, pcm)
                self._unplayed.add(mark)
                self.player.play(pcm, mark)
        self._forget_old_pieces()

    async def _say(self, text: str) -> None:
        await self._speak((text,))

    async def _repeat(self) -> None:
        """``*``: say again the last answer the caller actually heard (marks say)."""
        heard = self._heard_reply or self._reply_no
        pieces = [pcm for number, pcm in self._pieces.values() if number == heard]
        await self._drop_playback()
        self._reply_no += 1  # What was still being synthesised is not wanted now.
        for index, pcm in enumerate(pieces):
            mark = f"r{heard}again{self._reply_no}p{index}"
            self._pieces[mark] = (heard, pcm)
            self._unplayed.add(mark)
            self.player.play(pcm, mark)

    async def _barge_in(self) -> None:
        self.figures.barge_ins += 1
        self._holding = False
        self._reply_no += 1
        await self._drop_playback()

    async def _drop_playback(self) -> None:
        # A carrier echoes the marks of cleared audio: they were not heard.
        self._cleared |= self._unplayed
        self._unplayed.clear()
        await self.player.stop()

    def _audio_started(self) -> None:
        since, self._answer_since = self._answer_since, None
        if since is not None:
            waited = (time.perf_counter() - since.at) * 1000
            if since.kind == "speech":
                self.figures.speech_answer_ms.append(waited)
            else:
                self.figures.key_answer_ms.append(waited)

    def _forget_old_pieces(self) -> None:
        keep_from = min(self._heard_reply or self._reply_no, self._reply_no)
        for mark in [m for m, (n, _) in self._pieces.items() if n < keep_from]:
            del self._pieces[mark]

    def _quiet_since_hold(self) -> bool:
        """True once the line has been quiet for a while after holding the voice."""
        ended = self._speech_ended_at
        return ended is not None and time.perf_counter() - ended > RESUME_AFTER_S

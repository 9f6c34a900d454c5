"""The phone line's parts alone: keys, barge-in words, Twilio messages, pacing."""

from __future__ import annotations

import asyncio
import base64
import json

import pytest

from voice.phone.barge_in import interrupts
from voice.phone.keypad import Keyed, KeypadBuffer
from voice.phone.line import FRAME_BYTES
from voice.phone.player import Player
from voice.phone.twilio_messages import (
    Dtmf,
    Ignored,
    Mark,
    Media,
    Started,
    Stopped,
    TwilioMessageError,
    parse_message,
)


def test_menu_keys_act_at_once_and_star_repeats() -> None:
    keypad = KeypadBuffer()
    assert keypad.press("1") == Keyed(keys="1")
    assert keypad.press("#") == Keyed(keys="#")
    assert keypad.press("*") == Keyed(repeat=True)
    assert keypad.press("A") is None  # Not a phone key.


def test_digits_are_collected_until_hash() -> None:
    keypad = KeypadBuffer()
    keypad.expect("digits")
    assert [keypad.press(k) for k in "2468"] == [None] * 4
    assert keypad.collecting
    assert keypad.press("#") == Keyed(keys="2468")
    assert not keypad.collecting
    assert keypad.press("#") is None  # Nothing keyed: nothing to send.
    keypad.press("1")
    assert keypad.press("*") == Keyed(repeat=True)  # Start again.
    assert keypad.flush() is None
    keypad.press("3")
    assert keypad.flush() == Keyed(keys="3")  # The pause after the last key.


def test_a_new_question_drops_a_half_entry() -> None:
    keypad = KeypadBuffer()
    keypad.expect("digits")
    keypad.press("9")
    keypad.expect("menu")
    assert keypad.press("2") == Keyed(keys="2")


@pytest.mark.parametrize(
    "text", ["嗯", "嗯嗯", "对", "好的", "ok", "Okay.", "yeah", "uh huh", "", "  "]
)
def test_backchannels_and_noise_do_not_interrupt(text: str) -> None:
    assert not interrupts(text)


@pytest.mark.parametrize(
    "text", ["不对", "等一下", "twenty cases of coke", "no wait", "对 不要了", "stop"]
)
def test_words_interrupt(text: str) -> None:
    assert interrupts(text)


def _twilio(event: str, **fields: object) -> str:
    return json.dumps({"event": event, "streamSid": "MZ1", **fields})


def test_twilio_messages_decode() -> None:
    start = parse_message(
        _twilio(
            "start",
            start={
                "streamSid": "MZ1",
                "callSid": "CA1",
                "customParameters": {"caller": "+8613800000001"},
                "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000},
            },
        )
    )
    assert start == Started("MZ1", "CA1", {"caller": "+8613800000001"})
    payload = base64.b64encode(b"\xff" * 160).decode()
    assert parse_message(_twilio("media", media={"payload": payload})) == Media(
        "MZ1", b"\xff" * 160
    )
    assert parse_message(_twilio("mark", mark={"name": "r1p0"})) == Mark("MZ1", "r1p0")
    assert parse_message(_twilio("dtmf", dtmf={"digit": "#"})) == Dtmf("MZ1", "#")
    assert parse_message(_twilio("stop", stop={})) == Stopped("MZ1")
    assert parse_message(_twilio("connected")) == Ignored("connected")
    assert parse_message(_twilio("something-new")) == Ignored("something-new")


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "[]",
        '{"event": 5}',
        _twilio("media", media={"payload": "***"}),
        _twilio("media", media={"payload": "A" * 20000}),
        _twilio("media", media="x"),
        _twilio("dtmf", dtmf={"digit": "A"}),
        _twilio("start", start={"streamSid": "MZ1", "callSid": ""}),
        _twilio(
            "start",
            start={
                "streamSid": "MZ1",
                "callSid": "CA1",
                "mediaFormat": {"encoding": "audio/l16", "sampleRate": 16000},
            },
        ),
        json.dumps({"event": "mark", "streamSid": "x" * 65, "mark": {"name": "a"}}),
    ],
)
def test_twilio_messages_that_break_the_protocol(raw: str) -> None:
    with pytest.raises(TwilioMessageError):
        parse_message(raw)


class RecordingLine:
    """A call line that records what the player sends (the transport's interface)."""

    def __init__(self, echoes_marks: bool) -> None:
        self.echoes_marks = echoes_marks
        self.frames: list[tuple[float, bytes]] = []
        self.marks: list[str] = []
        self.clears = 0

    async def send_frame(self, pcm16: bytes) -> bool:
        self.frames.append((asyncio.get_running_loop().time(), pcm16))
        return True

    async def mark(self, name: str) -> None:
        self.marks.append(name)

    async def clear(self) -> None:
        self.clears += 1

    async def hang_up(self) -> None:
        pass


async def test_the_player_paces_frames_and_reports_marks() -> None:
    line = RecordingLine(echoes_marks=False)
    played: list[str] = []
    both_played = asyncio.Event()
    started: list[bool] = []

    def on_played(mark: str) -> None:
        played.append(mark)
        if len(played) == 2:
            both_played.set()

    player = Player(line, on_played, lambda: started.append(True))
    player.start()
    player.play(b"\1\0" * 8000, "r1p0")  # one second
    player.play(b"\2\0" * 720, "r1p1")  # 90 ms: the last frame half full
    await asyncio.wait_for(both_played.wait(), 30)
    await player.close()
    assert played == ["r1p0", "r1p1"] and started == [True]
    assert len(line.frames) == 50 + 5
    assert all(len(frame) == FRAME_BYTES for _, frame in line.frames)
    assert line.frames[-1][1].endswith(b"\0" * 160)  # padded, not cut
    # Paced: 55 frames of 20 ms cannot all go out at once.
    span = line.frames[-1][0] - line.frames[0][0]
    assert span > 0.5, span


async def test_holding_and_stopping_the_player() -> None:
    line = RecordingLine(echoes_marks=True)
    player = Player(line, lambda mark: None, lambda: None)
    player.start()
    player.play(b"\1\0" * 16000, "long")  # two seconds
    await asyncio.sleep(0.2)
    player.hold()
    await asyncio.sleep(0.1)
    held_at = len(line.frames)
    await asyncio.sleep(0.3)
    assert len(line.frames) == held_at  # Nothing sent while held.
    player.resume()
    await asyncio.sleep(0.2)
    assert len(line.frames) > held_at
    await player.stop()
    stopped_at = len(line.frames)
    await asyncio.sleep(0.2)
    await player.close()
    assert len(line.frames) <= stopped_at + 1
    assert line.clears == 1 and not player.busy
    assert line.marks == []  # The piece never finished: its mark was not placed.

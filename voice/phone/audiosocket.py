"""Asterisk AudioSocket: a shop line on any Asterisk PBX, over plain TCP.

Each message is a type byte, a two-byte big-endian length and the payload: 0x00
hang-up, 0x01 the call's UUID (16 bytes, always first), 0x03 a DTMF digit (one
ASCII byte), 0x10 signed 16-bit little-endian PCM at 8 kHz, 0xff an error. There is
no flush and no "played" report: the player paces 20 ms frames itself, so barge-in
is "stop sending". The dialplan tells the gateway who is calling beforehand
(``POST /phone/audiosocket/calls``, see the README); without that the caller keys
the shop's number and PIN.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import struct
import uuid

from aiohttp import web

from common.error_json import error_body
from common.headers import PBX_SECRET_HEADER
from voice.gateway.state import GATEWAY, Gateway
from voice.phone.call import CallSession
from voice.phone.call_state import CallStart
from voice.phone.keypad import KEYS

logger = logging.getLogger(__name__)

HANG_UP, CALL_UUID, DTMF, AUDIO, ERROR = 0x00, 0x01, 0x03, 0x10, 0xFF
HEADER = struct.Struct(">BH")
MAX_PAYLOAD = 8000  # Half a second of 8 kHz audio; Asterisk sends 320 bytes.
READ_TIMEOUT_S = 30.0  # Asterisk sends audio all the time; silence means it is gone.
_NUMBER = re.compile(r"^\+?[0-9]{5,20}$")


class AudioSocketError(ValueError):
    """A message that breaks the protocol: the call ends."""


class AudioSocketLine:
    """The way back to an Asterisk caller: 0x10 frames, paced by the player."""

    echoes_marks = False

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self._writer = writer

    async def send_frame(self, pcm16: bytes) -> bool:
        """Send 20 ms of 8 kHz pcm16."""
        return await self._send(AUDIO, pcm16)

    async def mark(self, name: str) -> None:
        """AudioSocket reports nothing back: the player times marks itself."""

    async def clear(self) -> None:
        """Nothing to flush: audio not sent is not heard."""

    async def hang_up(self) -> None:
        """Tell Asterisk to hang up, then close the connection."""
        await self._send(HANG_UP, b"")
        self._writer.close()

    async def _send(self, kind: int, payload: bytes) -> bool:
        if self._writer.is_closing():
            return False
        try:
            self._writer.write(HEADER.pack(kind, len(payload)) + payload)
            await self._writer.drain()
        except (ConnectionError, OSError):
            return False
        return True


async def read_message(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Read one message; raises IncompleteReadError when the peer went away."""
    header = await asyncio.wait_for(reader.readexactly(HEADER.size), READ_TIMEOUT_S)
    kind, length = HEADER.unpack(header)
    if length > MAX_PAYLOAD:
        raise AudioSocketError(f"a {length}-byte message is longer than any frame")
    payload = await asyncio.wait_for(reader.readexactly(length), READ_TIMEOUT_S)
    return kind, payload


async def serve_connection(
    gateway: Gateway, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    """One AudioSocket connection: one call."""
    call: CallSession | None = None
    try:
        kind, payload = await read_message(reader)
        if kind != CALL_UUID or len(payload) != 16:
            raise AudioSocketError("the first message must be the call's UUID")
        call_id = str(uuid.UUID(bytes=payload))
        call = CallSession(
            gateway,
            AudioSocketLine(writer),
            CallStart(call_id, gateway.phone_calls.pbx_caller(call_id), "audiosocket"),
        )
        await call.begin()
        while not call.closed:
            kind, payload = await read_message(reader)
            if kind == AUDIO:
                if len(payload) % 2:
                    raise AudioSocketError("audio frames are whole 16-bit samples")
                await call.audio(payload)
            elif kind == DTMF:
                digit = payload[:1].decode("ascii", "replace")
                if digit in KEYS:
                    await call.key(digit)
            elif kind == HANG_UP:
                break
            elif kind == ERROR:
                logger.info("audiosocket %s: Asterisk reported an error", call_id)
                break
            # Other kinds (higher-rate audio on newer Asterisk) are not asked for.
    except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError):
        pass  # The PBX hung up or went away mid-frame.
    except AudioSocketError as problem:
        logger.info("audiosocket: %s; ending the call", problem)
    finally:
        if call is not None:
            await call.end()
        writer.close()


async def start_server(gateway: Gateway, host: str, port: int) -> asyncio.Server:
    """Listen for Asterisk's AudioSocket connections."""

    async def handle(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        gateway.phone_calls.connections += 1
        try:
            await serve_connection(gateway, reader, writer)
        except Exception:
            logger.exception("audiosocket: a call failed")
        finally:
            gateway.phone_calls.connections -= 1

    return await asyncio.start_server(handle, host, port)


async def note_caller(request: web.Request) -> web.Response:
    """``POST /phone/audiosocket/calls``: the dialplan says who is on a call.

    Form fields (what Asterisk's ``CURL()`` posts): ``uuid`` (the one given to
    ``AudioSocket()``), ``caller`` (``${CALLERID(num)}``) and ``secret``.
    """
    gateway = request.app[GATEWAY]
    expected = gateway.config.pbx_secret
    if expected is None:
        return _answer(503, "pbx_not_configured", "Set ZHANGGUI_PBX_SECRET.")
    form = await request.post()
    offered = str(
        form.get("secret") or request.headers.get(PBX_SECRET_HEADER) or ""
    )
    if not hmac.compare_digest(offered.encode(), expected.encode()):
        return _answer(403, "bad_secret", "The PBX secret is not right.")
    try:
        call_uuid = str(uuid.UUID(str(form.get("uuid") or "")))
    except ValueError:
        return _answer(400, "bad_uuid", "'uuid' must be the call's UUID.")
    number = str(form.get("caller") or "").strip()
    if not _NUMBER.match(number):
        return _answer(400, "bad_caller", "'caller' must be a phone number.")
    gateway.phone_calls.note_pbx_caller(call_uuid, number)
    return web.json_response({"noted": True})


def _answer(status: int, code: str, message: str) -> web.Response:
    return web.json_response(
        error_body(code, message), status=status
    )

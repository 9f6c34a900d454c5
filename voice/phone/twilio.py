"""Twilio Media Streams: the voice webhook and the bidirectional stream WebSocket.

``POST /phone/twilio/voice`` answers TwiML that connects the call to
``/phone/twilio/stream`` with the caller's number as a stream parameter. Both are
signed by Twilio (``X-Twilio-Signature``) and checked with the ``twilio`` library's
``RequestValidator`` against the public URL. On the WebSocket, ``media`` carries
base64 G.711 μ-law at 8 kHz in 20 ms frames both ways; ``mark`` comes back once the
audio before it has been played, ``clear`` drops what Twilio still holds.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

from aiohttp import WSMsgType, web
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Connect, Stream, VoiceResponse

from common.error_json import error_body
from common.headers import TWILIO_SIGNATURE_HEADER
from voice.gateway.state import GATEWAY, Gateway
from voice.phone.call import CallSession
from voice.phone.call_state import CallStart
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
from voice.speech.audio import mulaw_decode, mulaw_encode

logger = logging.getLogger(__name__)

VOICE_PATH = "/phone/twilio/voice"
STREAM_PATH = "/phone/twilio/stream"
SIGNATURE_HEADER = TWILIO_SIGNATURE_HEADER
MAX_MESSAGE_BYTES = 64 * 1024
MAX_BAD_MESSAGES = 50  # A stream that keeps sending garbage is ended.


class TwilioLine:
    """The way back to a Twilio caller: media, mark and clear on the stream."""

    echoes_marks = True

    def __init__(self, ws: web.WebSocketResponse, stream_sid: str) -> None:
        self._ws = ws
        self._sid = stream_sid

    async def send_frame(self, pcm16: bytes) -> bool:
        """Send 20 ms as base64 μ-law (no WAV header, as Twilio wants)."""
        payload = base64.b64encode(mulaw_encode(pcm16)).decode()
        return await self._send({"event": "media", "media": {"payload": payload}})

    async def mark(self, name: str) -> None:
        """Ask Twilio to echo ``name`` once what was sent before it has played."""
        await self._send({"event": "mark", "mark": {"name": name}})

    async def clear(self) -> None:
        """Drop what Twilio has buffered (barge-in)."""
        await self._send({"event": "clear"})

    async def hang_up(self) -> None:
        """Closing the stream ends the call: the TwiML has nothing after it."""
        await self._ws.close()

    async def _send(self, message: dict[str, Any]) -> bool:
        if self._ws.closed:
            return False
        try:
            await self._ws.send_str(json.dumps({**message, "streamSid": self._sid}))
        except (ConnectionError, RuntimeError):
            return False
        return True


def public_url(request: web.Request, scheme: str | None = None) -> str:
    """The URL Twilio used (and signed): the public URL if set, else this request's."""
    configured = request.app[GATEWAY].config.public_url
    if configured:
        url = configured + request.path_qs
        if scheme == "wss":
            url = url.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        return url
    own = request.scheme
    if scheme == "wss":
        own = "wss" if request.secure else "ws"
    return f"{own}://{request.host}{request.path_qs}"


def signed_by_twilio(
    gateway: Gateway, request: web.Request, url: str, params: dict[str, str]
) -> bool:
    """Whether the request carries a valid Twilio signature for ``url``."""
    signature = request.headers.get(SIGNATURE_HEADER)
    if not signature:
        return False
    return any(
        RequestValidator(token).validate(url, params, signature)
        for token in gateway.config.twilio_auth_tokens
    )


def _refuse(status: int, code: str, message: str) -> web.Response:
    return web.json_response(
        error_body(code, message), status=status
    )


async def voice_webhook(request: web.Request) -> web.Response:
    """``POST /phone/twilio/voice``: connect the call to the media stream."""
    gateway = request.app[GATEWAY]
    if not gateway.config.twilio_auth_tokens:
        return _refuse(503, "twilio_not_configured", "Set ZHANGGUI_TWILIO_AUTH_TOKEN.")
    form = await request.post()
    params = {key: str(value) for key, value in form.items()}
    if not signed_by_twilio(gateway, request, public_url(request), params):
        return _refuse(403, "bad_signature", "The X-Twilio-Signature is not right.")
    stream_url = public_url(request, "wss").rsplit(VOICE_PATH, 1)[0] + STREAM_PATH
    stream_url = stream_url.split("?", 1)[0]  # Twilio allows no query string here.
    stream = Stream(url=stream_url)
    caller = params.get("From", "")
    if caller:
        stream.parameter(name="caller", value=caller)
    connect = Connect()
    connect.append(stream)
    twiml = VoiceResponse()
    twiml.append(connect)
    return web.Response(text=str(twiml), content_type="text/xml")


async def media_stream(request: web.Request) -> web.StreamResponse:
    """``GET /phone/twilio/stream``: one call's bidirectional media stream."""
    gateway = request.app[GATEWAY]
    if not gateway.config.twilio_auth_tokens:
        return _refuse(503, "twilio_not_configured", "Set ZHANGGUI_TWILIO_AUTH_TOKEN.")
    if not signed_by_twilio(gateway, request, public_url(request, "wss"), {}):
        return _refuse(403, "bad_signature", "The X-Twilio-Signature is not right.")
    ws = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_MESSAGE_BYTES)
    await ws.prepare(request)
    await TwilioStream(gateway, ws).run()
    return ws


class TwilioStream:
    """Reads one stream's messages and hands them to its call session."""

    def __init__(self, gateway: Gateway, ws: web.WebSocketResponse) -> None:
        self.gateway = gateway
        self.ws = ws
        self.call: CallSession | None = None
        self.stream_sid: str | None = None
        self.bad_messages = 0

    async def run(self) -> None:
        """Serve the stream until Twilio stops it or the socket goes away."""
        try:
            async for message in self.ws:
                if message.type != WSMsgType.TEXT:
                    self._bad("binary frames are not part of the protocol")
                elif not await self._handle(message.data):
                    break
                if self.bad_messages > MAX_BAD_MESSAGES:
                    logger.warning("twilio stream: too many bad messages; ending")
                    break
        finally:
            if self.call is not None:
                await self.call.end()
            if not self.ws.closed:
                await self.ws.close()

    async def _handle(self, raw: str) -> bool:
        try:
            message = parse_message(raw)
        except TwilioMessageError as problem:
            self._bad(str(problem))
            return True
        if isinstance(message, Ignored):
            return True
        if isinstance(message, Started):
            if self.call is not None:
                self._bad("a second 'start' on one stream")
                return True
            await self._start(message)
            return True
        if self.call is None or message.stream_sid != self.stream_sid:
            self._bad("a message for another stream, or before 'start'")
            return True
        if isinstance(message, Media):
            await self.call.audio(mulaw_decode(message.mulaw))
        elif isinstance(message, Dtmf):
            await self.call.key(message.digit)
        elif isinstance(message, Mark):
            self.call.played(message.name)
        elif isinstance(message, Stopped):
            return False
        return True

    async def _start(self, started: Started) -> None:
        self.stream_sid = started.stream_sid
        caller = started.parameters.get("caller") or None
        self.call = CallSession(
            self.gateway,
            TwilioLine(self.ws, started.stream_sid),
            CallStart(call_id=started.call_sid, caller=caller, transport="twilio"),
        )
        await self.call.begin()

    def _bad(self, problem: str) -> None:
        self.bad_messages += 1
        logger.info("twilio stream %s: %s", self.stream_sid or "-", problem)

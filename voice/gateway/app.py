"""``init_app(config, engines)``: the gateway's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path

import aiohttp
from aiohttp import web

from common.callers import CallerResolver
from common.metrics import METRICS_PATH, aiohttp_metrics
from voice.config import VoiceConfig
from voice.gateway import http_api
from voice.gateway.backend_client import BackendClient
from voice.gateway.errors import json_errors
from voice.gateway.kiosk import kiosk_socket
from voice.gateway.rasa_client import RasaClient
from voice.gateway.state import GATEWAY, Engines, Gateway
from voice.messaging.bridges import setup_messaging
from voice.phone import audiosocket, twilio
from voice.speech.tts import SpeechStats

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
AUDIOSOCKET_PORT = web.AppKey("audiosocket_port", int)
# A 60 s voice note at 48 kHz is 5.8 MB of PCM.
MAX_BODY_BYTES = 6 * 1024 * 1024


def init_app(
    config: VoiceConfig,
    engines: Engines,
    phrase_hints: Mapping[str, Sequence[str]] | None = None,
) -> web.Application:
    """Build the gateway around already loaded speech engines.

    ``phrase_hints`` are, per language, what kiosk streams should expect (see
    ``voice.speech.corpus.phrase_hints``); engines that can use them bias towards them.
    """
    app = web.Application(middlewares=[json_errors], client_max_size=MAX_BODY_BYTES)

    async def clients(app: web.Application) -> AsyncIterator[None]:
        callers = CallerResolver(config.backend_url, config.gateway_tokens[0])
        async with aiohttp.ClientSession() as session:
            app[GATEWAY] = Gateway(
                config=config,
                engines=engines,
                backend=BackendClient(
                    session, config.backend_url, config.gateway_tokens[0]
                ),
                callers=callers,
                rasa=RasaClient(session, config.rasa_url, config.channel_secret),
                phrase_hints=dict(phrase_hints or {}),
            )
            server = await audiosocket.start_server(
                app[GATEWAY], config.host, config.audiosocket_port
            )
            app[AUDIOSOCKET_PORT] = server.sockets[0].getsockname()[1]
            yield
            server.close()
            gateway = app[GATEWAY]
            for task in list(gateway.turn_tasks):
                task.cancel()
        await callers.close()

    app.cleanup_ctx.append(clients)
    setup_messaging(app, config.messaging)
    app.router.add_get("/", kiosk_page)
    app.router.add_get("/healthz", health)
    # Counts only (no token, like /healthz); see voice/metrics.py.
    app.router.add_get(METRICS_PATH, aiohttp_metrics)
    app.router.add_get("/ws/kiosk", kiosk_socket)
    app.router.add_post("/asr", http_api.asr)
    app.router.add_post("/tts", http_api.tts)
    app.router.add_post(twilio.VOICE_PATH, twilio.voice_webhook)
    app.router.add_get(twilio.STREAM_PATH, twilio.media_stream)
    app.router.add_post("/phone/audiosocket/calls", audiosocket.note_caller)
    app.router.add_static("/static/", STATIC_DIR)
    return app


async def kiosk_page(request: web.Request) -> web.FileResponse:
    """``GET /``: the kiosk page."""
    return web.FileResponse(
        STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"}
    )


async def health(request: web.Request) -> web.Response:
    """``GET /healthz``: liveness plus counters that reveal leaks."""
    gateway = request.app[GATEWAY]
    return web.json_response(
        {
            "status": "ok",
            "sessions": gateway.sessions,
            "calls": gateway.phone_calls.open,
            "phone_connections": gateway.phone_calls.connections,
            "open_streams": gateway.streams.open,
            "turns_running": len(gateway.turn_tasks),
            "tts": _speech_counters(gateway.engines.tts),
        }
    )


def _speech_counters(tts: object) -> dict[str, object]:
    """Which engine spoke, failed or was passed over, if the synthesiser counts it."""
    stats = getattr(tts, "stats", None)
    return stats.as_dict() if isinstance(stats, SpeechStats) else {}

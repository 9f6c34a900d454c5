"""``python -m voice serve``: the voice gateway (kiosk, phone line, /asr, /tts)."""

from __future__ import annotations

import argparse
import dataclasses
import logging
from collections.abc import Sequence

from aiohttp import web

from common.settings import start_or_exit
from voice.config import VoiceConfig
from voice.gateway.app import init_app
from voice.speech.corpus import phrase_hints
from voice.speech.registry import SpeechEngines

log = logging.getLogger("voice")


def serve(config: VoiceConfig) -> None:
    """Load the speech models once, then serve until interrupted."""
    engines = SpeechEngines.load(config)
    log.info("speech recognition ready for %s", ", ".join(engines.languages) or "none")
    # English hints are already the pocketsphinx engine's domain model; Chinese ones
    # narrow a small Vosk model to the shop's words.
    hints = {"zh": phrase_hints("zh", config.nlu_dir)}
    app = init_app(config, engines, phrase_hints=hints)
    try:
        web.run_app(app, host=config.host, port=config.port, access_log=None)
    finally:
        engines.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the gateway."""
    parser = argparse.ArgumentParser(prog="python -m voice")
    sub = parser.add_subparsers(dest="command", required=True)
    serve_parser = sub.add_parser("serve", help="run the voice gateway")
    serve_parser.add_argument("--host", help="bind address (VOICE_HOST)")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    config = start_or_exit("voice gateway", VoiceConfig.load)
    if args.host:
        config = dataclasses.replace(config, host=args.host)
    serve(config)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

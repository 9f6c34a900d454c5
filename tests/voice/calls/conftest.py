"""The phone line for whole-call tests: the gateway with everything real behind it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.fixtures.phone import PhoneLine
from tests.fixtures.voice import KoreanForChinese, start_gateway


@pytest.fixture
async def line(
    speech_engines: KoreanForChinese, backend_url: str, rasa_server: Any
) -> AsyncIterator[PhoneLine]:
    """The gateway with everything real behind it; silences are 2 s, not 6."""
    async for under_test in start_gateway(
        speech_engines, backend_url, rasa_server.url, phone_silence_s=2.0
    ):
        phone_line = PhoneLine(under_test)
        try:
            yield phone_line
        finally:
            await phone_line.hang_up_all()

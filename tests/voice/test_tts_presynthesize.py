"""Presynthesis of the bot's fixed answers into the speech cache."""

from __future__ import annotations

from pathlib import Path

from voice.presynthesize import FixedText, fixed_texts, presynthesize
from voice.speech.tts import TextToSpeech
from voice.speech.tts_engines import EspeakEngine

ROOT = Path(__file__).resolve().parents[2]

DOMAIN = """
version: '3.1'
responses:
  utter_hello:
  - condition:
    - type: slot
      name: language
      value: en
    text: Hello, how can I help?
  - text: 你好，要帮什么忙？
  utter_count:
  - condition:
    - type: slot
      name: language
      value: en
    text: '{count} parcels are waiting.'
  - text: 有{count}个包裹在等人取。
  utter_image_only:
  - image: https://example.invalid/a.png
"""


def test_fixed_texts_skip_placeholders_and_know_their_language(tmp_path):
    (tmp_path / "shared.yml").write_text(DOMAIN, encoding="utf-8")
    assert fixed_texts(tmp_path) == [
        FixedText("Hello, how can I help?", "en"),
        FixedText("你好，要帮什么忙？", "zh"),
    ]


def test_the_real_domain_has_fixed_texts_in_both_languages():
    texts = fixed_texts(ROOT / "bot" / "domain")
    languages = {t.language for t in texts}
    assert languages == {"zh", "en"}
    assert not any("{" in t.text for t in texts)


async def test_presynthesis_fills_the_cache_and_a_rerun_costs_nothing(tmp_path):
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "shared.yml").write_text(DOMAIN, encoding="utf-8")
    tts = TextToSpeech(tmp_path / "cache", engines=[EspeakEngine()])
    texts = fixed_texts(tmp_path / "domain")
    first = await presynthesize(tts, texts)
    # Counted in pieces, as the kiosk asks for them: 你好， | 要帮什么忙？
    assert (first.synthesised, first.already_cached, first.failed) == (6, 0, 0)
    again = await presynthesize(tts, texts)
    assert (again.synthesised, again.already_cached, again.failed) == (0, 6, 0)
    pieces = [s async for s in tts.stream("你好，要帮什么忙？", "zh", slow=True)]
    assert len(pieces) == 2 and all(p is not None and p.cached for p in pieces)


async def test_failures_are_counted(tmp_path):
    tts = TextToSpeech(tmp_path, engines=[EspeakEngine("/nonexistent/espeak-ng")])
    tally = await presynthesize(tts, [FixedText("Hello", "en")], rates=(False,))
    assert tally.failed == 1

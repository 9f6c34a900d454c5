"""Linking a chat account: a six-digit code, given at the kiosk or on the phone.

The owner says "绑定微信"; with the PIN, the backend issues a code valid for ten
minutes, said here digit by digit, which the owner sends in WeChat or Telegram (the
gateway redeems it there). A chat never gets a code itself: whoever holds the chat
account is not proven to be the owner.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.base import ShopAction, Turn, clear_context, entity_values, latest_text
from actions.questions import Choice, PinStep, ask_for_pin, position_said
from actions.speech_text import code_words
from common.channels import CHAT_CHANNELS, TELEGRAM, WECHAT
from common.languages import is_english

# In the order the keys name them: 1 WeChat, 2 Telegram.
PLATFORMS: tuple[str, ...] = CHAT_CHANNELS
PLATFORM_NAMES: Mapping[str, tuple[str, str]] = {
    WECHAT: ("微信", "WeChat"),
    TELEGRAM: ("电报", "Telegram"),
}
# 纸飞机 ("paper plane") is what Telegram is called in Mandarin chat.
PLATFORM_WORDS: Mapping[str, re.Pattern[str]] = {
    WECHAT: re.compile(r"微信|we\s?chat|weixin", re.IGNORECASE),
    TELEGRAM: re.compile(r"电报|飞机|telegram|\btg\b", re.IGNORECASE),
}
WHICH_PLATFORM_NAME = "link_platform"


def platform_said(tracker: Tracker) -> str | None:
    """The one platform the owner named (entity or words), or None."""
    said = " ".join([*entity_values(tracker, "chat_platform"), latest_text(tracker)])
    named = [name for name, words in PLATFORM_WORDS.items() if words.search(said)]
    return named[0] if len(named) == 1 else None


def platform_name(platform: str, language: str) -> str:
    """The platform's name as the owner calls it: 微信 / WeChat."""
    zh, en = PLATFORM_NAMES[platform]
    return en if is_english(language) else zh


async def give_link_code(
    turn: Turn,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    platform: str | None = None,
) -> list[EventType]:
    """Say a fresh link code, asking which platform and the PIN first if needed."""
    if tracker.get_latest_input_channel() in CHAT_CHANNELS:
        dispatcher.utter_message(response="utter_link_from_chat")
        return [SlotSet("link_platform", None), *clear_context()]
    platform = platform or platform_said(tracker) or tracker.get_slot("link_platform")
    if platform not in PLATFORM_NAMES:
        dispatcher.utter_message(response="utter_link_which_platform")
        return [SlotSet("awaiting", WHICH_PLATFORM_NAME), SlotSet("confirming", None)]
    if not turn.owner_session:
        return [
            SlotSet("link_platform", platform),
            *ask_for_pin(dispatcher, LINK_WITH_PIN),
        ]
    issued = await clients().link_codes.issue(turn.shop, turn.owner_session, platform)
    dispatcher.utter_message(
        response="utter_link_code",
        platform=platform_name(platform, turn.language),
        code=code_words(issued.code, turn.language, spaced=True),
    )
    return [SlotSet("link_platform", None), *clear_context()]


async def platform_by_key(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, position: int
) -> list[EventType] | None:
    """Keypad 1 or 2 to "WeChat or Telegram?"; None past the end."""
    if not 1 <= position <= len(PLATFORMS):
        return None
    return await give_link_code(turn, dispatcher, tracker, PLATFORMS[position - 1])


async def platform_by_words(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """Words to "WeChat or Telegram?" ("微信", "the second one"); None if neither."""
    platform = platform_said(tracker)
    if platform is not None:
        return await give_link_code(turn, dispatcher, tracker, platform)
    return await position_said(platform_by_key, turn, dispatcher, tracker)


WHICH_PLATFORM = Choice(
    WHICH_PLATFORM_NAME,
    on_answer=platform_by_words,
    on_key=platform_by_key,
    reask="utter_press_link_platform",
)
LINK_WITH_PIN = PinStep("link_code", give_link_code)


class ActionLinkChat(ShopAction):
    """Answer "绑定微信": a link code for WeChat or Telegram."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_link_chat"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Give the code (asking which platform and for the PIN as needed)."""
        return await give_link_code(turn, dispatcher, tracker)

"""What the chat bridges say themselves (everything else comes from the assistant).

Short, and each says what to do next. An account not linked yet hears the linking
steps in the channel's usual language.
"""

from __future__ import annotations

from typing import Literal

Key = Literal[
    "link_steps",
    "linked",
    "link_code_wrong",
    "link_tries_used_up",
    "welcome_back",
    "busy",
    "unsupported",
    "edit_not_read",
    "voice_unreadable",
    "voice_too_long",
    "voice_not_heard",
    "unfollowed",
]

WORDS: dict[Key, dict[str, str]] = {
    "link_steps": {
        "zh": "您好，我是掌柜。这个账号还没有绑定店铺。"
        "请在店里的平板或电话上说“绑定微信”（或“绑定电报”），"
        "拿到六位绑定码后，十分钟内把这六位数字发到这里。",
        "en": "Hello, I'm Zhanggui. This account is not linked to a shop yet. At your "
        "shop's tablet or on the phone, say 'link my Telegram' to get a six-digit "
        "code, then send those six digits here within ten minutes.",
    },
    "linked": {
        "zh": "绑定好了，{name}！以后在这里发文字或语音就能订货、查快递、问贷款。",
        "en": "You're linked, {name}! Send text or voice here to reorder, check "
        "parcels or ask about your loan.",
    },
    "link_code_wrong": {
        "zh": "这个绑定码不对或已过期。请在平板或电话上重新要一个，十分钟内发过来。",
        "en": "That link code is wrong or has expired. Ask for a new one at the tablet "
        "or on the phone and send it within ten minutes.",
    },
    "link_tries_used_up": {
        "zh": "绑定码错的次数太多了。请过一刻钟再发，或者在平板或电话上重新要一个。",
        "en": "Too many wrong link codes. Please wait a quarter of an hour, or ask "
        "for a new code at the tablet or on the phone.",
    },
    "welcome_back": {
        "zh": "欢迎回来，{name}！发文字或语音给我就行，比如“再来二十箱可口可乐”。",
        "en": "Welcome back, {name}! Send me text or voice, like 'twenty cases of "
        "coke'.",
    },
    "busy": {
        "zh": "掌柜这会儿有点忙，没能回答。请过一分钟再发一次。",
        "en": "I couldn't answer just now. Please send it again in a minute.",
    },
    "unsupported": {
        "zh": "这种消息我还看不懂。请发文字或语音给我。",
        "en": "I can't read that kind of message yet. Please send text or voice.",
    },
    "edit_not_read": {
        "zh": "改过的消息我不会再处理。要改什么，请重新发一条给我。",
        "en": "I don't act on edited messages. Please send the change as a new "
        "message.",
    },
    "voice_unreadable": {
        "zh": "这条语音我打不开。请再录一遍，或者打字发给我。",
        "en": "I couldn't open that voice message. Please record it again or type it.",
    },
    "voice_too_long": {
        "zh": "语音太长了。请说短一点，一分钟以内，一次说一件事。",
        "en": "That voice message is too long. Please keep it under a minute, one "
        "thing at a time.",
    },
    "voice_not_heard": {
        "zh": "没听清这条语音。请靠近一点再说一遍，或者打字发给我。",
        "en": "I couldn't make out that voice message. Please say it again closer to "
        "the phone, or type it.",
    },
    "unfollowed": {"zh": "", "en": ""},
}


def say(key: Key, language: str, **values: str) -> str:
    """The words for ``key`` in ``language`` (Mandarin when unknown)."""
    words = WORDS[key]
    return words.get(language, words["zh"]).format(**values)

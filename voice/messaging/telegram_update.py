"""Telegram's webhook body (an ``Update``, JSON) read into what the bridge needs.

Only the fields the bridge uses are read (https://core.telegram.org/bots/api#update).
A body that is not an Update is refused; an Update the bridge has nothing to say
to (a button press, a channel post, a member change) is read as ``ignored``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

# A text holds at most 4096 characters; entities and names make an update larger.
MAX_UPDATE_BYTES = 256 * 1024
MAX_TEXT_CHARS = 4096

# Telegram's ids fit in 52 bits (a double); anything larger is not from Telegram.
LARGEST_ID = 2**53

Kind = Literal["text", "voice", "edited", "unsupported", "ignored"]


class BadUpdateError(Exception):
    """The body is not a Telegram Update this bridge can read."""


@dataclass(frozen=True)
class Update:
    """One update, as the bridge needs it."""

    update_id: int
    kind: Kind
    account: str = ""  # the chat's id (the owner's user id in a private chat)
    text: str = ""
    file_id: str = ""  # a voice note's (or an audio file's)
    duration_s: int = 0
    file_size: int = 0


# No Update nests deeper than a few levels; deeper bodies are refused unparsed, so
# the parser's recursion (whose limit another library in the process may raise)
# is never what stops them.
MAX_DEPTH = 64
_OPEN = re.compile(rb"[\[{]{%d}" % MAX_DEPTH)


def parse_update(body: bytes) -> Update:
    """Read a webhook body; raise BadUpdateError when it is not an Update."""
    if _OPEN.search(body):
        raise BadUpdateError("the body nests too deeply")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        # RecursionError: thousands of nested brackets, which no Update has.
        raise BadUpdateError("the body is not JSON") from error
    if not isinstance(data, dict):
        raise BadUpdateError("an update is a JSON object")
    update_id = _id(data.get("update_id"))
    if update_id is None or update_id < 0:
        raise BadUpdateError("the update has no update_id")
    if "message" in data:
        return _message(update_id, data["message"])
    if "edited_message" in data:
        return Update(update_id, "edited", account=_account(data["edited_message"]))
    return Update(update_id, "ignored")


def _message(update_id: int, message: Any) -> Update:
    account = _account(message)
    sender = message.get("from")
    if isinstance(sender, dict) and sender.get("is_bot") is True:
        return Update(update_id, "ignored")  # bots do not talk to the assistant
    text = message.get("text")
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        raise BadUpdateError("the text is longer than Telegram allows")
    if isinstance(text, str) and text.strip():
        return Update(update_id, "text", account=account, text=text)
    # A voice note is OGG/Opus; an audio file (MP3, M4A...) is heard the same way.
    for field in ("voice", "audio"):
        media = message.get(field)
        if isinstance(media, dict) and isinstance(media.get("file_id"), str):
            return Update(
                update_id,
                "voice",
                account=account,
                file_id=media["file_id"],
                duration_s=_whole(media.get("duration")),
                file_size=_whole(media.get("file_size")),
            )
    return Update(update_id, "unsupported", account=account)


def _account(message: Any) -> str:
    """The chat to answer: ``chat.id``, else the sender's ``from.id``."""
    if not isinstance(message, dict):
        raise BadUpdateError("the message is not an object")
    for field in ("chat", "from"):
        holder = message.get(field)
        chat_id = _id(holder.get("id")) if isinstance(holder, dict) else None
        if chat_id is not None:
            return str(chat_id)
    raise BadUpdateError("the message names no chat")


def _id(value: Any) -> int | None:
    """``value`` when it is a number Telegram could have sent (never a bool)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if abs(value) < LARGEST_ID else None
    return None


def _whole(value: Any) -> int:
    number = _id(value)
    return number if number is not None and number > 0 else 0

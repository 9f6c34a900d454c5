"""One turn at a time per chat, in the order they started; chats do not wait."""

from __future__ import annotations

import asyncio

from voice.messaging.chat_order import ChatOrder


async def test_turns_of_one_chat_run_in_order_and_other_chats_do_not_wait() -> None:
    order = ChatOrder()
    log: list[str] = []
    release = asyncio.Event()

    async def turn(chat: str, name: str, hold: bool) -> None:
        async with order.turn(chat):
            log.append(f"{name} starts")
            if hold:
                await release.wait()
            log.append(f"{name} ends")

    first = asyncio.create_task(turn("a", "a1", hold=True))
    second = asyncio.create_task(turn("a", "a2", hold=False))
    third = asyncio.create_task(turn("a", "a3", hold=False))
    other = asyncio.create_task(turn("b", "b1", hold=False))
    await other
    assert log == ["a1 starts", "b1 starts", "b1 ends"]
    release.set()
    await asyncio.gather(first, second, third)
    assert log[3:] == ["a1 ends", "a2 starts", "a2 ends", "a3 starts", "a3 ends"]
    assert order._locks == {}  # nothing kept once the chat is quiet

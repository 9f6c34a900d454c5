"""Link codes: a chat account linked to its owner once, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from backend.db.database import Database
from backend.db.models import AuditEntry, utc_now
from backend.services import link_codes
from backend.services.errors import NotFoundError, TooManyTriesError
from tests.backend.conftest import Api

REDEEM = "/v1/link-codes/redeem"
WRONG = "link_code_wrong"


def new_account(channel: str = "wechat") -> str:
    return f"{channel}-link-{uuid.uuid4().hex[:10]}"


async def issue(api: Api, owner_id: int = 1, channel: str = "wechat") -> str:
    session = await api.login(owner_id)
    status, body = await api.call(
        "POST", f"/v1/shops/{owner_id}/link-codes", {"channel": channel},
        session=session,
    )  # fmt: skip
    assert status == 201, body
    assert body["code"].isdigit() and len(body["code"]) == 6
    assert body["expires_at"].endswith("+00:00")
    return str(body["code"])


async def redeem(
    api: Api, account: str, code: str, channel: str = "wechat"
) -> tuple[int, Any]:
    return await api.call(
        "POST", REDEEM, {"channel": channel, "account": account, "code": code}
    )


async def owner_of(api: Api, channel: str, account: str) -> int | None:
    status, body = await api.call(
        "POST", "/v1/identity/resolve", {"channel": channel, "id": account}
    )
    return int(body["owner_id"]) if status == 200 else None


async def test_a_code_links_the_account_once(api: Api) -> None:
    code = await issue(api, owner_id=1)
    account = new_account()
    assert await owner_of(api, "wechat", account) is None
    status, body = await redeem(api, account, code)
    assert status == 201, body
    assert body == {"owner_id": 1, "shop_id": 1, "display_name": "王维军",
                    "shop_name": "维军百货", "language": "zh"}  # fmt: skip
    assert await owner_of(api, "wechat", account) == 1
    # Used: the same code from another account (or the same one) is wrong.
    for sender in (new_account(), account):
        status, body = await redeem(api, sender, code)
        assert status == 404 and body["error"]["code"] == WRONG, body


async def test_wrong_and_other_channels_codes_get_one_answer(api: Api) -> None:
    code = await issue(api, owner_id=2, channel="telegram")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    answers = [
        await redeem(api, new_account(), wrong, "telegram"),
        await redeem(api, new_account(), code, "wechat"),
    ]
    for status, body in answers:
        assert status == 404 and body["error"]["code"] == WRONG, body
    # The other channel's try did not use the code up.
    account = new_account("telegram")
    status, body = await redeem(api, account, code, "telegram")
    assert status == 201 and body["language"] == "en", body
    assert await owner_of(api, "telegram", account) == 2


async def test_a_new_code_replaces_the_unused_one(api: Api) -> None:
    first = await issue(api, owner_id=3)
    other_channel = await issue(api, owner_id=3, channel="telegram")
    second = await issue(api, owner_id=3)
    assert first != second
    status, body = await redeem(api, new_account(), first)
    assert status == 404 and body["error"]["code"] == WRONG
    status, _ = await redeem(api, new_account(), second)
    assert status == 201
    status, _ = await redeem(api, new_account("telegram"), other_channel, "telegram")
    assert status == 201  # a code per channel


async def test_five_wrong_codes_stop_the_account_not_others(api: Api) -> None:
    code = await issue(api, owner_id=1)
    guesser = new_account()
    for n in range(5):
        status, body = await redeem(api, guesser, f"{n:06d}" if code != f"{n:06d}"
                                    else "999999")  # fmt: skip
        assert status == 404 and body["error"]["code"] == WRONG, body
    status, body = await redeem(api, guesser, code)  # even the right code now
    assert status == 429 and body["error"]["code"] == "too_many_tries", body
    status, body = await redeem(api, new_account(), code)
    assert status == 201, body


async def test_an_account_moves_to_the_owner_who_gave_the_code(api: Api) -> None:
    account = new_account()
    status, _ = await redeem(api, account, await issue(api, owner_id=1))
    assert status == 201 and await owner_of(api, "wechat", account) == 1
    status, body = await redeem(api, account, await issue(api, owner_id=2))
    assert status == 201 and body["owner_id"] == 2
    assert await owner_of(api, "wechat", account) == 2
    # Linking it again to the same owner changes nothing.
    status, body = await redeem(api, account, await issue(api, owner_id=2))
    assert status == 201 and await owner_of(api, "wechat", account) == 2


async def test_who_may_issue_and_redeem(api: Api) -> None:
    session = await api.login(1)
    body = {"channel": "wechat"}
    status, answer = await api.call(
        "POST", "/v1/shops/1/link-codes", body, session=session, service="gateway"
    )
    assert status == 403 and answer["error"]["code"] == "service_not_allowed"
    status, answer = await api.call("POST", "/v1/shops/1/link-codes", body)
    assert status == 401 and answer["error"]["code"] == "owner_session_required"
    status, answer = await api.call(
        "POST", "/v1/shops/2/link-codes", body, session=session
    )
    assert status == 403 and answer["error"]["code"] == "wrong_shop"
    code = await issue(api, owner_id=1)
    status, answer = await api.call(
        "POST", REDEEM, {"channel": "wechat", "account": new_account(), "code": code},
        service="actions",
    )  # fmt: skip
    assert status == 403 and answer["error"]["code"] == "service_not_allowed"
    for bad in ({"channel": "phone", "account": "x", "code": code},
                {"channel": "wechat", "account": "x", "code": "12345"},
                {"channel": "wechat", "account": "", "code": code}):  # fmt: skip
        status, answer = await api.call("POST", REDEEM, bad)
        assert status == 422, answer


async def test_expired_codes_and_old_tries(database_url: str) -> None:
    database = Database(database_url)
    try:
        now = utc_now()
        issued = await link_codes.issue(database, 2, 2, "wechat", now)
        later = now + dt.timedelta(minutes=link_codes.LINK_MINUTES, seconds=1)
        try:
            await link_codes.redeem(
                database, "wechat", new_account(), issued.code, later
            )
            raise AssertionError("an expired code linked an account")
        except NotFoundError as wrong:
            assert wrong.code == WRONG
        # Wrong tries count for a quarter of an hour, then fall away.
        account = new_account()
        fresh = await link_codes.issue(database, 2, 2, "wechat", later)
        for _ in range(link_codes.MAX_WRONG_TRIES - 1):
            await _refused(database, account, "000000", later)
        try:
            await link_codes.redeem(database, "wechat", account, fresh.code, later)
        except TooManyTriesError as error:
            raise AssertionError("locked out before the fifth wrong code") from error
        another = await link_codes.issue(database, 2, 2, "wechat", later)
        await _refused(database, account, "000000", later)  # the fifth wrong one
        try:
            await link_codes.redeem(database, "wechat", account, another.code, later)
            raise AssertionError("the sixth try was let through")
        except TooManyTriesError:
            pass
        after = later + link_codes.TRY_WINDOW
        last = await link_codes.issue(database, 2, 2, "wechat", after)
        linked = await link_codes.redeem(database, "wechat", account, last.code, after)
        assert linked.owner_id == 2
        async with database.reading() as session:
            rows = (await session.execute(select(AuditEntry))).scalars().all()
        texts = [repr((row.subject, row.detail)) for row in rows]
        assert any("link_code_tries_exceeded" == row.action for row in rows)
        for code in (issued.code, fresh.code, another.code, last.code):
            assert not any(code in text for text in texts)
        assert not any(account in text for text in texts)
    finally:
        await database.dispose()


async def _refused(database: Database, account: str, code: str, now: Any) -> None:
    try:
        await link_codes.redeem(database, "wechat", account, code, now)
    except NotFoundError:
        return
    raise AssertionError(f"{code} linked an account")

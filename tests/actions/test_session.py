from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import Clients
from actions.parcels import ActionListParcels
from actions.session_start import ActionSessionStart
from tests.actions.conftest import (
    SHOP_TOKENS,
    WEIJUN_PHONE,
    backend_call,
    texts,
    tracker,
    weijun,
)
from tests.fixtures.backend import BackendServer


def _with_metadata(metadata: dict, **kwargs) -> object:
    return tracker(slots={"session_started_metadata": metadata}, metadata={}, **kwargs)


async def test_session_start_learns_the_owner_from_the_shop_token(
    wired: Clients, backend_server: BackendServer
) -> None:
    expected = await backend_call(
        backend_server, "POST", "/v1/identity/resolve",
        {"channel": "phone", "id": WEIJUN_PHONE},
    )  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(
        dispatcher,
        _with_metadata({"channel": "phone", "shop_token": expected["shop_token"]}),
        {},
    )
    assert events == [
        SessionStarted(),
        SlotSet("language", "zh"),
        SlotSet("owner_id", 1),
        SlotSet("shop_id", expected["shop_id"]),
        SlotSet("display_name", expected["display_name"]),
        SlotSet("shop_name", "维军百货"),
        SlotSet("language", "zh"),
        ActionExecuted("action_listen"),
    ]
    assert dispatcher.messages == []


async def test_a_channel_id_alone_identifies_nobody(wired: Clients) -> None:
    # The action server may not resolve identities: only channels can.
    for metadata in (
        {"channel": "phone", "id": WEIJUN_PHONE},
        {"channel": "phone", "id": WEIJUN_PHONE, "shop_token": "forged-token-1234"},
    ):
        events = await ActionSessionStart().run(
            CollectingDispatcher(), _with_metadata(metadata), {}
        )
        assert events == [
            SessionStarted(),
            SlotSet("language", "zh"),
            ActionExecuted("action_listen"),
        ]


async def test_another_shops_token_opens_nothing(wired: Clients) -> None:
    # Slots claiming Weijun's shop, but the turn carries Sunshine's token.
    dispatcher = CollectingDispatcher()
    events = await ActionListParcels().run(
        dispatcher,
        tracker("包裹", "list_parcels", slots=weijun(),
                metadata={"shop_token": SHOP_TOKENS[2]}),
        {},
    )  # fmt: skip
    assert texts(dispatcher) == [("utter_backend_error", {})]
    assert SlotSet("shop_id", None) in events and SlotSet("owner_id", None) in events
    # Without any token the owner is simply not known.
    dispatcher = CollectingDispatcher()
    await ActionListParcels().run(
        dispatcher, tracker("包裹", "list_parcels", slots=weijun(), metadata={}), {}
    )
    assert texts(dispatcher) == [("utter_unknown_owner", {})]

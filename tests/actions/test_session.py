from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.config import ActionsConfig
from actions.services import Services, configure
from actions.session import ActionSessionStart, identity_trusted
from tests.actions.conftest import WEIJUN_PHONE, backend_call, tracker
from tests.fixtures.backend import BackendServer


def _with_metadata(metadata: dict, **kwargs) -> object:
    return tracker(slots={"session_started_metadata": metadata}, **kwargs)


async def test_session_start_resolves_the_caller(
    wired: Services, backend_server: BackendServer
) -> None:
    expected = await backend_call(
        backend_server, "POST", "/v1/identity/resolve",
        {"channel": "phone", "id": WEIJUN_PHONE},
    )  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(
        dispatcher, _with_metadata({"channel": "phone", "id": WEIJUN_PHONE}), {}
    )
    assert events == [
        SessionStarted(),
        SlotSet("language", "zh"),
        SlotSet("owner_id", 1),
        SlotSet("shop_id", expected["shop_id"]),
        SlotSet("display_name", expected["display_name"]),
        SlotSet("language", "zh"),
        ActionExecuted("action_listen"),
    ]
    assert dispatcher.messages == []


async def test_unknown_caller_gets_no_identity(wired: Services) -> None:
    events = await ActionSessionStart().run(
        CollectingDispatcher(),
        _with_metadata({"channel": "phone", "id": "+8610000000000"}),
        {},
    )
    assert events == [
        SessionStarted(),
        SlotSet("language", "zh"),
        ActionExecuted("action_listen"),
    ]


async def test_rest_identity_is_ignored_in_production(
    backend_server: BackendServer,
) -> None:
    configure(
        ActionsConfig(
            profile="production",
            backend_url=backend_server.url,
            service_token=backend_server.service_token,
            port=0,
        )
    )
    events = await ActionSessionStart().run(
        CollectingDispatcher(),
        _with_metadata({"channel": "phone", "id": WEIJUN_PHONE}, input_channel="rest"),
        {},
    )
    assert SlotSet("shop_id", 1) not in events
    assert events[-1] == ActionExecuted("action_listen")


def test_trust_rules() -> None:
    assert identity_trusted("rest", trusts_rest=True)
    assert not identity_trusted("rest", trusts_rest=False)
    assert not identity_trusted(None, trusts_rest=False)
    assert identity_trusted("kiosk", trusts_rest=False)

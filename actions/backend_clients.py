"""The backend clients shared by every action, wired once at the server's start.

rasa-sdk instantiates each action itself without arguments, so the clients cannot be
passed to constructors; ``actions/__main__.py`` (or a test) calls :func:`configure`
before the first request and actions look them up with :func:`clients`.
"""

from __future__ import annotations

from dataclasses import dataclass

from actions.clients.catalog import CatalogClient
from actions.clients.handoffs import HandoffsClient
from actions.clients.http import BackendHttp
from actions.clients.identity import IdentityClient
from actions.clients.link_codes import LinkCodesClient
from actions.clients.loans import LoansClient
from actions.clients.notices import NoticesClient
from actions.clients.orders import OrdersClient
from actions.clients.parcels import ParcelsClient
from actions.config import ActionsConfig


@dataclass(frozen=True)
class Clients:
    """Configuration and one client per backend API."""

    config: ActionsConfig
    http: BackendHttp
    identity: IdentityClient
    catalog: CatalogClient
    orders: OrdersClient
    loans: LoansClient
    parcels: ParcelsClient
    handoffs: HandoffsClient
    notices: NoticesClient
    link_codes: LinkCodesClient


_current: Clients | None = None


def configure(config: ActionsConfig) -> Clients:
    """Build the clients for ``config`` and make them the ones actions use."""
    global _current
    http = BackendHttp(config.backend_url, config.actions_token, config.timeout_seconds)
    _current = Clients(
        config=config,
        http=http,
        identity=IdentityClient(http),
        catalog=CatalogClient(http),
        orders=OrdersClient(http),
        loans=LoansClient(http),
        parcels=ParcelsClient(http),
        handoffs=HandoffsClient(http),
        notices=NoticesClient(http),
        link_codes=LinkCodesClient(http),
    )
    return _current


def clients() -> Clients:
    """Return the configured clients."""
    if _current is None:
        raise RuntimeError("actions.backend_clients.configure() was not called")
    return _current

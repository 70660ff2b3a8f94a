"""Which client a request comes from, for the per-address sign-in limit.

The limit itself is kept in the store by `vigil.services.sessions` (shared by every server
process). Here: the address it is counted against. `X-Forwarded-For` is believed only
when the connection comes from a proxy the operator named (`WebSettings.trusted_proxies`);
then the client is the right-most address in the header that is not itself a trusted
proxy. Anyone else's header is ignored, so rotating it changes nothing. IPv6 clients are
counted per /64, the block one subscriber usually holds.

`StoreLimiter` counts requests of the write API per token (or user) and failed API token
checks per address, in the store, so every server process shares one count.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from collections.abc import Callable, Sequence

from fastapi import Request

from vigil.services import ratelimits
from vigil.store import Store
from vigil.web.settings import IPNetwork

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _ip(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:443"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(ip: IPAddress | None, proxies: Sequence[IPNetwork]) -> bool:
    return ip is not None and any(ip in net for net in proxies)


def _label(ip: IPAddress) -> str:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_address(
    peer: str | None, forwarded_for: Sequence[str], proxies: Sequence[IPNetwork]
) -> str:
    """The address to count a request against: `peer` (the connection's address) unless it
    is a trusted proxy, then the nearest untrusted hop of `forwarded_for` (every
    X-Forwarded-For header, in order)."""
    peer_ip = _ip(peer) if peer else None
    if peer_ip is None:
        return peer or "unknown"
    if not _trusted(peer_ip, proxies):
        return _label(peer_ip)
    hops = [h for header in forwarded_for for h in header.split(",") if h.strip()]
    client = peer_ip
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:  # a garbled hop: stop at the last address we could trust
            break
        client = ip
        if not _trusted(ip, proxies):
            break
    return _label(client)


def request_client(request: Request, proxies: Sequence[IPNetwork]) -> str:
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.getlist("x-forwarded-for"), proxies)


class RateLimited(Exception):
    """Too many requests from one token, user or address: answer 429 with Retry-After."""

    def __init__(self, what: str, retry_after: float) -> None:
        self.retry_after = max(retry_after, 0.0)
        super().__init__(f"too many {what}; try again in {int(self.retry_after) + 1} seconds")


class StoreLimiter:
    """At most `limit` events per key in a window of `window_s` seconds, counted in the
    store (`vigil.services.ratelimits`): every server process shares the count."""

    def __init__(
        self,
        store: Store,
        secret: bytes,
        name: str,
        limit: int,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store, self.secret, self.name = store, secret, name
        self.limit, self.window_s, self.clock = limit, window_s, clock

    def _key(self, key: str) -> str:
        return ratelimits.window_key(self.secret, self.name, key)

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may have another event (0: now); counts nothing."""
        with self.store.session() as s:
            return ratelimits.retry_after(s, self._key(key), self.limit, self.clock())

    def hit(self, key: str) -> float:
        """Count one event for `key`; 0 if it is allowed, else seconds until it would be
        (and the refused event is not counted)."""
        with self.store.session() as s:
            return ratelimits.hit(s, self._key(key), self.limit, self.window_s, self.clock())


def limiter(request: Request, name: str, limit: int) -> StoreLimiter:
    """The limit called `name` of the app's store and secret."""
    state = request.app.state
    secret = hashlib.sha256(b"vigil request windows\0" + state.settings.secret_key.encode())
    return StoreLimiter(state.store, secret.digest(), name, limit)

"""Which client a request comes from, for the per-address sign-in limit.

The limit itself is kept in the store by `vigil.services.sessions` (shared by every server
process). Here: the address it is counted against. `X-Forwarded-For` is believed only
when the connection comes from a proxy the operator named (`WebSettings.trusted_proxies`);
then the client is the right-most address in the header that is not itself a trusted
proxy. Anyone else's header is ignored, so rotating it changes nothing. IPv6 clients are
counted per /64, the block one subscriber usually holds.

`WindowLimiter` counts requests of the write API per token (or user) and failed API token
checks per address, in each server process.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

from fastapi import Request

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


class WindowLimiter:
    """At most `limit` events per key in any `window_s` seconds (a sliding window), counted
    in this process: with `vigil serve --workers N` each worker counts on its own, so a
    client may get up to N times `limit`. Keys unseen for a window are forgotten."""

    def __init__(
        self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._next_prune = 0.0

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may have another event (0: now); counts nothing."""
        now = self.clock()
        with self._lock:
            events = self._events.get(key)
            if not events or len(events) < self.limit:
                return 0.0
            live = [t for t in events if t > now - self.window_s]
            return 0.0 if len(live) < self.limit else live[0] + self.window_s - now

    def hit(self, key: str) -> float:
        """Count one event for `key`; 0 if it is allowed, else seconds until it would be
        (and the refused event is not counted)."""
        now = self.clock()
        with self._lock:
            if now >= self._next_prune:
                self._next_prune = now + self.window_s
                old = now - self.window_s
                for k in [k for k, q in self._events.items() if not q or q[-1] <= old]:
                    del self._events[k]
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window_s:
                events.popleft()
            if len(events) >= self.limit:
                return events[0] + self.window_s - now
            events.append(now)
            return 0.0


def limiter(request: Request, name: str, limit: int) -> WindowLimiter:
    """The app's limiter called `name` (made on first use, kept on ``app.state``)."""
    limiters: dict[str, WindowLimiter] = request.app.state.__dict__.setdefault("limiters", {})
    with _MAKING:
        if name not in limiters:
            limiters[name] = WindowLimiter(limit)
        return limiters[name]


_MAKING = threading.Lock()

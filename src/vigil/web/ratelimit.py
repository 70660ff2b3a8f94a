"""Which client a request comes from, for the per-address sign-in limit.

The limit itself is kept in the store by `vigil.services.sessions` (shared by every server
process). Here: the address it is counted against. `X-Forwarded-For` is believed only
when the connection comes from a proxy the operator named (`WebSettings.trusted_proxies`);
then the client is the right-most address in the header that is not itself a trusted
proxy. Anyone else's header is ignored, so rotating it changes nothing. IPv6 clients are
counted per /64, the block one subscriber usually holds.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

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

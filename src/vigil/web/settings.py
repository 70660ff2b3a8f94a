"""Settings of one running web application, passed to `create_app` (no import-time globals).

`WebSettings.from_config` builds them from the one configuration object (`vigil.config`).
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vigil.errors import InputError
from vigil.linkage.pipeline import REVIEW_HIGH, REVIEW_LOW
from vigil.services.sessions import SessionPolicy, SignInPolicy

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(text: str | None) -> tuple[IPNetwork, ...]:
    """Trusted proxy addresses or networks, comma- or space-separated (`10.0.0.1, fd00::/8`)."""
    out: list[IPNetwork] = []
    for part in (text or "").replace(",", " ").split():
        try:
            out.append(ipaddress.ip_network(part, strict=False))
        except ValueError as e:
            raise InputError(f"trusted proxy {part!r} is not an IP address or network") from e
    return tuple(out)


if TYPE_CHECKING:
    from vigil.config import Config


@dataclass(frozen=True)
class WebSettings:
    """What the web layer needs beyond the store.

    `secret_key` keys the server's own secrets: the HMAC of stored sign-in limit keys, the
    HMAC that binds each stored session row to this server, and the AES-256-GCM key of
    pending uploads (derived with HKDF). Without one a random key is drawn, so sessions and
    pending uploads are lost when the server restarts (set ``VIGIL_SECRET_KEY`` to keep
    them; `vigil serve --workers N` shares one between its processes). Sessions live in the
    store, so with the same secret they survive a restart until they time out; a new
    secret signs everyone out.
    `https_only` marks cookies Secure on every response; otherwise they are marked Secure
    whenever the request itself came over https.
    `trusted_proxies`: only a request arriving from one of these addresses may name the
    client in `X-Forwarded-For` (``VIGIL_TRUSTED_PROXIES``, ``--trusted-proxy``); from
    anyone else the header is ignored, so it cannot dodge the per-address sign-in limit.
    """

    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    https_only: bool = False
    session_max_age_s: int = 8 * 3600  # absolute session lifetime
    session_idle_s: int = 30 * 60  # idle timeout
    signin_attempts: int = 5  # failed sign-ins per account and per address before back-off
    signin_backoff_s: float = 15.0  # first back-off; doubles with each further failure
    signin_backoff_max_s: float = 900.0
    signin_window_s: float = 3600.0  # failure counts forgotten after this long without one
    trusted_proxies: tuple[IPNetwork, ...] = ()
    default_locale: str = "en"
    page_size: int = 50
    review_low: float = REVIEW_LOW  # pairs scored in [low, high) need a person's decision
    review_high: float = REVIEW_HIGH
    search_cache_size: int = 1024  # result pages kept until the store changes; 0 = off
    upload_max_bytes: int = 20 * 1024 * 1024
    upload_ttl_s: int = 3600  # an unconfirmed upload is deleted after this long
    estimate_method: str = "lcmcr"  # the statement's default estimator (EstimateSettings)
    estimate_wait_s: float = 2.0  # how long a page waits for a fresh estimate, then shows the last
    key_file: str | None = None  # key that opens sealed fields, for roles allowed to read them
    inbox_public_key: str | None = None  # PEM file field reports are encrypted to (no page: None)
    inbox_reports_per_hour: int = 30  # per invitation, shared by every worker (in the store)
    # The write API (POST /api/records): body size, batches per token or user, bad tokens.
    api_body_max_bytes: int = 4 * 1024 * 1024  # a larger body is refused (413) unread
    api_writes_per_minute: int = 60  # batches per token (or signed-in user), all workers
    api_token_failures_per_minute: int = 20  # bad tokens per client address, all workers

    @property
    def session_policy(self) -> SessionPolicy:
        return SessionPolicy(
            idle_s=self.session_idle_s,
            absolute_s=self.session_max_age_s,
            secret=self.secret_key.encode("utf-8"),
        )

    @property
    def signin_policy(self) -> SignInPolicy:
        return SignInPolicy(
            free_attempts=self.signin_attempts,
            backoff_s=self.signin_backoff_s,
            backoff_max_s=self.signin_backoff_max_s,
            forget_after_s=max(self.signin_window_s, self.signin_backoff_max_s),
            pepper=self.secret_key.encode("utf-8"),
        )

    @classmethod
    def from_config(cls, config: Config, **overrides: object) -> WebSettings:
        """Settings from the configuration (VIGIL_SECRET_KEY, _HTTPS_ONLY, _KEY_FILE,
        _INBOX_PUBLIC_KEY, _SEARCH_CACHE, _TRUSTED_PROXIES), then `overrides`."""
        values: dict[str, object] = {}
        if config.secret_key:
            values["secret_key"] = config.secret_key
        if config.https_only:
            values["https_only"] = True
        if config.key_file:
            values["key_file"] = str(config.key_file)
        if config.inbox_public_key:
            values["inbox_public_key"] = str(config.inbox_public_key)
        if config.search_cache is not None:
            values["search_cache_size"] = config.search_cache
        if config.trusted_proxies:
            values["trusted_proxies"] = parse_proxies(config.trusted_proxies)
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

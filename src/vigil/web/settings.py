"""Settings of one running web application, passed to `create_app` (no import-time globals)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vigil.linkage.pipeline import REVIEW_HIGH, REVIEW_LOW

if TYPE_CHECKING:
    from vigil.config import Config


@dataclass(frozen=True)
class WebSettings:
    """What the web layer needs beyond the store.

    `secret_key` signs the session cookie; without one a random key is drawn, so sessions
    end when the server restarts (safe default; set ``VIGIL_SECRET_KEY`` to keep them).
    `https_only` marks cookies Secure on every response; otherwise they are marked Secure
    whenever the request itself came over https.
    """

    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    https_only: bool = False
    session_max_age_s: int = 8 * 3600
    signin_attempts: int = 5  # failed sign-ins allowed per window, per client and per user
    signin_window_s: float = 300.0
    default_locale: str = "en"
    page_size: int = 50
    review_low: float = REVIEW_LOW  # pairs scored in [low, high) need a person's decision
    review_high: float = REVIEW_HIGH
    search_cache_size: int = 1024  # result pages kept until the store changes; 0 = off
    upload_max_bytes: int = 20 * 1024 * 1024
    estimate_method: str = "lcmcr"  # the statement's default estimator (EstimateSettings)
    estimate_wait_s: float = 2.0  # how long a page waits for a fresh estimate, then shows the last
    key_file: str | None = None  # key that opens sealed fields, for roles allowed to read them

    @classmethod
    def from_config(cls, config: Config, **overrides: object) -> WebSettings:
        """Settings from the configuration (VIGIL_SECRET_KEY, _HTTPS_ONLY, _KEY_FILE,
        _SEARCH_CACHE), then `overrides`."""
        values: dict[str, object] = {}
        if config.secret_key:
            values["secret_key"] = config.secret_key
        if config.https_only:
            values["https_only"] = True
        if config.key_file:
            values["key_file"] = str(config.key_file)
        if config.search_cache is not None:
            values["search_cache_size"] = config.search_cache
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

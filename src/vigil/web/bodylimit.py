"""Request bodies over a limit are refused (413) before they are parsed.

By the declared Content-Length before a byte is read, else as soon as the bytes read pass
the limit (a chunked body that lies about nothing). Uploads are held in memory and API
batches are parsed whole, so an unlimited body could exhaust the server's memory.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vigil.errors import InputError


class BodyTooLarge(InputError):
    """A request body over its limit (413)."""


def message(limit: int) -> str:
    return f"the request body is larger than {limit:,} bytes"


class BodyLimit:
    """ASGI middleware: POST bodies larger than `max_bytes` are refused with 413; `path`,
    when given, limits only that path (others pass untouched)."""

    def __init__(self, app: ASGIApp, max_bytes: int, path: str | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") != "POST"
            or (self.path is not None and scope["path"] != self.path)
        ):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await _too_large(send, self.max_bytes)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(message(self.max_bytes))
            return msg

        await self.app(scope, counted, send)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": message(limit)}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(body)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

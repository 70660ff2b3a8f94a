"""`vigil serve`: the web application on the store, through uvicorn."""

from __future__ import annotations

from secrets import token_urlsafe

import typer

from vigil.cli.context import console, state


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server processes (use one per core under load)."
    ),
    https_only: bool = typer.Option(
        False, "--https-only", help="Mark cookies Secure (behind a TLS proxy)."
    ),
    trusted_proxy: list[str] = typer.Option(
        [],
        "--trusted-proxy",
        help="Address or network of a reverse proxy whose X-Forwarded-For is believed "
        "(repeatable; else $VIGIL_TRUSTED_PROXIES). From anyone else the header is ignored.",
    ),
) -> None:
    """Serve the web application (sign-in, victims, intake, review, dashboard, API)."""
    import uvicorn

    from vigil.web import WebSettings, create_app
    from vigil.web.settings import parse_proxies

    st = state(ctx)
    store = st.store()
    console.print(f"Vigil on http://{host}:{port}/ (store {store.url}); Ctrl-C to stop")
    proxies = ",".join(trusted_proxy) or None
    parse_proxies(proxies)  # a bad address is refused before serving
    config = st.config.replace(https_only=https_only or None, trusted_proxies=proxies)
    settings = WebSettings.from_config(config)
    # uvicorn reads X-Forwarded-For/-Proto itself (from 127.0.0.1 by default): only from the
    # proxies the operator named, as the sign-in limit does (vigil.web.ratelimit).
    proxy_headers = bool(settings.trusted_proxies)
    allow = [str(net) for net in settings.trusted_proxies]
    if workers > 1:
        # Every process opens the same store (sessions, limits, uploads) and one secret: the
        # workers rebuild this configuration from the environment they inherit.
        config = config.replace(db=store.url, secret_key=config.secret_key or token_urlsafe(32))
        config.export()
        uvicorn.run(
            "vigil.web.asgi:app_from_env",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            proxy_headers=proxy_headers,
            forwarded_allow_ips=allow,
        )
        return
    uvicorn.run(
        create_app(store, settings),
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=proxy_headers,
        forwarded_allow_ips=allow,
    )

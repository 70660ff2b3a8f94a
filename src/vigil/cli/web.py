"""`vigil serve`: the web application on the store, through uvicorn."""

from __future__ import annotations

import typer

from vigil.cli.context import console, state


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    https_only: bool = typer.Option(
        False, "--https-only", help="Mark cookies Secure (behind a TLS proxy)."
    ),
) -> None:
    """Serve the web application (sign-in, victims, intake, review, dashboard, API)."""
    import uvicorn

    from vigil.web import WebSettings, create_app

    store = state(ctx).store()
    settings = WebSettings.from_env(https_only=https_only) if https_only else WebSettings.from_env()
    console.print(f"Vigil on http://{host}:{port}/ (store {store.url}); Ctrl-C to stop")
    uvicorn.run(create_app(store, settings), host=host, port=port, log_level="warning")

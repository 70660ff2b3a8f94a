"""`vigil demo`: the whole pipeline on synthetic data, ending with the web app."""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.cli.context import console, state


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    workdir: Path = typer.Option(Path("vigil-demo"), "--dir", help="Where the demo is built."),
    people: int = typer.Option(1500, "--people", min=50, max=200_000),
    seed: int = typer.Option(2019, "--seed"),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the web app at the end."),
    port: int = typer.Option(8000, "--port"),
) -> None:
    """Generate synthetic sources, import, link, grade, estimate, publish a statement, serve."""
    from vigil.services.demo import run_demo

    with console.status("starting") as status:
        result = run_demo(workdir, people=people, seed=seed, say=lambda m: status.update(m))
    console.print(f"[bold]Demo store[/]: {result.store_url}")
    console.print(f"  {result.records:,} source records → {result.persons:,} persons")
    console.print("  grades: " + ", ".join(f"{k} {v:,}" for k, v in sorted(result.grades.items())))
    if result.statement_dir:
        console.print(f"[bold]Toll statement (SYNTHETIC DATA)[/]: {result.statement_dir}")
        for line in result.statement_lines:
            console.print(f"  {line}")
        console.print(f"  open {result.statement_dir / 'statement.html'} in a browser")
    if result.admin_password:
        console.print(f"  web sign-in: admin / [bold]{result.admin_password}[/] (demo only)")
    if serve:
        import uvicorn

        from vigil.store import open_store
        from vigil.web import WebSettings, create_app

        store = open_store(result.store_url, config=state(ctx).config)
        console.print(f"Serving the web app on http://127.0.0.1:{port}/ — Ctrl-C to stop")
        uvicorn.run(
            create_app(store, WebSettings.from_config(state(ctx).config)),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )

"""`vigil synth OUTDIR`: write a synthetic multi-source test bed with its truth file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer
from rich.console import Console

from vigil.errors import InvalidValue, VigilError


def register(app: typer.Typer) -> None:
    """Add the `synth` command to `app`."""

    @app.command("synth")
    def synth(
        outdir: Path = typer.Argument(..., help="Folder to write the CSV files into."),
        people: int | None = typer.Option(
            None, "--people", help="True population size N (hidden); default 1000."
        ),
        records: int | None = typer.Option(
            None, "--records", help="Instead of --people: aim at about this many records."
        ),
        sources: int = typer.Option(4, "--sources", help="Number of sources (lists), 2 to 12."),
        seed: int = typer.Option(0, "--seed", help="Random seed; same seed, same files."),
        hidden_fraction: float = typer.Option(
            0.0,
            "--hidden-fraction",
            help="Share of people in a group that every list rarely records (custody deaths).",
        ),
        duplicate_rate: float = typer.Option(
            0.03, "--duplicate-rate", help="Rate of duplicate records inside one source."
        ),
        copy_rate: float = typer.Option(
            0.0,
            "--copy-rate",
            help="Share of the NGO list that the last source republishes (same independence "
            "group).",
        ),
        typo_scale: float = typer.Option(
            1.0, "--typo-scale", help="Multiplier of every source's typo rate."
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    ) -> None:
        """Generate a hidden population, K sources that record it their own way, and the truth."""
        # Imported here: numpy and the generator are not needed to start `vigil`.
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        from vigil.synth import SynthConfig, generate, people_for_records, write_dataset

        console = Console(stderr=True, quiet=quiet)
        config = SynthConfig(
            people=people or 1000,
            sources=sources,
            seed=seed,
            hidden_fraction=hidden_fraction,
            duplicate_rate=duplicate_rate,
            copy_rate=copy_rate,
            typo_scale=typo_scale,
        )
        try:
            if records is not None:
                if people is not None:
                    raise InvalidValue("give --people or --records, not both")
                if records < 1:
                    raise InvalidValue(f"--records must be at least 1, got {records}")
                config = replace(config, people=people_for_records(records, config))
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task("generating", total=sources)
                dataset = generate(config, progress=lambda stage, n: bar.advance(task))
                total = 2 * dataset.record_count + dataset.population.size
                write = bar.add_task("writing", total=total)
                write_dataset(dataset, outdir, progress=lambda name, n: bar.advance(write, n))
        except VigilError as e:
            Console(stderr=True).print(f"[bold red]error:[/] {e}", highlight=False)
            raise typer.Exit(2) from None
        except OSError as e:
            Console(stderr=True).print(f"[bold red]error:[/] cannot write {outdir}: {e}")
            raise typer.Exit(2) from None
        if not quiet:
            summary = dataset.summary()
            typer.echo(
                f"{summary['records']:,} records from {len(dataset.sources)} sources about "
                f"{summary['observed']:,} of {summary['population_size']:,} people -> {outdir}"
            )

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
        acts: bool = typer.Option(
            True,
            "--acts/--no-acts",
            help="Sources report acts (method, weapon, wound, perpetrator, custody, sentence, "
            "...) in their own habits, and acts.csv holds the true ones; drawn apart, so the "
            "names and linkage of a seed are the same either way.",
        ),
        habits: str = typer.Option(
            "none",
            "--habits",
            help="Preset of field habits: 'none' (the classic test bed) or 'field' (every "
            "phenomenon of real lists on); the knobs below override the preset's rates.",
        ),
        variant: str | None = typer.Option(
            None,
            "--variant",
            help="A named variant of vigil.synth.variants (sources, habits, noise); "
            "options given explicitly are ignored except --people/--records/--seed.",
        ),
        patronymic: float | None = typer.Option(
            None, "--patronymic", help="Rate of father's names written into the name field."
        ),
        glued: float | None = typer.Option(
            None, "--glued", help="Rate of given and family name written without a space."
        ),
        zwnj: float | None = typer.Option(
            None, "--zwnj", help="Rate of Persian compounds with the ZWNJ dropped/doubled/spaced."
        ),
        split: float | None = typer.Option(
            None, "--split", help="Rate of compound names written apart (Gholam Reza)."
        ),
        peoples: float | None = typer.Option(
            None,
            "--peoples",
            help="Strength 0-1 of the regional weighting of Iran's peoples (Kurdish, Arab, "
            "Baluch, Azeri, Lur, Turkmen names); > 0 also uses the large field name bank.",
        ),
        own_spelling: float | None = typer.Option(
            None,
            "--own-spelling",
            help="Rate of a people's names written in its own orthography (Şêrko, Məmməd).",
        ),
        written_ages: float | None = typer.Option(
            None, "--written-ages", help="Rate of ages written as words (۱۷ ساله, about 20, 20s)."
        ),
        written_dates: float | None = typer.Option(
            None,
            "--written-dates",
            help="Rate of dates written with month names or day first (26 Aban 1398).",
        ),
        place_names: float | None = typer.Option(
            None,
            "--place-names",
            help="Rate of places in their own language or by historic names (Kirmaşan).",
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
        from vigil.synth import habits as habit_presets
        from vigil.synth.stats import namesakes
        from vigil.synth.variants import get_variant

        console = Console(stderr=True, quiet=quiet)
        try:
            if variant is not None:
                config = get_variant(variant).config(people=people or 1000, seed=seed)
            else:
                chosen = habit_presets.with_overrides(
                    habit_presets.preset(habits),
                    patronymic=patronymic,
                    glued=glued,
                    zwnj=zwnj,
                    split=split,
                    peoples=peoples,
                    own_spelling=own_spelling,
                    ages=written_ages,
                    dates=written_dates,
                    places=place_names,
                )
                config = SynthConfig(
                    people=people or 1000,
                    sources=sources,
                    seed=seed,
                    hidden_fraction=hidden_fraction,
                    duplicate_rate=duplicate_rate,
                    copy_rate=copy_rate,
                    typo_scale=typo_scale,
                    habits=chosen,
                    acts=acts,
                )
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
                task = bar.add_task("generating", total=config.sources)
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
            typer.echo(namesakes(dataset.population).sentence())

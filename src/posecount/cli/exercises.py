from __future__ import annotations

import typer


def exercises() -> None:
    """List the exercises with their prescriptions and where to put the camera."""
    from posecount.exercises.registry import EXERCISES, PLANNED
    from posecount.prescription.catalogue import CATALOGUE

    for ex in EXERCISES.values():
        spec = ex.spec
        p = CATALOGUE[spec.id]
        typer.echo(f"{spec.id}  -  {spec.title}")
        typer.echo(f"    how:          {spec.how}")
        typer.echo(f"    prescription: {p.describe()}  [{p.source}]")
        if p.range_target is not None:
            typer.echo(
                f"    range target: {p.range_target:g} {spec.range_unit} ({spec.range_label})"
            )
        typer.echo(f"    camera:       {spec.camera}")
    typer.echo(f"planned (not analysed yet): {', '.join(PLANNED)}")

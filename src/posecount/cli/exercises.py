from __future__ import annotations

import typer


def exercises() -> None:
    """List the exercises with their leaflet names, prescriptions, where to put the camera and
    whether each is measured (and on what evidence) or guided."""
    from posecount.exercises.registry import EXERCISES, PLANNED, aliases_of, evidence
    from posecount.prescription.catalogue import CATALOGUE

    for ex in EXERCISES.values():
        spec = ex.spec
        p = CATALOGUE[spec.id]
        typer.echo(f"{spec.id}  -  {spec.title}")
        aliases = aliases_of(spec.id)
        if aliases:
            typer.echo(f"    also:         {', '.join(aliases)}")
        typer.echo(f"    how:          {spec.how}")
        typer.echo(f"    prescription: {p.describe()}  [{p.source}]")
        if p.range_target is not None:
            typer.echo(
                f"    range target: {p.range_target:g} {spec.range_unit} ({spec.range_label})"
            )
        typer.echo(f"    camera:       {spec.camera}")
        typer.echo(f"    status:       {evidence(spec.id)}")
    if PLANNED:
        typer.echo(f"planned (not analysed yet): {', '.join(PLANNED)}")

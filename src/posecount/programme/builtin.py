"""The leaflets' sections as programmes (../shared/seeds/), built from the catalogue's
prescriptions so a dose is written down once. The order is the leaflet's, except where
noted: floor exercises are kept together so the patient gets down once and up once."""

from __future__ import annotations

from posecount.prescription.catalogue import CATALOGUE
from posecount.programme.model import DEFAULT_REST_S, Programme, Step


def _steps(*exercises: str) -> tuple[Step, ...]:
    return tuple(Step(e, CATALOGUE[e], DEFAULT_REST_S) for e in exercises)


BUILTIN: dict[str, Programme] = {
    p.name: p
    for p in (
        Programme(
            name="leaflet-001-mobility",
            title="Mobility (MSK patient portal, section 1)",
            # Lying first (knee rolls, pelvic rocking), then kneeling (child's pose), then
            # the chair: the leaflet puts sitting rocking third, between two floor
            # exercises; moved after them so the patient gets up from the floor once.
            steps=_steps(
                "knee-rolls",
                "pelvic-tilt",
                "bottom-to-heels",
                "sitting-rocking",
                "seated-forward-bend",
            ),
            # The section asks for 3-4 times a day (knee rolls 4, the others 3).
            per_day=3,
            source="leaflet 001, section 1: mobility exercises",
            builtin=True,
        ),
        Programme(
            name="leaflet-001-strengthening",
            title="Strengthening (MSK patient portal, section 2)",
            steps=_steps("bridge", "sit-to-stand", "single-leg-stance", "wall-press-up"),
            source="leaflet 001, section 2: strengthening exercises (no daily count given)",
            builtin=True,
        ),
        Programme(
            name="leaflet-002",
            title="Lower back pain exercises (NHS, N. Sinfield)",
            # Leaflet order, with the kneeling stretch moved after the lying ones so the
            # patient goes from lying to kneeling to standing, never back down.
            steps=_steps(
                "knee-rolls", "pelvic-tilt", "deep-abdominal", "back-extension", "bottom-to-heels"
            ),
            source="leaflet 002 (no daily count given)",
            builtin=True,
        ),
        Programme(
            name="leaflet-003",
            title="Low back pain exercises (Guy's and St Thomas', 4876)",
            steps=_steps(
                "knee-rolls", "knee-to-chest", "back-extension", "bottom-to-heels", "squat"
            ),
            source="leaflet 003 (no counts given: the catalogue's starting doses)",
            builtin=True,
        ),
        Programme(
            name="leaflet-004",
            title="Low Back Pain - Exercise 101 (early phase routine)",
            steps=_steps(
                "breathing",
                "knee-to-chest",
                "bridge",
                "sciatic-nerve-glide",
                "knee-rolls",
                "back-extension",
                "wall-press-up",
            ),
            # "at least once per day ... do NOT skip a day".
            per_day=1,
            source="leaflet 004",
            builtin=True,
        ),
    )
}

"""What the patient is told, spoken and on screen, for each exercise: how to get into
position, what to do, what to feel, what to avoid. Our own words; the facts come from
the leaflets (../shared/seeds/), cited by number. Short sentences: they are heard while
lying on the floor, not read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from posecount.features.posture import Posture


class Place(StrEnum):
    FLOOR = "floor"
    CHAIR = "chair"
    STANDING = "standing"


def place_of(postures: frozenset[Posture]) -> Place:
    if Posture.SITTING in postures:
        return Place.CHAIR
    if Posture.STANDING in postures:
        return Place.STANDING
    return Place.FLOOR


@dataclass(frozen=True, slots=True)
class Instructions:
    position: str
    action: str
    feel: str
    avoid: str

    def talk(self) -> list[str]:
        return [self.action, self.feel, self.avoid]


# Getting down and up (leaflet 002's readers asked for this): using a sturdy chair as a
# handhold and going through kneeling keeps the back upright and the load on the legs.
GET_DOWN = (
    "To get down to the floor: stand beside a sturdy chair and hold it. Lower one knee to "
    "the floor, then the other. Put your hands down, sit over to one hip, and lie down "
    "using your arms. Take your time."
)
GET_UP = (
    "To get up from the floor: roll onto your side, push up onto your hands and knees, and "
    "bring one foot forward. With your hands on the chair seat, push up through your front "
    "leg. Stand still for a moment before you walk."
)
TO_CHAIR = "Sit on a firm chair without wheels, with your feet flat on the floor."
TO_STANDING = "Stand up tall, with a sturdy chair or a worktop within reach."


INSTRUCTIONS: dict[str, Instructions] = {
    "knee-rolls": Instructions(
        position="Lie on your back with a small cushion under your head, knees bent and "
        "together, feet flat.",
        action="Let both knees roll slowly to one side, bring them back to the middle, then "
        "roll them to the other side. Keep both shoulders on the floor.",
        feel="You should feel a gentle stretch across your lower back and hip.",
        avoid="Only go as far as is comfortable. A pillow between the knees can help.",
    ),
    "pelvic-tilt": Instructions(
        position="Lie on your back, knees bent, feet flat and hip-width apart, hands "
        "resting on your chest.",
        action="Breathe out and press the small of your back gently into the floor, hold "
        "for a few seconds, then let it go.",
        feel="You should feel your tummy muscles working, gently.",
        avoid="Do not push through your neck, shoulders or feet.",
    ),
    "sitting-rocking": Instructions(
        position=TO_CHAIR,
        action="Sit up tall and breathe in. As you breathe out, let yourself slump back "
        "gently, then grow tall again.",
        feel="You should feel your lower back bend and straighten, without strain.",
        avoid="Keep the movement slow and small if it is sore.",
    ),
    "bottom-to-heels": Instructions(
        position="Get onto your hands and knees: knees under your hips, hands under your "
        "shoulders.",
        action="Reach your arms forward and slowly take your bottom back towards your "
        "heels. Hold, breathe, then come back onto all fours.",
        feel="You should feel a stretch along your back.",
        avoid="Stop short of sitting right back if your knees complain. Do not lock your elbows.",
    ),
    "seated-forward-bend": Instructions(
        position=TO_CHAIR,
        action="Slowly bend forward towards the floor, as far as you feel able. Hold for "
        "a moment, then slowly sit up again.",
        feel="You should feel a stretch in your back.",
        avoid="Move slowly, and come up slowly too.",
    ),
    "bridge": Instructions(
        position="Lie on your back, knees bent, feet flat on the floor, arms by your sides.",
        action="Flatten your back to the floor, then push through your heels to lift your "
        "bottom until shoulders, hips and knees are in a line. Hold, then lower slowly.",
        feel="You should feel your bottom muscles doing the work.",
        avoid="Only lift as high as is comfortable; do not arch your back.",
    ),
    "sit-to-stand": Instructions(
        position="Sit at the front edge of a chair, feet flat and hip-width apart, arms "
        "folded across your chest.",
        action="Lean forward and stand up fully, squeezing your bottom. Then sit back down gently.",
        feel="You should feel your thighs and bottom working.",
        avoid="Do not drop back into the chair: lower yourself with control.",
    ),
    "single-leg-stance": Instructions(
        position=TO_STANDING,
        action="Lift one foot off the floor and keep your balance. Put it down, then do the "
        "other leg.",
        feel="You should feel the muscles around your hip and trunk steadying you.",
        avoid="Hold the chair if you wobble. That is fine to start with.",
    ),
    "wall-press-up": Instructions(
        position="Stand facing a wall, a step away, hands flat on it at shoulder height.",
        action="Bend your elbows to lower your chest towards the wall, then push back.",
        feel="You should feel your arms, chest and trunk working.",
        avoid="Keep your body straight like a plank; do not sag in the middle.",
    ),
    "back-extension": Instructions(
        position="Lie on your front, propped up on your forearms.",
        action="Keeping your hips down, push up gently to arch your back. Hold, breathe, "
        "then lower.",
        feel="You should feel a gentle stretch across your stomach.",
        avoid="Do not tip your head back; keep your neck long.",
    ),
    "deep-abdominal": Instructions(
        position="Lie on your back with a small cushion under your head, knees bent, feet "
        "hip-width apart.",
        action="As you breathe out, gently draw in your lower tummy, as if doing up a zip. "
        "Keep breathing and hold, then relax.",
        feel="It should be a light tightening, about a quarter of your strength.",
        avoid="Do not tense your neck, shoulders or legs.",
    ),
    "knee-to-chest": Instructions(
        position="Lie on your back, knees bent and feet flat.",
        action="Bring one knee up and hug it towards your chest with your hands behind it. "
        "Hold while you breathe, then lower it. You can do both knees together.",
        feel="You should feel a stretch in your lower back.",
        avoid="Only pull as far as you can without more pain.",
    ),
    "squat": Instructions(
        position="Stand with your feet shoulder-width apart and slightly turned out, arms "
        "in front for balance.",
        action="Bend your knees as if sitting down, then stand up tall again.",
        feel="You should feel your thighs working.",
        avoid="Keep your heels down and only go as low as is comfortable.",
    ),
    "breathing": Instructions(
        position="Lie on your back and get comfortable.",
        action="Breathe in slowly through your nose, letting your tummy rise, and out slowly "
        "through your lips. Gently move your toes, ankles, hips and shoulders as you "
        "breathe.",
        feel="Notice any tightness, without forcing anything.",
        avoid="Do not hold your breath.",
    ),
    "sciatic-nerve-glide": Instructions(
        position=TO_CHAIR,
        action="Let your back round and your head drop. Slowly straighten the sore leg "
        "until you feel tension, then look up and pull your toes towards you. Return, and "
        "keep it flowing.",
        feel="You may feel a pulling down the back of the leg.",
        avoid="Stop at the first tension; never push past it.",
    ),
}


def transition(before: Place | None, now: Place) -> str | None:
    """What to say to get from one position to the next (None: no change of place)."""
    if before == now:
        return None
    if now == Place.FLOOR:
        return GET_DOWN
    if before == Place.FLOOR:
        return GET_UP
    return None


def words(text: str) -> int:
    return len(text.split())

"""The secretariat's assessments of the strategy's goals for 2024 in the demo: short texts written
here from the facts of the activity report 2024 (../shared/seeds/004_…), one per goal the report
speaks of. A goal the report says nothing about has no assessment: none is invented."""

from django.db import transaction

from hallbar.models import Goal, GoalAssessment

# The start of the goal's text -> the assessment for 2024.
ASSESSMENTS_2024 = {
    "Antalet uppföljningar ska öka": (
        "Uppföljningarna ökade tydligt. Till revisionerna av nya leverantörer kom återrevisioner av dem "
        "som hade avvikelser året före."
    ),
    "Kvaliteten på uppföljningarna ska öka": (
        "Kansliet och Adda har tagit fram en gemensam bedömningsmall för revisorerna, så att leverantörer "
        "bedöms lika och kalibrerat och vet vilka underlag som visar att kraven är införda."
    ),
    "Interna introduktionsutbildningar": (
        "Två internutbildningar om upphandling som styrmedel, uppförandekoden och uppföljning samlade över "
        "140 deltagare från regionerna."
    ),
    "Leverantörsutbildningar": (
        "Fyra utbildningar med Adda om den reviderade uppförandekoden och villkoren för tillbörlig "
        "aktsamhet, med över 560 deltagare."
    ),
    "Webinarier på aktuella teman": (
        "Tre av webinarierna hölls tillsammans med Läkemedelsverket, om reglering, renovering och "
        "reprocessing av medicinteknik."
    ),
    "Ökat antal nyheter via webb och sociala medier": (
        "Kommunikationen fick mer tid på kansliet, en femtedel av en heltid, och samarbetet syntes oftare "
        "i nyhetsmedier."
    ),
    "Nyhetsbrev med aktuella händelser": "Fler nyhetsbrev gick ut, och antalet prenumeranter nästan fördubblades.",
    "Ökad spridning av resultaten från uppföljningar": (
        "Sammanfattningar av uppföljningarnas resultat publiceras på samarbetets webbplats."
    ),
}


@transaction.atomic
def seed_goal_assessments(year: int = 2024) -> int:
    """Idempotent: an assessment already written (in the demo or by hand) is left as it is."""
    created = 0
    for goal in Goal.objects.filter(start_year__lte=year, end_year__gte=year):
        text = next((text for start, text in ASSESSMENTS_2024.items() if goal.text.startswith(start)), None)
        if text:
            created += GoalAssessment.objects.get_or_create(goal=goal, year=year, defaults={"text": text})[1]
    return created

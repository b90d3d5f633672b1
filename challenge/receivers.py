"""challenge's answers to the signals of emc2 (see emc2.signals for the contracts)."""

from django.dispatch import receiver
from django.urls import reverse

from challenge.models import Challenge
from emc2 import signals


@receiver(signals.edition_nav, dispatch_uid="challenge.edition_nav")
def edition_nav(sender, edition, user, **kwargs) -> list[tuple[str, str]]:
    if not Challenge.objects.filter(edition=edition).exists():
        if user.has_perm("challenge.change_challenge", edition):
            return [("Challenge", reverse("challenge:organizer-home", args=[edition.slug]))]
        return []
    return [("Challenge", reverse("challenge:public-challenge", args=[edition.slug]))]


@receiver(signals.edition_chair_links, dispatch_uid="challenge.edition_chair_links")
def edition_chair_links(sender, edition, user, **kwargs) -> list[tuple[str, str]]:
    if not user.has_perm("challenge.change_challenge", edition):
        return []
    return [
        (
            "Model compression challenge: configuration, tracks, teams, final scores",
            reverse("challenge:organizer-home", args=[edition.slug]),
        )
    ]


@receiver(signals.edition_sections, dispatch_uid="challenge.edition_sections")
def edition_section(sender, edition, user, **kwargs) -> dict | None:
    challenge = Challenge.objects.filter(edition=edition).first()
    if challenge is None:
        return None
    return {
        "template": "challenge/partials/edition_section.html",
        "order": 60,
        "challenge": challenge,
    }

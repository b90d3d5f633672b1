from django.apps import AppConfig
from django.urls import reverse


class ChallengeConfig(AppConfig):
    name = "challenge"
    verbose_name = "Model compression challenge"

    def ready(self) -> None:
        from . import exporters, rules  # noqa: F401

    def edition_nav(self, edition, user) -> list[tuple[str, str]]:
        from challenge.models import Challenge

        if not Challenge.objects.filter(edition=edition).exists():
            if user.has_perm("challenge.change_challenge", edition):
                return [("Challenge", reverse("challenge:organizer-home", args=[edition.slug]))]
            return []
        return [("Challenge", reverse("challenge:public-challenge", args=[edition.slug]))]

    def chair_links(self, edition, user) -> list[tuple[str, str]]:
        if not user.has_perm("challenge.change_challenge", edition):
            return []
        return [
            (
                "Model compression challenge: configuration, tracks, teams, final scores",
                reverse("challenge:organizer-home", args=[edition.slug]),
            )
        ]

    def edition_section(self, edition, user) -> dict | None:
        from challenge.models import Challenge

        challenge = Challenge.objects.filter(edition=edition).first()
        if challenge is None:
            return None
        return {
            "template": "challenge/partials/edition_section.html",
            "order": 60,
            "challenge": challenge,
        }

from django.apps import AppConfig


class ChallengeConfig(AppConfig):
    name = "challenge"
    verbose_name = "Model compression challenge"

    def ready(self) -> None:
        from . import exporters, receivers, rules  # noqa: F401

from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "program"
    verbose_name = "Program"

    def ready(self) -> None:
        from . import exporters, receivers, rules  # noqa: F401

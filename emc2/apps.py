from django.apps import AppConfig


class Emc2Config(AppConfig):
    name = "emc2"
    verbose_name = "EMC2 series"

    def ready(self) -> None:
        from . import receivers, rules, schema  # noqa: F401

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create or refresh the demo editions, people and accounts (idempotent)."

    def handle(self, *args, **options):
        # Each app may ship a ``demo`` module with ``load(stdout=...)``; run them in
        # INSTALLED_APPS order so emc2's editions exist before the apps add to them.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.load(stdout=self.stdout)
            self.stdout.write(f"demo data of {config.label}: loaded")

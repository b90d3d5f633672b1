"""Celery application.

With no CELERY_BROKER_URL the settings make every task run eagerly in-process, so the
site works on a bare machine; with a broker, tasks go to a real worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emc2.settings")

app = Celery("emc2")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

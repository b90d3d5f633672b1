"""The proceedings engine: volume and booklet PDFs built from plain data, no models.

Callers (services, Celery tasks) turn papers and the schedule into ``VolumeMeta`` /
``PaperEntry`` / ``BookletData`` and call ``build_volume`` / ``build_booklet``.
"""

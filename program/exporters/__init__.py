"""Schedule exporters, registered with ``emc2.exporters`` under the ``program`` group.

Each reads the latest release's snapshot (never the draft) and returns bytes; the one export
view serves them at ``<edition>/program/export/<filename>``, so adding a format is one module.
"""

from program.exporters.base import ScheduleExporter, schedule_exporters
from program.exporters.feed import ReleaseFeedExporter
from program.exporters.frab import FrabExporter, ScheduleJsonExporter
from program.exporters.ical import IcalExporter, item_ical
from program.exporters.tabular import CsvExporter, SnapshotJsonExporter

__all__ = [
    "CsvExporter",
    "FrabExporter",
    "IcalExporter",
    "ReleaseFeedExporter",
    "ScheduleExporter",
    "ScheduleJsonExporter",
    "SnapshotJsonExporter",
    "item_ical",
    "schedule_exporters",
]

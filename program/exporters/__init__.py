"""Schedule exporters. Each reads a published snapshot (never the draft) and returns text.

``EXPORTERS`` maps the download file name to its exporter; the export view looks it up, so
adding a format is one module and one ``register`` line.
"""

from program.exporters.base import EXPORTERS, BaseExporter, register
from program.exporters.frab import FrabExporter
from program.exporters.ical import IcalExporter, item_ical
from program.exporters.tabular import CsvExporter, JsonExporter

__all__ = [
    "EXPORTERS",
    "BaseExporter",
    "CsvExporter",
    "FrabExporter",
    "IcalExporter",
    "JsonExporter",
    "item_ical",
    "register",
]

import pytest

from emc2 import exporters
from emc2.exporters import BaseExporter, exporter_get, exporter_list, register


def test_every_app_registers_its_exporters():
    assert {
        "program.frab",
        "program.schedule_json",
        "program.snapshot_json",
        "program.ical",
        "program.csv",
        "program.releases_atom",
        "challenge.leaderboard_csv",
        "papers.submissions_csv",
        "papers.authors_csv",
    } <= set(exporters.EXPORTERS)
    assert all(e.permission for e in exporters.EXPORTERS.values())


def test_exporter_get_by_group_and_filename():
    assert exporter_get(group="program", filename="schedule.xml").identifier == "program.frab"
    assert exporter_get(group="program", filename="schedule.pdf") is None
    assert exporter_get(identifier="papers.authors_csv").filename == "authors.csv"
    assert [e.filename for e in exporter_list(group="program")][:1] != []


def test_register_refuses_an_exporter_without_permission():
    class NoPermission(BaseExporter):
        identifier = "tests.no_permission"

    with pytest.raises(ValueError, match="permission"):
        register(NoPermission)
    assert "tests.no_permission" not in exporters.EXPORTERS


def test_register_refuses_a_second_exporter_with_the_same_identifier(monkeypatch):
    monkeypatch.setattr(exporters, "EXPORTERS", dict(exporters.EXPORTERS))

    class Impostor(BaseExporter):
        identifier = "program.frab"
        permission = "program.view_program"

    with pytest.raises(ValueError, match="twice"):
        register(Impostor)

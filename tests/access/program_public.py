"""Access rows of the public program's static export (the pages themselves are in
program.py): a chair-only download of the published program as a zip."""

from tests.access.table import NOT_FOUND, REDIRECT, Route, goes_to, only

ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
hidden = lambda w: {"edition": w.unpublished.slug}  # noqa: E731

ROUTES = [
    Route("program:chair-static-site", only("chair"), ed, note="the zip of release 1"),
    Route(
        "program:chair-static-site",
        {**only("chair", ok=REDIRECT, denied=NOT_FOUND), "anonymous": NOT_FOUND},
        hidden,
        note="unpublished edition: nothing public to export, back to the editor",
        location=goes_to("program:chair-editor", hidden),
    ),
]

"""Access rows of the publications: chair builds, volume/booklet downloads, paper pages."""

from program.enums import BuildKind
from program.models import Build, Volume
from program.publish.services import volume_save
from program.selectors import paper_slug
from tests.access.table import NOT_FOUND, OK, REDIRECT, Route, everyone, goes_to, only, tables
from tests.program.proceedings.helpers import accepted_paper, fake_build


def build(world) -> None:
    ed = world.edition
    world.pub_paper = accepted_paper(ed, "Accessible accepted paper")
    world.pub_rejected = accepted_paper(ed, "Rejected paper", decision="reject")
    world.pub_hidden_paper = accepted_paper(world.unpublished, "Paper of a hidden edition")
    # An unpublished volume with a finished build: chairs download it, nobody else.
    volume_save(edition=ed, title="Proceedings of Access", short_title="Access")
    fake_build(ed, BuildKind.VOLUME)
    fake_build(ed, BuildKind.BOOKLET)  # the booklet is public with the program


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731


def paper(attr: str, edition: str = "edition"):
    def kwargs(w):
        p = getattr(w, attr)
        return {"edition": getattr(w, edition).slug, "pk": p.pk, "slug": paper_slug(p)}

    return kwargs


def kind(name: str):
    return lambda w: {"edition": w.edition.slug, "kind": name}


CHAIR = only("chair")

STATE = tables(Build, Volume)

ROUTES = [
    Route("program:public-paper", everyone(OK), paper("pub_paper")),
    Route("program:public-paper", everyone(NOT_FOUND), paper("pub_rejected"), note="rejected"),
    Route(
        "program:public-paper",
        everyone(NOT_FOUND),
        paper("pub_hidden_paper", "unpublished"),
        note="unpublished edition, even for its chair",
    ),
    Route("program:public-paper-pdf", everyone(OK), paper("pub_paper")),
    Route("program:public-paper-pdf", everyone(NOT_FOUND), paper("pub_rejected"), note="rejected"),
    Route("program:public-bibtex", everyone(OK), ed),
    Route(
        "program:public-volume",
        everyone(NOT_FOUND, chair=OK),
        ed,
        note="built but not published: chairs only",
    ),
    Route("program:public-booklet", everyone(OK), ed),
    Route("program:chair-publications", CHAIR, ed),
    Route("program:chair-build-progress", CHAIR, kind("volume")),
    Route(
        "program:chair-build-progress", {**CHAIR, "chair": NOT_FOUND}, kind("cover"), note="kind"
    ),
    Route(
        "program:chair-build-start",
        only("chair", ok=REDIRECT),
        kind("booklet"),
        method="post",
        state=STATE,
        location=goes_to("program:chair-publications", lambda w: {"edition": w.edition.slug}),
        fresh_world_per_actor=True,
    ),
]

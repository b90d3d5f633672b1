import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from emc2.enums import AOE, DateKey
from emc2.models import ImportantDate
from papers.services import paper_create
from tests.factories.emc2 import TopicFactory
from tests.factories.papers import SubmissionTypeFactory, make_pdf

AOE_TZ = dt.timezone(dt.timedelta(hours=-12))
# 2030-09-01 23:59 AoE == 2030-09-02 11:59 UTC.
DEADLINE = dt.datetime(2030, 9, 1, 23, 59, tzinfo=AOE_TZ)


def pdf_upload(pages: int = 1, name: str = "paper.pdf", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(pages=pages, **kwargs), "application/pdf")


def set_deadline(edition, key=DateKey.SUBMISSION, at=DEADLINE, extended_at=None):
    return ImportantDate.objects.update_or_create(
        edition=edition,
        key=key,
        defaults={"name": DateKey(key).label + " deadline", "at": at,
                  "extended_at": extended_at, "time_zone": AOE},
    )[0]  # fmt: skip


@pytest.fixture
def submission_type(edition):
    return SubmissionTypeFactory(edition=edition, name="Full paper")


@pytest.fixture
def topic(edition):
    return TopicFactory(edition=edition, name="Quantization")


@pytest.fixture
def author_user(actors):
    return actors["author"]


def author_rows(user, *others):
    rows = [{"name": "Ada Lovelace", "email": user.email, "affiliation": "Lab", "is_contact": True}]
    rows += [{"name": name, "email": email, "affiliation": ""} for name, email in others]
    return rows


@pytest.fixture
def make_paper(edition, submission_type, topic, author_user):
    def make(*, pdf=True, by=None, others=(("Grace Hopper", "grace@example.org"),), **kw):
        by = by or author_user
        return paper_create(
            edition=kw.pop("edition", edition),
            by=by,
            title=kw.pop("title", "Cheaper inference"),
            abstract="We make inference cheaper.",
            submission_type=kw.pop("submission_type", submission_type),
            topics=kw.pop("topics", [topic]),
            authors=kw.pop("authors", None) or author_rows(by, *others),
            pdf=pdf_upload(2) if pdf is True else (pdf or None),
            **kw,
        )

    return make


@pytest.fixture
def paper(make_paper):
    """A submitted paper: ``actors["author"]`` (contact) and Grace Hopper, one PDF version."""
    return make_paper()

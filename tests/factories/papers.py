import io

import factory
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from emc2.models import Topic
from papers.enums import Anonymity
from papers.models import Author, Paper, SubmissionType
from tests.factories.emc2 import EditionFactory


def make_pdf(*, pages: int = 1, author: str = "", creator: str = "", text: str = "Paper") -> bytes:
    """A small valid PDF with ``pages`` pages and the given metadata."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setAuthor(author)
    pdf.setCreator(creator)
    pdf.setTitle(text)
    for n in range(pages):
        pdf.drawString(72, 760, f"{text} — page {n + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class SubmissionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionType

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Full paper {n}")
    page_limit = 4
    reference_pages = 1
    anonymity = Anonymity.DOUBLE_BLIND
    max_size_mb = 2
    supplementary_allowed = True
    supplementary_max_size_mb = 1


class PaperFactory(factory.django.DjangoModelFactory):
    """A draft paper without authors or files; tests add what they need."""

    class Meta:
        model = Paper
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    submission_type = factory.SubFactory(
        SubmissionTypeFactory, edition=factory.SelfAttribute("..edition")
    )
    title = factory.Sequence(lambda n: f"Efficient inference, part {n}")
    abstract = "We make *inference* cheaper."

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    paper = factory.SubFactory(PaperFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Author Number{n}")
    email = factory.Sequence(lambda n: f"writer{n}@example.org")
    affiliation = "Example Lab"


def topic_for(edition) -> Topic:
    return Topic.objects.get_or_create(edition=edition, name="Quantization")[0]

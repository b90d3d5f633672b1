"""Demo data of papers: submission types for every demo edition and a handful of
submissions (with small generated PDFs) in the open call of 2027-demo. Idempotent."""

import zlib

from django.core.files.base import ContentFile

from emc2.models import Edition, Person, User
from papers.enums import Anonymity, FileKind, PaperStatus
from papers.models import Author, Paper, PaperFile, SubmissionType
from papers.validators import anonymized_pdf, sha256_of

TYPES = [
    # name, page limit, reference pages, anonymity, supplementary, description
    ("Full paper", 6, 2, Anonymity.DOUBLE_BLIND, True,
     "Complete work with an evaluation. Use the two-column conference template."),
    ("Work in progress", 4, 1, Anonymity.DOUBLE_BLIND, False,
     "Early results and ideas worth discussing; presented as a lightning talk or poster."),
    ("Extended abstract", 2, 0, Anonymity.SINGLE_BLIND, False,
     "A short summary of recently published or ongoing work, for a poster."),
]  # fmt: skip

# title, type, topic positions, authors (name, e-mail, affiliation), keywords, pages, abstract
SUBMISSIONS = [
    ("Four-bit weights without retraining: a calibration study", "Full paper", [3], [
        ("Alex Author", "author@emc2.example", "Example Institute"),
        ("Mira Okafor", "mira.okafor@example.org", "Lakeside University"),
    ], "quantization, calibration, post-training", 6,
     "We compare calibration sets for post-training quantization of vision and language "
     "models and find that *forty* well-chosen samples are enough for most layers."),
    ("Measuring joules per token on a shared GPU cluster", "Work in progress", [4, 5], [
        ("Tomás Lindqvist", "tomas.lindqvist@example.org", "Northfield Labs"),
        ("Alex Author", "author@emc2.example", "Example Institute"),
    ], "energy, measurement, LLM serving", 3,
     "Power meters see the whole node. We attribute energy to individual requests from "
     "counters the driver already exposes and check the estimate against a wall meter."),
    ("Structured sparsity for on-device speech recognition", "Full paper", [0, 1], [
        ("Priya Raman", "priya.raman@example.org", "Coastal Institute of Technology"),
        ("Jun Watanabe", "jun.watanabe@example.org", "Coastal Institute of Technology"),
        ("Leah Brandt", "leah.brandt@example.org", "Hilltop AI"),
    ], "sparsity, speech, mobile", 7,
     "Two-of-four sparsity halves the multiply count of a streaming recognizer; we show "
     "what it costs in word error rate and how much battery it saves on three phones."),
    ("A compiler pass that fuses dequantization into matmul", "Extended abstract", [5], [
        ("Omar Haddad", "omar.haddad@example.org", "Riverbend Systems"),
    ], "compilers, kernels", 2,
     "Fusing dequantization into the matrix multiply removes a memory round trip; a short "
     "report on the pass and its speed-ups on two accelerators."),
    ("Distilling a router for mixture-of-experts inference", "Work in progress", [3, 6], [
        ("Alex Author", "author@emc2.example", "Example Institute"),
    ], "mixture of experts, distillation", 0,
     "A draft: we plan to distil the gating network so that fewer experts load per token."),
]  # fmt: skip


def tiny_pdf(*, title: str, pages: int, author: str = "") -> bytes:
    """A small valid PDF with one line of text per page (no dependency beyond zlib)."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(pages)]
    font_id = 3 + 2 * pages
    info_id = font_id + 1
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{p} 0 R" for p in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>")
    safe = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    for n in range(pages):
        text = b"BT /F1 14 Tf 72 760 Td (" + safe + b" - page %d) Tj ET" % (n + 1)
        stream = zlib.compress(text)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d"
            b" 0 R >> >> /Contents %d 0 R >>" % (font_id, page_ids[n] + 1)
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(
        b"<< /Title (" + safe + b") /Author (" + author.encode("latin-1", "replace") + b")"
        b" /Creator (emc2 demo) >>"
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, info_id)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _types(edition: Edition) -> dict[str, SubmissionType]:
    result = {}
    for order, (name, pages, refs, anonymity, supplementary, description) in enumerate(TYPES):
        result[name], _ = SubmissionType.objects.update_or_create(
            edition=edition,
            name=name,
            defaults={
                "page_limit": pages,
                "reference_pages": refs,
                "anonymity": anonymity,
                "supplementary_allowed": supplementary,
                "description": description,
                "order": order,
            },
        )
    return result


def _load_submissions(*, stdout) -> None:
    editions = list(Edition.objects.filter(slug__in=["2019-neurips", "2023-aaai", "2027-demo"]))
    for edition in editions:
        _types(edition)
    demo = next((e for e in editions if e.slug == "2027-demo"), None)
    if demo is None:
        return
    types = _types(demo)
    topics = list(demo.topics.order_by("order", "pk"))
    submitter = User.objects.filter(email="author@emc2.example").first()
    for title, type_name, topic_idx, authors, keywords, pages, abstract in SUBMISSIONS:
        paper, _ = Paper.objects.update_or_create(
            edition=demo,
            title=title,
            defaults={
                "abstract": abstract,
                "keywords": keywords,
                "submission_type": types[type_name],
                "created_by": submitter,
            },
        )
        paper.topics.set([topics[i] for i in topic_idx if i < len(topics)])
        for order, (name, email, affiliation) in enumerate(authors, start=1):
            Author.objects.update_or_create(
                paper=paper,
                email=email,
                defaults={
                    "name": name,
                    "affiliation": affiliation,
                    "order": order,
                    "is_contact": False,
                    "person": Person.objects.filter(email__iexact=email).first(),
                },
            )
        Author.objects.filter(paper=paper, order=1).update(is_contact=True)
        if pages and not paper.files.exists():
            data = tiny_pdf(title=title, pages=pages, author=authors[0][0])
            version = PaperFile(
                paper=paper,
                kind=FileKind.PAPER,
                uploaded_by=submitter,
                sha256=sha256_of(data),
                size=len(data),
                page_count=pages,
            )
            version.file.save("demo.pdf", ContentFile(data), save=False)
            if types[type_name].is_double_blind:
                version.anonymized.save("demo.pdf", ContentFile(anonymized_pdf(data)), save=False)
            version.save()
        if pages and paper.status == PaperStatus.DRAFT:
            paper.status = PaperStatus.SUBMITTED
            paper.submitted_at = paper.created
            paper.save(update_fields=["status", "submitted_at"])
    stdout.write(f"papers: {len(SUBMISSIONS)} demo submissions in {demo.slug}")


def load(*, stdout) -> None:
    """Submissions, then the committee and its reviews, then decisions (which freeze reviews)."""
    from papers.demo.decisions import load_decisions_demo
    from papers.demo.review import load_review_demo

    _load_submissions(stdout=stdout)
    load_review_demo(stdout=stdout)
    load_decisions_demo(stdout=stdout)

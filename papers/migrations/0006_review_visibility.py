import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _is_for_chairs(field) -> bool:
    text = f"{field.key} {field.label}".lower()
    return "confidential" in text or "chair" in text


def visibility_forward(apps, schema_editor):
    """Authors' fields stay authors'; a confidential (or to-the-chairs) field becomes chairs
    only: it was shown to co-reviewers, which is the leak this migration closes; any other
    hidden-from-authors field becomes PC only."""
    ReviewField = apps.get_model("papers", "ReviewField")
    for field in ReviewField.objects.all():
        if field.visible_to_authors:
            field.visibility = "authors"
        else:
            field.visibility = "chairs" if _is_for_chairs(field) else "pc"
        field.save(update_fields=["visibility"])


def visibility_backward(apps, schema_editor):
    ReviewField = apps.get_model("papers", "ReviewField")
    ReviewField.objects.update(visible_to_authors=True)
    ReviewField.objects.exclude(visibility="authors").update(visible_to_authors=False)


def versions_forward(apps, schema_editor):
    """Earlier rows hold a submitted review's content before an edit; add each review's
    current content as its latest version, so the history ends where the review is."""
    Review = apps.get_model("papers", "Review")
    ReviewVersion = apps.get_model("papers", "ReviewVersion")
    for review in Review.objects.all().iterator():
        version = ReviewVersion.objects.create(
            review=review,
            scores=review.scores,
            texts=review.texts,
            status=review.status,
            saved_by_id=review.reviewer_id,
        )
        ReviewVersion.objects.filter(pk=version.pk).update(saved_at=review.updated)


class Migration(migrations.Migration):
    # PostgreSQL refuses to alter a table in the transaction that just wrote its rows
    # ("pending trigger events"): each step commits on its own, the data steps atomically.
    atomic = False

    dependencies = [
        ("papers", "0005_blind_copy_findings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="paperssettings",
            name="meta_reviews_to_authors",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="reviewfield",
            name="visibility",
            field=models.CharField(
                choices=[
                    ("authors", "Authors and PC"),
                    ("pc", "PC only"),
                    ("chairs", "Chairs only"),
                ],
                default="authors",
                max_length=10,
            ),
        ),
        migrations.RunPython(visibility_forward, visibility_backward, atomic=True),
        migrations.RemoveField(model_name="reviewfield", name="visible_to_authors"),
        migrations.AddField(
            model_name="reviewversion",
            name="saved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="reviewversion",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[("draft", "Draft"), ("submitted", "Submitted")],
                max_length=20,
            ),
        ),
        migrations.RunPython(versions_forward, migrations.RunPython.noop, atomic=True),
    ]

from django.conf import settings
from django.db import models
from django.urls import reverse

from emc2.enums import RoleKind
from emc2.validators import validate_orcid


class Person(models.Model):
    """Someone who appears on the site: speaker, author, organizer, reviewer.

    Separate from accounts so that people of past editions exist without one; the same
    person across editions is one row.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    affiliation = models.CharField(max_length=300, blank=True)
    email = models.EmailField(blank=True, db_index=True, help_text="Never shown publicly.")
    homepage = models.URLField(blank=True)
    photo = models.ImageField(upload_to="public/people/", blank=True)
    bio = models.TextField(blank=True, help_text="Markdown.")
    orcid = models.CharField("ORCID iD", max_length=19, blank=True, validators=[validate_orcid])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("person", kwargs={"slug": self.slug})


class Role(models.Model):
    """A person's role in one edition. Authors are implicit (they have papers)."""

    edition = models.ForeignKey("emc2.Edition", on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=32, choices=RoleKind.choices)
    title = models.CharField(
        max_length=120, blank=True, help_text='Shown publicly, e.g. "General Chair".'
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "kind", "order", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "person", "kind"], name="role_unique_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()} ({self.edition.slug})"

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from emc2.enums import AOE, DateKey, SponsorTier
from emc2.times import local
from emc2.validators import validate_time_zone


class Series(models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40)
    description = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name


class SeriesAdmin(models.Model):
    """An account that may create editions of one series (besides staff). Staff give and
    take the role through the API (``api/series/<id>/admins/``)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="admins")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="series_admin_of"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["series", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["series", "user"], name="emc2_series_admin_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} admin of {self.series}"


class Edition(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveIntegerField(help_text="5 for the 5th edition.")
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=60, unique=True, help_text="e.g. 2019-neurips")
    conference = models.CharField(
        "co-located with", max_length=200, blank=True, help_text="e.g. NeurIPS 2019"
    )
    city = models.CharField(max_length=120, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    room = models.CharField(max_length=120, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="IANA name of the venue's time zone, e.g. America/Vancouver.",
    )
    deadline_time_zone = models.CharField(
        max_length=64,
        default=AOE,
        validators=[validate_time_zone],
        help_text="Time zone of deadlines; Etc/GMT+12 is Anywhere on Earth.",
    )
    objective = models.TextField(blank=True, help_text="Markdown.")
    cfp_text = models.TextField("call for papers", blank=True, help_text="Markdown.")
    published = models.BooleanField(default=False)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="edition_number_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="edition_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("edition", kwargs={"edition": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def deadline_tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.deadline_time_zone)

    @property
    def is_upcoming(self) -> bool:
        return (self.end_date or self.start_date) >= timezone.localdate(timezone=self.tz)

    @property
    def ordinal(self) -> str:
        n = self.number
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"


class Topic(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class ImportantDate(models.Model):
    """A deadline or milestone. Stored as an instant; shown in its own time zone."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="dates")
    name = models.CharField(max_length=120)
    key = models.CharField(
        max_length=32,
        choices=DateKey.choices,
        blank=True,
        help_text="Set when the site enforces this date (e.g. the submission deadline).",
    )
    at = models.DateTimeField(help_text="The original date and time.")
    extended_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the date was extended; the old one stays shown."
    )
    time_zone = models.CharField(max_length=64, default=AOE, validators=[validate_time_zone])
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "key"],
                condition=~models.Q(key=""),
                name="important_date_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def effective_at(self) -> datetime:
        return self.extended_at or self.at

    @property
    def is_extended(self) -> bool:
        return self.extended_at is not None

    @property
    def tz_label(self) -> str:
        return "AoE" if self.time_zone == AOE else self.time_zone

    @property
    def local_at(self) -> datetime:
        return local(self.at, self.tz)

    @property
    def local_extended_at(self) -> datetime | None:
        return local(self.extended_at, self.tz)

    @property
    def is_past(self) -> bool:
        return self.effective_at <= timezone.now()


class Sponsor(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sponsors")
    name = models.CharField(max_length=200)
    tier = models.CharField(max_length=20, choices=SponsorTier.choices, default=SponsorTier.GOLD)
    # A FileField, not an ImageField: SVG logos are accepted, sanitized (emc2.images).
    logo = models.FileField(upload_to="public/sponsors/", blank=True)
    url = models.URLField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "name"]

    def __str__(self) -> str:
        return self.name

"""Schedule rows edited by chairs (the draft) and the releases the public sees.

The public never reads Room/Session/Item directly: publishing freezes them into a
``Release.snapshot`` (see services.release_publish), so a draft edit stays invisible until
the next release, and every public page and export reads one JSON document per edition.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from program.enums import BuildKind, BuildState, ItemKind, SessionKind, SpeakerRole
from program.proceedings.isbn import validate_isbn
from program.validators import validate_colour


class Room(models.Model):
    edition = models.ForeignKey("emc2.Edition", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=120)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="program_room_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SessionType(models.Model):
    """A chair's name and colour for a kind of session (pretalx's submission type). The
    behaviour (poster boards, breaks, featured speakers) stays with ``Session.kind``; ``kind``
    here is the kind a session of this type gets when none is given."""

    edition = models.ForeignKey(
        "emc2.Edition", on_delete=models.CASCADE, related_name="session_types"
    )
    name = models.CharField(max_length=100)
    colour = models.CharField(max_length=7, default="#1f6feb", validators=[validate_colour])
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(
        "default kind",
        max_length=20,
        choices=SessionKind.choices,
        blank=True,
        help_text="How sessions of this type are laid out, unless a session says otherwise.",
    )

    class Meta:
        ordering = ["edition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                "edition", Lower("name"), name="program_sessiontype_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    """A thematic strand of the program (pretalx's track), with a colour."""

    edition = models.ForeignKey("emc2.Edition", on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=100)
    colour = models.CharField(max_length=7, default="#1f6feb", validators=[validate_colour])
    position = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "position", "pk"]
        constraints = [
            models.UniqueConstraint("edition", Lower("name"), name="program_track_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """A block of the day in one room. Room double-booking is refused by the services and,
    on PostgreSQL, by an exclusion constraint (migration 0001)."""

    edition = models.ForeignKey("emc2.Edition", on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    type = models.ForeignKey(
        SessionType, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(max_length=300)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions")
    start = models.DateTimeField()
    end = models.DateTimeField()
    chair = models.ForeignKey(
        "emc2.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_sessions",
        help_text="Session chair, or the moderator of a panel.",
    )
    description = models.TextField(blank=True, help_text="Markdown.")
    times_tba = models.BooleanField(
        "times to be announced",
        default=False,
        help_text="The start and end only place the session in the day's order: the public "
        "pages show the order and say the times are to be announced.",
    )

    class Meta:
        ordering = ["edition", "start", "room__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="program_session_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    """A talk, poster or panel discussion. Without a session it waits in the side list."""

    edition = models.ForeignKey("emc2.Edition", on_delete=models.CASCADE, related_name="items")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    kind = models.CharField(max_length=20, choices=ItemKind.choices, default=ItemKind.TALK)
    title = models.CharField(max_length=500, blank=True, help_text="Empty: untitled.")
    label = models.CharField(
        max_length=60,
        blank=True,
        help_text='A numbered label shown before the title, e.g. "Keynote 1", "Contributed 3".',
    )
    abstract = models.TextField(blank=True, help_text="Markdown.")
    start = models.DateTimeField(null=True, blank=True, help_text="Empty: the session's span.")
    end = models.DateTimeField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    slides_url = models.URLField(blank=True)
    recording_url = models.URLField(blank=True)
    board = models.CharField("poster board", max_length=20, blank=True)
    paper = models.ForeignKey(
        "papers.Paper",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_items",
        help_text="The accepted paper this item presents, if any.",
    )

    class Meta:
        ordering = ["edition", "session", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True, end__isnull=True)
                | models.Q(start__isnull=False, end__isnull=False, end__gt=models.F("start")),
                name="program_item_times_valid",
            ),
            # "Create items from accepted papers" may run twice: never two items per paper.
            models.UniqueConstraint(
                fields=["paper"],
                condition=models.Q(paper__isnull=False),
                name="program_item_one_per_paper",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("program:public-item", kwargs={"edition": self.edition.slug, "pk": self.pk})

    @property
    def span(self):
        """(start, end) the item occupies: its own times, else its session's."""
        if self.start and self.end:
            return self.start, self.end
        if self.session_id:
            return self.session.start, self.session.end
        return None, None


class ItemSpeaker(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey("emc2.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    role_line = models.CharField(
        max_length=200, blank=True, help_text='Shown after the name, e.g. "CTO, d-Matrix".'
    )
    # The affiliation belongs to the appearance, not the person: the same person speaks for
    # another institution next year without becoming a second person.
    affiliation = models.CharField(
        max_length=300, blank=True, help_text="Affiliation at the time of this appearance."
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="program_speaker_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class SpeakerAvailability(models.Model):
    """A span of time in which a person can speak at an edition (program.availability).

    A person with no rows for an edition is available all the time; with rows, only inside
    them. The service keeps the spans of one person and edition merged (no overlap, none
    adjacent) and inside the edition's days.
    """

    person = models.ForeignKey(
        "emc2.Person", on_delete=models.CASCADE, related_name="speaker_availability"
    )
    edition = models.ForeignKey(
        "emc2.Edition", on_delete=models.CASCADE, related_name="speaker_availability"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["edition", "person", "start"]
        verbose_name_plural = "speaker availability"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="program_availability_end_after_start",
            )
        ]
        indexes = [models.Index(fields=["edition", "person", "start"])]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.edition_id}: {self.start}–{self.end}"


class Release(models.Model):
    """A published version of the schedule, numbered per edition, with its changelog."""

    edition = models.ForeignKey("emc2.Edition", on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    snapshot = models.JSONField(help_text="The schedule as published (schedule JSON export).")
    changelog = models.JSONField(default=list)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="program_release_unique")
        ]

    def __str__(self) -> str:
        return f"{self.edition.slug} release {self.number}"


# --- publications: proceedings volume and program booklet (issue 8) --------------------------


class Volume(models.Model):
    """The chair's metadata of an edition's proceedings volume (one per edition)."""

    edition = models.OneToOneField("emc2.Edition", on_delete=models.CASCADE, related_name="volume")
    title = models.CharField(
        max_length=300, help_text='e.g. "Proceedings of the 5th Workshop on ..."'
    )
    short_title = models.CharField(max_length=120, help_text="Running header on paper pages.")
    editors = models.TextField(blank=True, help_text="One editor per line, in order.")
    publisher = models.CharField("publisher line", max_length=300, blank=True)
    isbn = models.CharField("ISBN", max_length=20, blank=True, validators=[validate_isbn])
    copyright = models.TextField("copyright notice", blank=True)
    preface = models.TextField(
        "preface", blank=True, help_text="Message from the chairs, Markdown."
    )
    paper_order = models.JSONField(
        default=list,
        blank=True,
        help_text="Paper ids placed first, in this order; the others follow in program order, "
        "then by title.",
    )
    published = models.BooleanField(
        default=False, help_text="Let the public download the built volume."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title

    @property
    def editor_list(self) -> list[str]:
        return [line.strip() for line in self.editors.splitlines() if line.strip()]


class Build(models.Model):
    """One background build of a volume or booklet PDF, or of the program's static site (a
    zip). The newest ``done`` build of a kind is the one served; a failed build never replaces
    it (each build writes its own file)."""

    edition = models.ForeignKey("emc2.Edition", on_delete=models.CASCADE, related_name="builds")
    kind = models.CharField(max_length=10, choices=BuildKind.choices)
    state = models.CharField(max_length=10, choices=BuildState.choices, default=BuildState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=300, blank=True)
    inputs_hash = models.CharField(max_length=64, blank=True)
    file = models.CharField(max_length=300, blank=True, help_text="Name in the media storage.")
    page_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="PDF pages; static site: HTML pages in the zip."
    )
    page_map = models.JSONField(
        default=dict, blank=True, help_text='Volume: {"<paper id>": "5--12"} for BibTeX.'
    )
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "kind", "-pk"]
        indexes = [models.Index(fields=["edition", "kind", "state"])]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.kind} build {self.pk} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in (BuildState.QUEUED, BuildState.RUNNING)

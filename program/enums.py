from django.db import models


class SessionKind(models.TextChoices):
    OPENING = "opening", "Welcome"
    KEYNOTE = "keynote", "Keynote"
    INVITED = "invited", "Invited talk"
    PAPERS = "papers", "Paper session"
    LIGHTNING = "lightning", "Lightning session"
    POSTERS = "posters", "Poster session"
    TUTORIAL = "tutorial", "Tutorial"
    PANEL = "panel", "Panel"
    BREAK = "break", "Break"
    LUNCH = "lunch", "Lunch"
    CLOSING = "closing", "Closing"


# Sessions whose speakers are shown on the edition home page.
FEATURED_KINDS = (SessionKind.KEYNOTE, SessionKind.INVITED)


class ItemKind(models.TextChoices):
    TALK = "talk", "Talk"
    POSTER = "poster", "Poster"
    PANEL = "panel", "Panel discussion"


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", "Speaker"
    AUTHOR = "author", "Author"
    MODERATOR = "moderator", "Moderator"
    PANELIST = "panelist", "Panelist"


class ChangeKind(models.TextChoices):
    ADDED = "added", "Added"
    REMOVED = "removed", "Removed"
    MOVED = "moved", "Moved to another session"
    TIME = "time", "Time changed"
    ROOM = "room", "Room changed"
    UPDATED = "updated", "Details changed"


class BuildKind(models.TextChoices):
    VOLUME = "volume", "Proceedings volume"
    BOOKLET = "booklet", "Program booklet"
    SITE = "site", "Static site of the program"


class BuildState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"

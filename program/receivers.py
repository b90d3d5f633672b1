"""Reactions to other apps' signals, and program's answers to the signals of emc2 (see
emc2.signals for their contracts). Receivers stay quick: they run in the sender's
transaction."""

from django.dispatch import receiver
from django.urls import reverse

from emc2 import signals
from emc2.services import rows_copy_to_edition
from papers.models import Paper
from papers.signals import paper_withdrawn
from program.availability import availability_by_edition, speaker_editions_upcoming
from program.forms import availability_formset
from program.publish.selectors import paper_pages_visible
from program.selectors import (
    featured_speakers,
    paper_public_url,
    person_papers_public,
    person_talks_public,
)
from program.services import items_unschedule_for_paper


@receiver(paper_withdrawn, dispatch_uid="program.unschedule_withdrawn_paper")
def unschedule_withdrawn_paper(sender, paper, **kwargs) -> None:
    items_unschedule_for_paper(paper_id=paper.pk)


@receiver(signals.edition_nav, dispatch_uid="program.edition_nav")
def edition_nav(sender, edition, user, **kwargs) -> list[tuple[str, str]]:
    return [("Program", reverse("program:public-program", kwargs={"edition": edition.slug}))]


@receiver(signals.edition_sections, dispatch_uid="program.edition_sections")
def edition_section(sender, edition, user, **kwargs) -> dict | None:
    speakers = featured_speakers(edition=edition)
    if not speakers:
        return None
    return {"template": "program/public/_edition_section.html", "order": 20, **speakers}


@receiver(signals.person_sections, dispatch_uid="program.person_sections")
def person_section(sender, person, user, **kwargs) -> dict | None:
    talks = person_talks_public(person=person)
    papers = person_papers_public(person=person, talks=talks)
    if not talks and not papers:
        return None
    return {
        "template": "program/public/_person_section.html",
        "order": 20,
        "talks": talks,
        "papers": papers,
    }


@receiver(signals.person_profile_sections, dispatch_uid="program.person_profile_sections")
def person_profile_section(sender, person, token, **kwargs) -> dict | None:
    """On the invited speaker's profile page: their availability for each upcoming edition
    they speak in (two queries), each form posting to program's speaker-availability view."""
    editions = speaker_editions_upcoming(person=person)
    if not editions:
        return None
    rows = availability_by_edition(person=person, editions=editions)
    return {
        "template": "program/speaker/_availability_section.html",
        "order": 50,
        "editions": [
            {
                "edition": edition,
                "formset": availability_formset(edition=edition, rows=rows[edition.pk]),
                "action": reverse(
                    "program:speaker-availability",
                    kwargs={"edition": edition.slug, "token": token},
                ),
            }
            for edition in editions
        ],
    }


@receiver(signals.public_urls, sender=Paper, dispatch_uid="program.paper_public_urls")
def paper_public_urls(sender, edition, objs, **kwargs) -> dict:
    """The public pages of accepted papers, once the edition shows them (papers links them
    from its accepted-papers page)."""
    if not paper_pages_visible(edition=edition):
        return {}
    return {p.pk: paper_public_url(edition=edition, pk=p.pk, title=p.title) for p in objs}


@receiver(signals.edition_chair_links, dispatch_uid="program.edition_chair_links")
def edition_chair_links(sender, edition, user, **kwargs) -> list[tuple[str, str]]:
    if not user.has_perm("program.change_program", edition):
        return []
    return [
        ("Schedule editor", reverse("program:chair-editor", kwargs={"edition": edition.slug})),
        (
            "People: speakers, organizers, committee",
            reverse("program:chair-people", kwargs={"edition": edition.slug}),
        ),
        (
            "Proceedings and program booklet",
            reverse("program:chair-publications", kwargs={"edition": edition.slug}),
        ),
    ]


@receiver(signals.edition_copied, dispatch_uid="program.edition_copied")
def copy_rooms(sender, source, edition, **kwargs) -> None:
    # Rooms, session types and tracks: sessions and items are each edition's own program.
    rows_copy_to_edition(rows=source.rooms.order_by("order", "pk"), edition=edition)
    rows_copy_to_edition(rows=source.session_types.order_by("position", "pk"), edition=edition)
    rows_copy_to_edition(rows=source.tracks.order_by("position", "pk"), edition=edition)

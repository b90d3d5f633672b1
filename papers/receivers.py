"""papers' receivers: answers to the signals of emc2 (see emc2.signals for the contracts) and
allauth, and the flag of a new edition's accepted-papers page."""

from allauth.account.signals import email_confirmed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from emc2 import signals
from emc2.models import Edition
from emc2.services import rows_copy_to_edition
from papers.selectors import accepted_page_published_cached, submission_deadlines, submission_types
from papers.services import authors_link_email, conflicts_refresh_user


@receiver(email_confirmed, dispatch_uid="papers.link_authors_on_email_confirmed")
def link_authors_on_email_confirmed(sender, request, email_address, **kwargs):
    # Co-author access must survive a later change of address: link the rows to the Person.
    authors_link_email(user=email_address.user, email=email_address.email)
    # A newly verified address can make (or unmake) institutional conflicts.
    conflicts_refresh_user(user=email_address.user)


@receiver(signals.person_changed, dispatch_uid="papers.conflicts_on_person_changed")
def conflicts_on_person_changed(sender, person, **kwargs):
    # A new affiliation can make (or unmake) institutional conflicts: stored again on commit.
    if person.user_id:
        conflicts_refresh_user(user=person.user)


@receiver(signals.edition_nav, dispatch_uid="papers.edition_nav")
def edition_nav(sender, edition, user, **kwargs) -> list[tuple[str, str]]:
    links = []
    if user.is_authenticated:
        links.append(("My submissions", reverse("papers:author-list", args=[edition.slug])))
    # The nav is on every edition page: ask the (cached) flag, not the rule, to add no query.
    # Reviewing links go in the edition home's section for the same reason.
    if accepted_page_published_cached(edition=edition):
        links.append(("Papers", reverse("papers:public-accepted", args=[edition.slug])))
    return links


@receiver(signals.edition_chair_links, dispatch_uid="papers.edition_chair_links")
def edition_chair_links(sender, edition, user, **kwargs) -> list[tuple[str, str]]:
    links = []
    if user.has_perm("papers.view_submissions", edition):
        links += [
            ("Submissions", reverse("papers:chair-list", args=[edition.slug])),
            ("Submission types", reverse("papers:chair-types", args=[edition.slug])),
        ]
    if user.has_perm("papers.manage_reviews", edition):
        links += [
            ("Program committee", reverse("papers:chair-committee", args=[edition.slug])),
            ("Reviews", reverse("papers:chair-review-dashboard", args=[edition.slug])),
            ("Assignment", reverse("papers:chair-assignment", args=[edition.slug])),
            ("Conflicts", reverse("papers:chair-conflicts", args=[edition.slug])),
        ]
    if user.has_perm("papers.decide_paper", edition):
        links += [
            ("Decisions", reverse("papers:chair-decisions", args=[edition.slug])),
            ("Notifications", reverse("papers:chair-notifications", args=[edition.slug])),
        ]
    return links


@receiver(signals.edition_sections, dispatch_uid="papers.edition_sections")
def edition_section(sender, edition, user, **kwargs) -> dict | None:
    """The call for submissions (types, deadlines, start button) and, for the program
    committee, the way into reviewing."""
    types = list(submission_types(edition=edition))
    section = None
    if types:
        section = {
            "template": "papers/public/_cfp_section.html",
            "order": 10,
            "types": types,
            "deadlines": submission_deadlines(edition=edition),
            "edition": edition,
        }
    if not (user.is_authenticated and user.has_perm("papers.view_pc_area", edition)):
        return section
    return {
        **(section or {"order": 10, "edition": edition}),
        "template": "papers/reviewer/_section.html",
        "cfp_template": section["template"] if section else "",
    }


@receiver(post_save, sender=Edition, dispatch_uid="papers_new_edition_page_flag")
def new_edition_page_unpublished(sender, instance, created, **kwargs):
    """A new edition has no published accepted-papers page. Setting the cached flag now spares
    the edition navigation, on every page, a query for it (see
    papers.selectors.accepted_page_published_cached)."""
    if created:
        from papers.selectors import accepted_page_cache_set

        accepted_page_cache_set(edition=instance, published=False)


@receiver(signals.edition_copied, dispatch_uid="papers.edition_copied")
def copy_review_form(sender, source, edition, **kwargs) -> None:
    """The review form, submission types and enabled decisions of ``source`` (see emc2.signals)."""
    from papers.models import PapersSettings, ReviewField, SubmissionType

    rows_copy_to_edition(rows=ReviewField.objects.filter(edition=source), edition=edition)
    rows_copy_to_edition(rows=SubmissionType.objects.filter(edition=source), edition=edition)
    old = PapersSettings.objects.filter(edition=source).first()
    if old is not None:
        PapersSettings.objects.update_or_create(
            edition=edition, defaults={"enabled_decisions": old.enabled_decisions}
        )

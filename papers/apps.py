from django.apps import AppConfig
from django.urls import reverse


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = "Papers"

    def ready(self) -> None:
        from . import rules  # noqa: F401

    def edition_nav(self, edition, user) -> list[tuple[str, str]]:
        if not user.is_authenticated:
            return []
        return [("My submissions", reverse("papers:author-list", args=[edition.slug]))]

    def chair_links(self, edition, user) -> list[tuple[str, str]]:
        if not user.has_perm("papers.view_submissions", edition):
            return []
        return [
            ("Submissions", reverse("papers:chair-list", args=[edition.slug])),
            ("Submission types", reverse("papers:chair-types", args=[edition.slug])),
        ]

    def edition_section(self, edition, user) -> dict | None:
        """The call for submissions: types, deadlines and the button to start one."""
        from papers.selectors import submission_deadlines, submission_types

        types = list(submission_types(edition=edition))
        if not types:
            return None
        return {
            "template": "papers/public/_cfp_section.html",
            "order": 10,
            "types": types,
            "deadlines": submission_deadlines(edition=edition),
            "edition": edition,
        }


# --- decisions (issue 5) ---
def _decisions_nav(self, edition, user) -> list[tuple[str, str]]:
    links = _submission_nav(self, edition, user)
    # The nav is on every edition page: ask the (cached) flag, not the rule, to add no query.
    if _page_published(edition):
        links.append(("Papers", reverse("papers:public-accepted", args=[edition.slug])))
    return links


def _page_published(edition) -> bool:
    from papers.selectors import accepted_page_published_cached

    return accepted_page_published_cached(edition=edition)


def _decisions_chair_links(self, edition, user) -> list[tuple[str, str]]:
    links = _submission_chair_links(self, edition, user)
    if user.has_perm("papers.decide_paper", edition):
        links += [
            ("Decisions", reverse("papers:chair-decisions", args=[edition.slug])),
            ("Notifications", reverse("papers:chair-notifications", args=[edition.slug])),
        ]
    return links


# Appended this way so that the submission hooks above stay as they are.
_submission_nav = PapersConfig.edition_nav
_submission_chair_links = PapersConfig.chair_links
PapersConfig.edition_nav = _decisions_nav
PapersConfig.chair_links = _decisions_chair_links


def _decisions_ready(self) -> None:
    _submission_ready(self)
    from papers import receivers_decision  # noqa: F401


_submission_ready = PapersConfig.ready
PapersConfig.ready = _decisions_ready


# --- review (issue 5) ---
# The reviewing links go in the edition home's section, not the navigation bar: the bar is on
# every page and asking for the PC role there would cost every page a query.
_before_review_section = PapersConfig.edition_section
_before_review_chair_links = PapersConfig.chair_links


def _edition_section(self, edition, user) -> dict | None:
    section = _before_review_section(self, edition, user)
    if not (user.is_authenticated and user.has_perm("papers.view_pc_area", edition)):
        return section
    return {
        **(section or {"order": 10, "edition": edition}),
        "template": "papers/reviewer/_section.html",
        "cfp_template": section["template"] if section else "",
    }


def _chair_links(self, edition, user) -> list[tuple[str, str]]:
    links = _before_review_chair_links(self, edition, user)
    if user.has_perm("papers.manage_reviews", edition):
        links += [
            ("Program committee", reverse("papers:chair-committee", args=[edition.slug])),
            ("Reviews", reverse("papers:chair-review-dashboard", args=[edition.slug])),
            ("Assignment", reverse("papers:chair-assignment", args=[edition.slug])),
        ]
    return links


PapersConfig.edition_section = _edition_section
PapersConfig.chair_links = _chair_links

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

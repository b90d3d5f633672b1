from django.apps import AppConfig
from django.urls import reverse


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = "Papers"

    def ready(self) -> None:
        from . import exporters, receivers_decision, rules  # noqa: F401

    def edition_nav(self, edition, user) -> list[tuple[str, str]]:
        from papers.selectors import accepted_page_published_cached

        links = []
        if user.is_authenticated:
            links.append(("My submissions", reverse("papers:author-list", args=[edition.slug])))
        # The nav is on every edition page: ask the (cached) flag, not the rule, to add no query.
        # Reviewing links go in the edition home's section for the same reason.
        if accepted_page_published_cached(edition=edition):
            links.append(("Papers", reverse("papers:public-accepted", args=[edition.slug])))
        return links

    def chair_links(self, edition, user) -> list[tuple[str, str]]:
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
            ]
        if user.has_perm("papers.decide_paper", edition):
            links += [
                ("Decisions", reverse("papers:chair-decisions", args=[edition.slug])),
                ("Notifications", reverse("papers:chair-notifications", args=[edition.slug])),
            ]
        return links

    def edition_section(self, edition, user) -> dict | None:
        """The call for submissions (types, deadlines, start button) and, for the program
        committee, the way into reviewing."""
        from papers.selectors import submission_deadlines, submission_types

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

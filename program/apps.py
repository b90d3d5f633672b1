from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "program"
    verbose_name = "Program"

    def ready(self) -> None:
        from . import exporters, receivers, rules  # noqa: F401

    def edition_nav(self, edition, user) -> list[tuple[str, str]]:
        from django.urls import reverse

        return [("Program", reverse("program:public-program", kwargs={"edition": edition.slug}))]

    def edition_section(self, edition, user) -> dict | None:
        from program.selectors import featured_speakers

        speakers = featured_speakers(edition=edition)
        if not speakers:
            return None
        return {"template": "program/public/_edition_section.html", "order": 20, **speakers}

    def person_section(self, person, user) -> dict | None:
        from program.selectors import person_papers_public, person_talks_public

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

    def public_urls(self, objs: list) -> dict:
        """Paper pages of accepted papers (see emc2.selectors.public_urls)."""
        from django.urls import reverse

        from program.publish.selectors import paper_pages_visible, paper_slug

        papers = [o for o in objs if o._meta.label == "papers.Paper"]
        if not papers or not paper_pages_visible(edition=papers[0].edition):
            return {}
        edition = papers[0].edition.slug
        return {
            p.pk: reverse(
                "program:public-paper",
                kwargs={"edition": edition, "pk": p.pk, "slug": paper_slug(p)},
            )
            for p in papers
        }

    def chair_links(self, edition, user) -> list[tuple[str, str]]:
        from django.urls import reverse

        if not user.has_perm("program.change_program", edition):
            return []
        return [
            (
                "Schedule editor",
                reverse("program:chair-editor", kwargs={"edition": edition.slug}),
            ),
            (
                "Proceedings and program booklet",
                reverse("program:chair-publications", kwargs={"edition": edition.slug}),
            ),
        ]

"""Chair publications page, downloads, public paper pages and BibTeX."""

import re

import bibtexparser
import pytest
from django.urls import reverse

from program.enums import BuildKind, BuildState
from program.models import Build
from program.publish.services import build_request, volume_save
from program.selectors import paper_slug
from tests.program.proceedings.helpers import accepted_paper, fake_build

pytestmark = pytest.mark.django_db


def paper_url(paper):
    return reverse(
        "program:public-paper",
        kwargs={"edition": paper.edition.slug, "pk": paper.pk, "slug": paper_slug(paper)},
    )


def _build(edition, capture, kind=BuildKind.VOLUME):
    with capture(execute=True):
        build, _queued = build_request(edition=edition, kind=kind)
    build.refresh_from_db()
    return build


# --- chair ----------------------------------------------------------------------------------


def test_chair_page_shows_paper_order_and_saves_metadata(chair_client, edition, two_papers):
    url = reverse("program:chair-publications", kwargs={"edition": edition.slug})
    page = chair_client.get(url).content.decode()
    assert page.index("Pruning &amp; Sparse Networks") < page.index("Quantized Transformers")
    assert "A rejected idea" not in page
    response = chair_client.post(
        url,
        {
            "title": "Proceedings of Tests",
            "short_title": "Tests",
            "editors": "Grace Hopper",
            "isbn": "",
            "paper_order_text": f"{two_papers['second'].pk}",
        },
    )
    assert response.status_code == 302
    page = chair_client.get(url).content.decode()
    assert page.index("Quantized Transformers") < page.index("Pruning &amp; Sparse Networks")
    assert edition.volume.paper_order == [two_papers["second"].pk]


def test_chair_page_refuses_bad_isbn(chair_client, edition):
    url = reverse("program:chair-publications", kwargs={"edition": edition.slug})
    response = chair_client.post(url, {"title": "T", "short_title": "S", "isbn": "12345"})
    assert response.status_code == 200
    assert "check digit" in response.content.decode()


def test_chair_starts_build_and_sees_done(
    chair_client, edition, volume, two_papers, django_capture_on_commit_callbacks
):
    url = reverse("program:chair-build-start", kwargs={"edition": edition.slug, "kind": "volume"})
    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(url)
    assert response.status_code == 302
    build = Build.objects.get(edition=edition, kind=BuildKind.VOLUME)
    assert build.state == BuildState.DONE
    fragment = chair_client.get(
        reverse("program:chair-build-progress", kwargs={"edition": edition.slug, "kind": "volume"})
    ).content.decode()
    assert 'data-build-state="done"' in fragment
    assert "hx-trigger" not in fragment  # finished: no more polling
    download = chair_client.get(reverse("program:public-volume", kwargs={"edition": edition.slug}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_progress_fragment_polls_while_running(chair_client, edition):
    Build.objects.create(
        edition=edition, kind=BuildKind.VOLUME, state=BuildState.RUNNING, progress=40, step="Adding"
    )
    response = chair_client.get(
        reverse("program:chair-build-progress", kwargs={"edition": edition.slug, "kind": "volume"})
    )
    html = response.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert '<progress value="40" max="100"' in html


def test_chair_sees_failure_message(chair_client, edition, volume):
    accepted_paper(edition, "Broken paper", pdf=b"%PDF-1.4 nonsense")
    url = reverse("program:chair-build-start", kwargs={"edition": edition.slug, "kind": "volume"})
    response = chair_client.post(url, follow=True)
    # on_commit callbacks do not run inside the test transaction: run the queued build here.
    from program.publish.services import build_run

    build_run(build=Build.objects.get(edition=edition))
    page = chair_client.get(
        reverse("program:chair-publications", kwargs={"edition": edition.slug})
    ).content.decode()
    assert response.status_code == 200
    assert "Broken paper" in page and 'data-build-state="failed"' in page


BUILD_START = {
    "anonymous": 302,
    "stranger": 403,
    "author": 403,
    "pc_member": 403,
    "chair": 302,
    "chair_other_edition": 403,
    "challenge_organizer": 403,
    "evaluator": 403,
}


@pytest.mark.parametrize("actor", BUILD_START)
def test_build_start_permission(client, actors, actor, edition, published):
    if actor != "anonymous":
        client.force_login(actors[actor])
    url = reverse("program:chair-build-start", kwargs={"edition": edition.slug, "kind": "booklet"})
    response = client.post(url)
    assert response.status_code == BUILD_START[actor]
    queued = Build.objects.filter(edition=edition).count()
    assert queued == (1 if actor == "chair" else 0)
    if actor == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("volume_published", [False, True], ids=["unpublished", "published"])
@pytest.mark.parametrize("actor", BUILD_START)
def test_volume_download_per_actor(client, actors, actor, edition, two_papers, volume_published):
    volume_save(edition=edition, title="P", short_title="P", published=volume_published)
    fake_build(edition, BuildKind.VOLUME)
    if actor != "anonymous":
        client.force_login(actors[actor])
    response = client.get(reverse("program:public-volume", kwargs={"edition": edition.slug}))
    allowed = volume_published or actor == "chair"
    assert response.status_code == (200 if allowed else 404)


def test_paper_page_links_volume_once_published(client, edition, two_papers):
    volume = volume_save(edition=edition, title="P", short_title="P")
    fake_build(edition, BuildKind.VOLUME)
    url = reverse("program:public-volume", kwargs={"edition": edition.slug})
    assert url not in client.get(paper_url(two_papers["first"])).content.decode()
    volume_save(edition=edition, published=True)
    assert f'href="{url}"' in client.get(paper_url(two_papers["first"])).content.decode()
    assert volume.pk == edition.volume.pk


def test_volume_download_404_before_any_build(chair_client, edition, volume):
    url = reverse("program:public-volume", kwargs={"edition": edition.slug})
    assert chair_client.get(url).status_code == 404


# --- program page and booklet ---------------------------------------------------------------


def test_booklet_linked_from_program_page_once_built(
    client, edition, published, django_capture_on_commit_callbacks
):
    program = reverse("program:public-program", kwargs={"edition": edition.slug})
    booklet = reverse("program:public-booklet", kwargs={"edition": edition.slug})
    assert booklet not in client.get(program).content.decode()
    assert client.get(booklet).status_code == 404
    _build(edition, django_capture_on_commit_callbacks, BuildKind.BOOKLET)
    assert f'href="{booklet}"' in client.get(program).content.decode()
    response = client.get(booklet)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- paper pages --------------------------------------------------------------------------


def test_paper_page_shows_paper_presentation_and_person_links(
    client, edition, two_papers, program_with_papers, ada
):
    paper = two_papers["first"]
    html = client.get(paper_url(paper)).content.decode()
    assert "<h1>Pruning &amp; Sparse Networks</h1>" in html
    assert f'href="{reverse("person", kwargs={"slug": ada.slug})}"' in html
    assert "Bo Müller" in html and "Lab B" in html
    assert "<em>Pruning &amp; Sparse Networks</em>" in html  # abstract Markdown rendered
    assert "Paper Session #1" in html and "Hall" in html
    pdf = reverse(
        "program:public-paper-pdf",
        kwargs={"edition": edition.slug, "pk": paper.pk, "slug": paper_slug(paper)},
    )
    assert f'href="{pdf}"' in html
    assert client.get(pdf).status_code == 200
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []  # no inline JS
    assert 'data-copy-target="bibtex-' in html


def test_paper_page_gives_the_presentation_in_venue_time(client, two_papers, program_with_papers):
    html = client.get(paper_url(two_papers["first"])).content.decode()
    times = re.findall(r"<time datetime=\"[^\"]+\">([^<]+)</time>", html)
    assert times[:2] == ["Friday, December 13, 2030, 09:00", "10:00"]
    assert "(America/Vancouver)" in html


def test_paper_page_wrong_slug_redirects(client, two_papers):
    paper = two_papers["first"]
    url = reverse(
        "program:public-paper",
        kwargs={"edition": paper.edition.slug, "pk": paper.pk, "slug": "old-title"},
    )
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (301, paper_url(paper))


def test_talk_page_links_to_paper_page(client, edition, two_papers, program_with_papers):
    item = two_papers["first"].program_items.get()
    html = client.get(
        reverse("program:public-item", kwargs={"edition": edition.slug, "pk": item.pk})
    ).content.decode()
    assert f'href="{paper_url(two_papers["first"])}"' in html


def test_paper_bibtex_parses_and_has_volume_pages_after_build(
    client, edition, volume, two_papers, program_with_papers, django_capture_on_commit_callbacks
):
    paper = two_papers["first"]
    before = bibtexparser.loads(_pre(client.get(paper_url(paper)).content.decode())).entries
    assert len(before) == 1 and "pages" not in before[0]
    _build(edition, django_capture_on_commit_callbacks)
    entry = bibtexparser.loads(_pre(client.get(paper_url(paper)).content.decode())).entries[0]
    assert entry["ENTRYTYPE"] == "inproceedings"
    assert entry["ID"] == "quantizer2030pruning"
    assert entry["pages"] == "4--5"
    assert entry["booktitle"] == "Proceedings of the Test Workshop"
    assert entry["editor"] == "Grace Hopper and Alan Turing"
    assert entry["year"] == "2030"
    assert entry["title"] == r"Pruning \& Sparse Networks"
    assert entry["author"] == "Ada Quantizer and Bo Müller"


def _pre(html: str) -> str:
    import html as html_lib

    start = html.index('<pre id="bibtex-')
    body = html[html.index("<code>", start) + 6 : html.index("</code>", start)]
    return html_lib.unescape(body)


def test_volume_bibtex_file_parses_with_unique_keys(client, edition, two_papers):
    accepted_paper(edition, "Pruning again", authors=(("Ada Quantizer", "Uni A"),))
    response = client.get(reverse("program:public-bibtex", kwargs={"edition": edition.slug}))
    entries = bibtexparser.loads(response.content.decode()).entries
    keys = [e["ID"] for e in entries]
    assert len(keys) == 3 and len(set(keys)) == 3
    assert {"quantizer2030pruning", "quantizer2030pruninga"} <= set(keys)
    assert "A rejected idea" not in response.content.decode()


def test_rejected_paper_has_no_page(client, two_papers):
    assert client.get(paper_url(two_papers["rejected"])).status_code == 404


def test_paper_pages_hidden_in_unpublished_edition(client, chair_client, edition, two_papers):
    edition.published = False
    edition.save(update_fields=["published"])
    paper = two_papers["first"]
    assert client.get(paper_url(paper)).status_code == 404
    assert chair_client.get(paper_url(paper)).status_code == 404
    bib = reverse("program:public-bibtex", kwargs={"edition": edition.slug})
    assert chair_client.get(bib).status_code == 404


@pytest.mark.parametrize("n_papers", [1, 5])
def test_paper_page_query_count_is_bounded(
    client, edition, n_papers, django_assert_max_num_queries
):
    papers = [
        accepted_paper(
            edition,
            f"Paper number {i}",
            authors=[(f"Author {i}{j} Name", f"Lab {j}") for j in range(3)],
        )
        for i in range(n_papers)
    ]
    fake_build(edition, BuildKind.VOLUME, page_map={str(papers[0].pk): "1--2"})
    with django_assert_max_num_queries(14):
        response = client.get(paper_url(papers[0]))
    assert response.status_code == 200

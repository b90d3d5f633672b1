import datetime as dt

import pytest
from pypdf import PdfReader

from program.proceedings.booklet import (
    BookletData,
    BookletDay,
    BookletKeynote,
    BookletSession,
    BookletSponsor,
    BookletTalk,
    build_booklet,
)
from program.proceedings.exceptions import ProceedingsError

DAY1 = dt.date(2019, 12, 13)
DAY2 = dt.date(2019, 12, 14)


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute))


def talk(title, day, hour, minute, speakers, abstract=""):
    return BookletTalk(
        title=title, speakers=speakers, abstract=abstract, start=at(day, hour, minute)
    )


def booklet_data() -> BookletData:
    morning = BookletSession(
        title="Morning papers",
        start=at(DAY1, 9),
        end=at(DAY1, 10, 30),
        room="East Hall",
        chair="Grace Hopper",
        # Given out of order: the booklet sorts talks by start time.
        talks=[
            talk("Second talk", DAY1, 9, 30, [("Kai Chen", "ETH")], "Also *fast*."),
            talk(
                "First talk",
                DAY1,
                9,
                0,
                [("Ada Lovelace", "Cambridge"), ("Émile Zola", "Paris")],
                "We prune **weights**.\n\n<script>alert(1)</script>",
            ),
        ],
    )
    afternoon = BookletSession(
        title="Afternoon posters", start=at(DAY1, 14), end=at(DAY1, 15), room="Poster Room"
    )
    challenge = BookletSession(title="Challenge results", start=at(DAY2, 9), end=at(DAY2, 10))
    return BookletData(
        edition_title="EMC2 2019",
        subtitle="13-14 December 2019, Vancouver",
        time_zone="America/Vancouver",
        days=[
            BookletDay(date=DAY2, sessions=[challenge]),
            BookletDay(date=DAY1, sessions=[afternoon, morning]),
        ],
        keynotes=[
            BookletKeynote(
                name="Grace Hopper",
                affiliation="US Navy",
                bio="Wrote the first *compiler*.",
                talk_title="Nanoseconds",
            )
        ],
        sponsors=[
            BookletSponsor(name="Acme Chips", level="Gold", url="https://acme.example"),
            BookletSponsor(name="Beta Labs", level="Silver"),
        ],
    )


@pytest.fixture(scope="module")
def booklet(tmp_path_factory):
    out = tmp_path_factory.mktemp("booklet") / "booklet.pdf"
    result = build_booklet(data=booklet_data(), out_path=out)
    reader = PdfReader(out)
    return {
        "result": result,
        "reader": reader,
        "texts": [page.extract_text() for page in reader.pages],
    }


def _lines(text):
    return [line.strip() for line in text.splitlines()]


def test_booklet_one_glance_page_per_day_in_date_order(booklet):
    texts = booklet["texts"]
    glance = [t for t in texts if t.startswith("AT A GLANCE")]
    assert len(glance) == 2
    assert _lines(glance[0])[1] == "Friday 13 December 2019"
    assert _lines(glance[1])[1] == "Saturday 14 December 2019"
    day1 = _lines(glance[0])
    assert day1.index("09:00–10:30 Morning papers East Hall") < day1.index(
        "14:00–15:00 Afternoon posters Poster Room"
    )
    assert "Times are in America/Vancouver." in day1


def test_booklet_talks_have_speakers_affiliations_and_sanitized_abstracts(booklet):
    text = next(t for t in booklet["texts"] if t.startswith("Talks: Friday"))
    lines = _lines(text)
    assert lines.index("09:00 First talk") < lines.index("09:30 Second talk")
    assert "Ada Lovelace (Cambridge), Émile Zola (Paris)" in lines
    assert "We prune weights." in lines
    assert "09:00–10:30 · East Hall · Chair: Grace Hopper" in lines
    assert "alert(1)" not in text


def test_booklet_keynotes_and_sponsors(booklet):
    keynotes = next(t for t in booklet["texts"] if t.startswith("Keynote speakers"))
    sponsors = next(t for t in booklet["texts"] if t.startswith("Sponsors"))
    assert _lines(keynotes)[:5] == [
        "Keynote speakers",
        "Grace Hopper",
        "US Navy",
        "Nanoseconds",
        "Wrote the first compiler.",
    ]
    assert _lines(sponsors)[:5] == ["Sponsors", "Gold", "Acme Chips", "Silver", "Beta Labs"]


def test_booklet_pages_numbered_and_outlined(booklet):
    reader = booklet["reader"]
    assert booklet["result"].page_count == len(reader.pages)
    for n, text in enumerate(booklet["texts"][1:], start=2):
        assert _lines(text)[-1] == str(n)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == [
        "Friday 13 December 2019",
        "Saturday 14 December 2019",
        "Talks: Friday 13 December",
        "Talks: Saturday 14 December",
        "Keynote speakers",
        "Sponsors",
    ]


def test_booklet_without_sessions_refused_and_nothing_written(tmp_path):
    out = tmp_path / "booklet.pdf"
    with pytest.raises(ProceedingsError):
        build_booklet(
            data=BookletData(edition_title="EMC2", days=[BookletDay(date=DAY1, sessions=[])]),
            out_path=out,
        )
    assert not out.exists()


def test_booklet_embeds_local_logos_and_photos(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "red").save(logo)
    data = booklet_data()
    data = BookletData(
        edition_title=data.edition_title,
        days=data.days,
        keynotes=[BookletKeynote(name="Grace Hopper", bio="Bio.", photo_path=logo)],
        sponsors=[
            BookletSponsor(name="Acme Chips", logo_path=logo),
            BookletSponsor(name="No Logo Inc", logo_path=tmp_path / "missing.png"),
        ],
    )

    build_booklet(data=data, out_path=tmp_path / "b.pdf")

    reader = PdfReader(tmp_path / "b.pdf")
    keynotes, sponsors = reader.pages[-2], reader.pages[-1]
    assert len(keynotes.images) == 1
    assert len(sponsors.images) == 1
    assert _lines(sponsors.extract_text())[:3] == ["Sponsors", "Acme Chips", "No Logo Inc"]

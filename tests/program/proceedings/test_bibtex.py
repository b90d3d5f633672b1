import bibtexparser
import pytest

from program.bibtex import bibtex_entry, bibtex_key, bibtex_volume, latex_escape

_UNESCAPES = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}


def _decode(value: str) -> str:
    """What LaTeX would print: escapes undone, the case-protecting braces dropped."""
    out, i = [], 0
    while i < len(value):
        for escaped, plain in _UNESCAPES.items():
            if value.startswith(escaped, i):
                out.append(plain)
                i += len(escaped)
                break
        else:
            if value[i] not in "{}":
                out.append(value[i])
            i += 1
    return "".join(out)


def _parse(text: str):
    parser = bibtexparser.bparser.BibTexParser(common_strings=False)
    return bibtexparser.loads(text, parser=parser).entries


def test_bibtex_key_skips_stopwords_and_folds_accents():
    assert bibtex_key("Núñez", 2019, "On the Pruning of CNNs", set()) == "nunez2019pruning"
    assert bibtex_key("van Beethoven", 2023, "Towards Tiny-ML", set()) == "vanbeethoven2023tiny"


def test_bibtex_key_all_stopwords_uses_first_word():
    assert bibtex_key("Lee", 2020, "To Be or to Be", set()) == "lee2020to"


def test_bibtex_key_suffixes_collisions_and_records_them():
    taken: set[str] = set()
    keys = [bibtex_key("Müller", 2019, "Pruning networks", taken) for _ in range(3)]
    assert keys == ["muller2019pruning", "muller2019pruninga", "muller2019pruningb"]
    assert taken == set(keys)


def test_bibtex_entry_round_trips_special_characters():
    title = r"Fast {CNN} & 50% of $x_1^2$ #1 ~ \ in Zürich"
    text = bibtex_entry(
        key="nunez2019fast",
        title=title,
        authors=["José Núñez", "Ada Lovelace"],
        booktitle="Proceedings of EMC2 2019",
        year=2019,
        editors=["Grace Hopper", "Alan Turing"],
        pages="5--12",
        publisher="EMC2 Press & Co",
        url="https://example.org/papers/1 {draft}",
    )

    [entry] = _parse(text)

    assert entry["ENTRYTYPE"] == "inproceedings"
    assert entry["ID"] == "nunez2019fast"
    assert _decode(entry["title"]) == title
    assert entry["author"] == "José Núñez and Ada Lovelace"
    assert entry["editor"] == "Grace Hopper and Alan Turing"
    assert _decode(entry["booktitle"]) == "Proceedings of EMC2 2019"
    assert entry["year"] == "2019"
    assert entry["pages"] == "5--12"
    assert _decode(entry["publisher"]) == "EMC2 Press & Co"
    assert entry["url"] == "https://example.org/papers/1%20%7Bdraft%7D"


def test_bibtex_entry_protects_acronyms_from_lowercasing():
    [entry] = _parse(
        bibtex_entry(
            key="k", title="Pruning BERT and ResNet", authors=["A B"], booktitle="EMC2", year=2019
        )  # fmt: skip
    )
    assert entry["title"] == "Pruning {BERT} and {ResNet}"


def test_bibtex_entry_keeps_a_name_with_and_whole():
    [entry] = _parse(
        bibtex_entry(
            key="k",
            title="T",
            authors=["Smith and Sons Lab", "Ada Lovelace"],
            booktitle="B",
            year=2019,
        )  # fmt: skip
    )
    assert entry["author"] == "{Smith and Sons Lab} and Ada Lovelace"


def test_bibtex_entry_omits_empty_fields():
    [entry] = _parse(bibtex_entry(key="k", title="T", authors=["A B"], booktitle="B", year=2019))
    assert sorted(k for k in entry if k not in {"ENTRYTYPE", "ID"}) == [
        "author",
        "booktitle",
        "title",
        "year",
    ]


def test_bibtex_entry_refuses_a_key_that_breaks_the_syntax():
    with pytest.raises(ValueError):
        bibtex_entry(key="a,b", title="T", authors=["A"], booktitle="B", year=2019)


def test_bibtex_volume_parses_with_unique_keys():
    taken: set[str] = set()
    entries = [
        bibtex_entry(
            key=bibtex_key("Chen", 2019, "Pruning at 50% sparsity", taken),
            title=f"Pruning at 50% sparsity, part {n}",
            authors=["Kai Chen"],
            booktitle="EMC2",
            year=2019,
            pages=f"{n}--{n + 1}",
        )
        for n in range(1, 4)
    ]

    parsed = _parse(bibtex_volume(entries))

    assert [e["ID"] for e in parsed] == [
        "chen2019pruning",
        "chen2019pruninga",
        "chen2019pruningb",
    ]
    assert [_decode(e["title"]) for e in parsed] == [
        f"Pruning at 50% sparsity, part {n}" for n in (1, 2, 3)
    ]


def test_latex_escape_collapses_whitespace():
    assert latex_escape("a\n  b\t_c") == r"a b \_c"

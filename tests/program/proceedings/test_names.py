import pytest

from program.proceedings.names import index_form, sort_key, split_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", ("Ada", "Lovelace")),
        ("Ada King Lovelace", ("Ada King", "Lovelace")),
        ("Ludwig van Beethoven", ("Ludwig", "van Beethoven")),
        ("Lovelace, Ada", ("Ada", "Lovelace")),
        ("Plato", ("", "Plato")),
        ("  Kai   Chen ", ("Kai", "Chen")),
    ],
)
def test_split_name(name, expected):
    assert split_name(name) == expected


def test_index_form_and_sort_key_ignore_particles_and_accents():
    assert index_form("Ludwig van Beethoven") == "van Beethoven, Ludwig"
    names = ["Émile Zola", "Ludwig van Beethoven", "Ada Lovelace", "Kai Chen"]
    assert sorted(names, key=sort_key) == [
        "Ludwig van Beethoven",
        "Kai Chen",
        "Ada Lovelace",
        "Émile Zola",
    ]

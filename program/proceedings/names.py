"""Personal names: family name for sorting (author index) and citation keys (BibTeX)."""

import unicodedata

# Lower-case particles that belong to the family name ("Ludwig van Beethoven" is indexed as
# "van Beethoven, Ludwig" and sorted under B).
PARTICLES = {"da", "das", "de", "del", "della", "der", "di", "dos", "du", "la", "le", "ten",
             "ter", "van", "von", "zu"}  # fmt: skip


def ascii_fold(text: str) -> str:
    """'Ångström Müller' -> 'Angstrom Muller' (accents stripped, other non-ASCII dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def split_name(name: str) -> tuple[str, str]:
    """``(given, family)``; "Family, Given" is honoured, otherwise the last word is the family
    name together with any lower-case particles before it."""
    name = " ".join((name or "").split())
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return given, family
    words = name.split(" ")
    if len(words) == 1:
        return "", name
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def family_name(name: str) -> str:
    return split_name(name)[1]


def sort_key(name: str) -> tuple[str, str]:
    """Sort by family name without particles, then given name, ignoring case and accents."""
    given, family = split_name(name)
    core = " ".join(w for w in family.split(" ") if w not in PARTICLES) or family
    return ascii_fold(core).casefold(), ascii_fold(given).casefold()


def index_form(name: str) -> str:
    """'Ada King Lovelace' -> 'Lovelace, Ada King' as printed in an author index."""
    given, family = split_name(name)
    return f"{family}, {given}" if given else family

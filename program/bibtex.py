"""BibTeX for accepted papers and for the whole volume.

Field values are LaTeX-escaped; non-ASCII letters are kept as UTF-8 (biber, modern bibtex
and every reference manager read it), so "Müller" stays "Müller" everywhere. Braces are
written as ``\\textbraceleft{}``/``\\textbraceright{}`` rather than ``\\{``, because BibTeX
counts every brace, escaped or not, when it looks for the end of a field.
"""

import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from program.proceedings.names import ascii_fold

# Words skipped when picking the title word of a key ("On the pruning of ..." -> "pruning").
STOPWORDS = {
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "in", "into", "is", "it", "its", "of", "on", "or", "over", "the", "their", "this", "to",
    "toward", "towards", "under", "using", "via", "what", "when", "where", "which", "why",
    "with", "without",
}  # fmt: skip

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_KEY_RE = re.compile(r"[A-Za-z0-9_:.+/-]+")
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIALS))
# A word with a capital after its first letter (CNN, ResNet, BERT-base): braced so that
# bibliography styles which lower-case titles leave it alone.
_CAPS_WORD_RE = re.compile(r"(?<![\w\\])(\w+[A-Z][\w-]*)")


def latex_escape(text: str) -> str:
    """Escape the LaTeX special characters; whitespace (newlines included) is collapsed."""
    text = " ".join((text or "").split())
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIALS[m.group(0)], text)


def _protect_capitals(escaped: str) -> str:
    return _CAPS_WORD_RE.sub(r"{\1}", escaped)


def _names(names: Iterable[str]) -> str:
    # A name holding the word "and" would split in two; braces make it one name.
    parts = []
    for name in names:
        escaped = latex_escape(name)
        if re.search(r"\band\b", escaped, flags=re.IGNORECASE):
            escaped = "{" + escaped + "}"
        if escaped:
            parts.append(escaped)
    return " and ".join(parts)


def _url(url: str) -> str:
    # URLs are verbatim for the url package; only what would break BibTeX itself (braces,
    # backslashes, whitespace) is percent-encoded.
    return quote(url.strip(), safe="!#$%&'()*+,-./:;=?@[]^_`|~")


def _slug_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def bibtex_key(first_author_last_name: str, year: int | str, title: str, taken: set[str]) -> str:
    """``lastname2019firstword``, unique among ``taken`` (suffix a, b, ... on collisions).

    The returned key is added to ``taken``, so one set threaded through a loop gives unique
    keys for a whole volume.
    """
    last = _slug_word(first_author_last_name) or "anon"
    words = [_slug_word(w) for w in re.split(r"[\s\-/:]+", title or "")]
    candidates = [w for w in words if w]
    word = next((w for w in candidates if w not in STOPWORDS), candidates[0] if candidates else "")
    base = f"{last}{year}{word}"
    key = base
    n = 0
    while key in taken:
        key = base + _suffix(n)
        n += 1
    taken.add(key)
    return key


def _suffix(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, ..."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def bibtex_entry(
    *,
    key: str,
    title: str,
    authors: Sequence[str],
    booktitle: str,
    year: int | str,
    editors: Sequence[str] = (),
    pages: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
) -> str:
    """One ``@inproceedings`` entry; ``pages`` like "5--12" (VolumeResult gives it)."""
    if not _KEY_RE.fullmatch(key):
        raise ValueError(f"Unusable BibTeX key: {key!r}")
    fields = [
        ("title", _protect_capitals(latex_escape(title))),
        ("author", _names(authors)),
        ("booktitle", _protect_capitals(latex_escape(booktitle))),
        ("editor", _names(editors)),
        ("year", latex_escape(str(year))),
        ("pages", latex_escape(pages or "")),
        ("publisher", latex_escape(publisher or "")),
        ("url", _url(url or "")),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@inproceedings{{{key},\n{body}\n}}\n"


def bibtex_volume(entries: Iterable[str]) -> str:
    """The BibTeX file of a volume: the entries separated by blank lines."""
    return "\n".join(entries)

"""Normal forms of titles and abstracts used to compare records, and URL slugs."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega",
}
_GREEK_TABLE = str.maketrans(_GREEK)
_WORD = re.compile(r"[a-z0-9]+")
SLUG_MAX = 64


def fold(text: str) -> str:
    """Unicode-compatible, case-free text with Greek letters spelled out."""
    if text.isascii():
        return text.lower()  # what the steps below give for ASCII, without a pass per character
    text = unicodedata.normalize("NFKC", text).casefold().translate(_GREEK_TABLE)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The alphanumeric words of `text`, folded; punctuation and spacing vanish."""
    return _WORD.findall(fold(text))


def text_key(text: str) -> str:
    """Texts (titles, abstracts) that differ only in case, punctuation or spacing share this key."""
    return " ".join(words(text))


def shingles(text: str, size: int = 2) -> frozenset[str]:
    """Overlapping word n-grams, the unit of abstract similarity."""
    w = words(text)
    if len(w) < size:
        return frozenset(w)
    return frozenset(" ".join(w[i:i + size]) for i in range(len(w) - size + 1))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger one (1.0 when one holds the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Size of the intersection over the size of the union."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def slugify(title: str, limit: int = SLUG_MAX) -> str:
    """A lowercase ASCII slug of at most `limit` characters, cut at a word boundary."""
    slug = ""
    for word in words(title):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    if not slug:
        slug = (words(title) or ["paper"])[0][:limit]
    return slug


def short_hash(*parts: str, length: int = 6) -> str:
    """A short, stable hexadecimal digest of the given text."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]

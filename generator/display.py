"""Show captured text as a reader expects: LaTeX leftovers become symbols, for display only.

The stored abstract (corpus/papers.yaml, data/papers.json) keeps the text as captured.
"""

from __future__ import annotations

import re
import unicodedata

_SYMBOLS = {
    "times": "\u00d7", "cdot": "\u00b7", "pm": "\u00b1", "approx": "\u2248", "sim": "\u223c", "leq": "\u2264",
    "le": "\u2264", "geq": "\u2265", "ge": "\u2265", "neq": "\u2260", "infty": "\u221e", "rightarrow": "\u2192",
    "to": "\u2192", "leftarrow": "\u2190", "downarrow": "\u2193", "uparrow": "\u2191", "ell": "\u2113",
    "alpha": "\u03b1", "beta": "\u03b2", "gamma": "\u03b3", "delta": "\u03b4", "epsilon": "\u03b5",
    "varepsilon": "\u03b5", "zeta": "\u03b6", "eta": "\u03b7", "theta": "\u03b8", "iota": "\u03b9",
    "kappa": "\u03ba", "lambda": "\u03bb", "mu": "\u03bc", "nu": "\u03bd", "xi": "\u03be", "pi": "\u03c0",
    "rho": "\u03c1", "sigma": "\u03c3", "tau": "\u03c4", "upsilon": "\u03c5", "phi": "\u03c6",
    "varphi": "\u03c6", "chi": "\u03c7", "psi": "\u03c8", "omega": "\u03c9", "Gamma": "\u0393",
    "Delta": "\u0394", "Theta": "\u0398", "Lambda": "\u039b", "Xi": "\u039e", "Pi": "\u03a0",
    "Sigma": "\u03a3", "Phi": "\u03a6", "Psi": "\u03a8", "Omega": "\u03a9", "ie": "i.e.", "eg": "e.g.",
}
_SYMBOLS["deg"] = "\u00b0"
_SUPERSCRIPT = str.maketrans("0123456789+-", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b")
_SUBSCRIPT = str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089")
_SUPERSCRIPT_LETTER = {"n": "\u207f", "i": "\u2071", "T": "\u1d40", "top": "\u1d40"}
_ACCENT = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303"}
_COMMAND = re.compile(r"\\([A-Za-z]+)\s?")  # a command's name is its letters: "\\times256"
_BRACED_COMMAND = re.compile(r"\{\\([A-Za-z]+)\}")
_WRAPPER = re.compile(r"\\(?:text(?:bf|it|rm|tt)?|math(?:bf|rm|cal|it|bb)|emph|operatorname)\{([^{}]*)\}")
# Every rewrite below needs one of these.
_LATEX_SIGN = re.compile(r"[$\\~^_{}]|times|``|-(?:alpha|beta|gamma|delta|sigma|Sigma)\b|https?:(?!//)")
_MATH = re.compile(r"\$([^$]{1,80})\$|\\\((.{1,80}?)\\\)")
# "\"o", "\"{o}", "{\"o}": a letter with an accent.
_ACCENTED = re.compile(r"\{\\([\"'`^~])([A-Za-z])\}|\\([\"'`^~])\{?([A-Za-z])\}?")
# "PIXART-alpha": a Greek letter spelled out at the end of a name.
_SPELLED_GREEK = re.compile(r"(?<=[A-Za-z0-9]-)(alpha|beta|gamma|delta|sigma|Sigma)\b")


def one_line(text: str) -> str:
    """The text on one line, each run of spaces one space; an edge space stays (a single one), as
    text may be a piece of a sentence. The one home of this rule: display and escaping use it."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + " ".join(text.split()) + trail


def display_text(text: str) -> str:
    """`87.7\\%` -> 87.7%, `\\times` -> ×, `384times384` -> 384×384, `{\\delta}` -> δ, `model~(DiT)` -> model (DiT)."""
    if not _LATEX_SIGN.search(text):  # nothing below applies; most text has no LaTeX at all
        return one_line(text)
    # A dollar sign written as text ("\\$300"), or its backslash left alone when a capture dropped
    # the "$" ("\\300,000"): a price, not math.
    text = re.sub(r"\\\$|\\(?=\d)", "\x00", text)
    text = _MATH.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)  # $O(n)$, \\(x\\)
    text = text.replace("$", "").replace("\x00", "$")  # a stray dollar left from math mode
    text = _ACCENTED.sub(_accented, text)
    text = re.sub(r"``(.{0,200}?)(?:''|\")", "\u201c\\1\u201d", text)  # ``soft'' -> “soft”
    text = _WRAPPER.sub(lambda m: m.group(1), text)
    text = _BRACED_COMMAND.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(0)), text)
    text = _COMMAND.sub(_command, text)
    text = re.sub(r"\\([%&_#{}])", lambda m: {"{": "\x01", "}": "\x02"}.get(m.group(1), m.group(1)), text)
    # "3.7times", "384times384", "2x", spelled-out multiplication glued to numbers
    text = re.sub(r"(?<=\d)\s?times(?=\s?\d|\b)", "\u00d7", text)
    text = re.sub(r"(?<=[A-Za-z])~(?=[A-Za-z(\[])", " ", text)  # LaTeX non-breaking space
    text = _SPELLED_GREEK.sub(lambda m: _SYMBOLS[m.group(1)], text)
    text = re.sub(r"(https?://[^\s{}]+?)(/?)\{\1/?\}", r"\1\2", text)  # a link written twice, "url{url}"
    text = re.sub(r"\b(https?):(?!//)(?=[A-Za-z0-9])", r"\1://", text)  # "https:VDT-2023.github.io"
    text = re.sub(r"(?<![\w.])(\d{1,3})\{(\d{1,3})\}", r"\1/\2", text)  # a fraction that lost \\frac: "2{3}"
    # Exponents: "10^23", "n^{-1}" (a sign only inside braces: "3D^2-Actor" keeps its hyphen),
    # "g^nConv", "QK^top"; a longer one in parentheses: "L^{4/3}" -> "L^(4/3)".
    text = re.sub(r"\^\{([0-9+-]{1,4})\}|\^([0-9]{1,4})", lambda m: (m.group(1) or m.group(2)).translate(_SUPERSCRIPT),
                  text)
    text = re.sub(r"\^(top|T|n|i)(?![a-z])", lambda m: _SUPERSCRIPT_LETTER[m.group(1)], text)
    text = re.sub(r"\^\{([^{}^]{1,20})\}", lambda m: "^(" + m.group(1).replace("{", "").replace("}", "") + ")",
                  re.sub(r"\{\{([^{}]*)\}/\{([^{}]*)\}\}", r"{\1/\2}", text))
    text = re.sub(r"(?<=[A-Za-z])_\{?(\d{1,3})\}?(?!\w)", lambda m: m.group(1).translate(_SUBSCRIPT), text)  # L_2
    # Braces left unmatched ("RepQ-ViT)}.") go; matched ones are the text's own ("{{ x }}"), and
    # escaped ones ("\\{") become braces.
    text = without_unmatched_braces(text).replace("\x01", "{").replace("\x02", "}")
    text = re.sub(r"\\(?=[A-Za-z])", "", text)  # an author's own macro ("\\model"): its name
    return one_line(text)  # spaces left by removed markup collapse


def without_unmatched_braces(text: str) -> str:
    """The text with every brace that has no partner removed ("RepQ-ViT)}." -> "RepQ-ViT).")."""
    if "{" not in text and "}" not in text:
        return text
    drop, opened = set(), []
    for at, ch in enumerate(text):
        if ch == "{":
            opened.append(at)
        elif ch == "}":
            if opened:
                opened.pop()
            else:
                drop.add(at)
    drop.update(opened)
    return "".join(ch for at, ch in enumerate(text) if at not in drop)


def _accented(m: re.Match[str]) -> str:
    accent, letter = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return unicodedata.normalize("NFC", letter + _ACCENT[accent])


def _command(m: re.Match[str]) -> str:
    name = m.group(1)
    if name in _SYMBOLS:
        return _SYMBOLS[name] + (" " if m.group(0).endswith(" ") else "")
    return m.group(0)

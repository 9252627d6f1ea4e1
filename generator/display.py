"""Show captured text as a reader expects: LaTeX leftovers become symbols, for display only.

The stored abstract (corpus/papers.yaml, data/papers.json) keeps the text as captured.
"""

from __future__ import annotations

import re

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
_ESCAPED = {"%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}"}
_SUPERSCRIPT = str.maketrans("0123456789+-", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b")
_COMMAND = re.compile(r"\\([A-Za-z]+)\b\s?")
_BRACED_COMMAND = re.compile(r"\{\\([A-Za-z]+)\}")
_WRAPPER = re.compile(r"\\(?:text(?:bf|it|rm|tt)?|math(?:bf|rm|cal|it|bb)|emph|operatorname)\{([^{}]*)\}")
# Every rewrite below needs one of these.
_LATEX_SIGN = re.compile(r"[$\\~^]|times")
_MATH = re.compile(r"\$([^$]{1,80})\$")


def display_text(text: str) -> str:
    """`87.7\\%` -> 87.7%, `\\times` -> ×, `384times384` -> 384×384, `{\\delta}` -> δ, `model~(DiT)` -> model (DiT)."""
    if not _LATEX_SIGN.search(text):  # nothing below applies; most text has no LaTeX at all
        lead = " " if text[:1].isspace() else ""
        return lead + " ".join(text.split()) + (" " if text[-1:].isspace() and text.strip() else "")
    text = _MATH.sub(lambda m: m.group(1), text)  # $O(n)$ -> O(n); commands inside are handled below
    text = text.replace("$", "")  # a stray dollar left from math mode
    text = _WRAPPER.sub(lambda m: m.group(1), text)
    text = _BRACED_COMMAND.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(0)), text)
    text = _COMMAND.sub(_command, text)
    text = re.sub(r"\\([%&_#{}])", lambda m: _ESCAPED[m.group(1)], text)
    # "3.7times", "384times384", "2x", spelled-out multiplication glued to numbers
    text = re.sub(r"(?<=\d)\s?times(?=\s?\d|\b)", "\u00d7", text)
    text = re.sub(r"(?<=[A-Za-z])~(?=[A-Za-z(\[])", " ", text)  # LaTeX non-breaking space
    text = re.sub(r"\^\{?([0-9+-]{1,4})\}?", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    # Collapse spaces left by removed markup, but keep an edge space: text may be a piece of a sentence.
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + " ".join(text.split()) + trail


def _command(m: re.Match[str]) -> str:
    name = m.group(1)
    if name in _SYMBOLS:
        return _SYMBOLS[name] + (" " if m.group(0).endswith(" ") else "")
    return m.group(0)

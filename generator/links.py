"""Lift code-repository and other links out of abstract text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

# Hosts whose /owner/repo paths are code repositories, with the name a reader knows them by.
HOST_NAMES = {"github.com": "GitHub", "gitlab.com": "GitLab", "gitee.com": "Gitee", "bitbucket.org": "Bitbucket",
              "codeberg.org": "Codeberg", "sourceforge.net": "SourceForge", "git.sr.ht": "SourceHut"}
CODE_HOSTS = frozenset(HOST_NAMES)
_URL = re.compile(r"https?://[^\s<>\"'`{}|\\^\[\]]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*"
# Names that never reach a public site (RFC 2606, RFC 6761, and common private-use names).
RESERVED_TLDS = frozenset({"localhost", "local", "test", "invalid", "example", "internal", "lan", "home",
                           "corp", "intranet", "private"})
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


def find_urls(text: str) -> list[str]:
    """Every well-formed http(s) URL in the text, trailing punctuation removed, in order."""
    found: list[str] = []
    for m in _URL.finditer(text):
        url = _trim(m.group())
        if is_web_url(url) and url not in found:
            found.append(url)
    return found


def _trim(url: str) -> str:
    """Drop sentence punctuation after a URL, and a closing bracket it did not open."""
    while url:
        if url[-1] in _TRAILING:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def is_web_url(url: str) -> bool:
    """An http(s) URL to a real public host: no IP address, reserved name or credentials."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    tld = host.rsplit(".", 1)[-1]
    return (parts.scheme.lower() in ("http", "https") and bool(_HOST.match(host)) and "." in host
            and "@" not in parts.netloc and tld.isalpha() and len(tld) >= 2 and tld not in RESERVED_TLDS)


# An owner or repository name: letters, digits, `-`, `_`, `.`, but not only dots.
_REPO_SEGMENT = re.compile(r"^(?!\.+$)[A-Za-z0-9_.-]+$")


def canonical_code_url(url: str) -> str | None:
    """The https URL of a code repository (`https://github.com/owner/repo`), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host not in CODE_HOSTS or len(segments) < 2:
        return None
    if not all(_REPO_SEGMENT.match(s) for s in segments[:2]) or any(s.strip(".") == "" for s in segments):
        return None  # `https://github.com/../../x` names no repository (and would label a button `../..`)
    if segments[-1].endswith(".git"):
        segments[-1] = segments[-1][:-4]
    path = "/" + "/".join(segments)
    return urlunsplit(("https", host, path, parts.query, ""))


def split_links(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Code-repository URLs and other URLs (project pages, demos) found in `text`."""
    code: list[str] = []
    other: list[str] = []
    for url in find_urls(text):
        repo = canonical_code_url(url)
        if repo:
            if repo not in code:
                code.append(repo)
        elif url not in other:
            other.append(url)
    return tuple(code), tuple(other)


def repo_key(url: str) -> str:
    """Repository URLs that name one repository share this key."""
    return url.rstrip("/").lower()

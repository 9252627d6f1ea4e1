"""What a link or a bare URL points at: a paper's page, the upvote button, a repository, a button's label."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .identifiers import arxiv_id_in
from .items import Item, Kind, Role
from .links import CODE_HOSTS
from .markdown_text import find_links, link_text

_STARS = r"(?P<stars>\d[\d.,]*\s*[kKmM]?)"
CODE_BUTTON = re.compile(rf"^(?:LINK:\s*)?(?:GitHub|GitLab|Gitee|Code|Repo(?:sitory)?|Source code)\b\s*{_STARS}?$",
                         re.IGNORECASE)
ARXIV_BUTTON = re.compile(r"^(?:LINK:\s*)?(?:View\s+)?(?:arXiv(?:\s+Page)?|PDF|abs|Paper|HTML)$", re.IGNORECASE)
PROJECT_BUTTON = re.compile(r"^(?:LINK:\s*)?(?:View\s+)?(?:Project(?:\s+Page)?|Website|Homepage|Demo)$", re.IGNORECASE)


def button(visible: str, target: str | None) -> Item | None:
    """`[GitHub 11.3k](repo)`, `[arXiv Page](abs)`, `[Project Page](url)`."""
    if not target or target.startswith("ref:"):
        return None
    if (m := CODE_BUTTON.match(visible)) and host_of(target) in CODE_HOSTS:
        return Item(0, Kind.CODE, visible, parse_count(m["stars"]) if m["stars"] else None, target)
    if ARXIV_BUTTON.match(visible) and (paper := arxiv_id_in(target)):
        return Item(0, Kind.ARXIV, visible, paper, target, paper)
    if PROJECT_BUTTON.match(visible) and target.startswith(("http://", "https://")):
        return Item(0, Kind.PROJECT, visible, target, target)
    return None


def buttons(line: int, text: str, end: int) -> list[Item] | None:
    """A row of buttons: `[GitHub 131](repo) [arXiv Page](abs)`, `**[code](https://github.com/...)**`."""
    links = find_links(text)
    if not links:
        return None
    rest = text
    for link in reversed(links):
        rest = rest[: link.start] + rest[link.end:]
    if rest.strip(" *_|,;·•-"):
        return None
    items = []
    for link in links:
        visible = link_text(link.text)
        found = button(visible, link.target)
        if found is None and link.target and host_of(link.target) in CODE_HOSTS and len(visible) <= 30:
            found = Item(0, Kind.CODE, visible, None, link.target)
        if found is not None:
            items.append(Item(line, found.kind, found.text, found.value, found.target, found.paper, end=end))
        elif len(links) == 1 or len(visible) > 40:
            return None  # one link alone, or one with a sentence for text: not a row of buttons
    # A row of several short links, some of them buttons: `[View arXiv page](..)[View PDF](..)[Add to collection](..)`.
    return items or None


def url_item(line: int, url: str, end: int) -> Item:
    """A bare URL line, with what it points at."""
    split = urlsplit(url)
    host = (split.hostname or "").lower().removeprefix("www.")
    if host == "huggingface.co" and split.path.rstrip("/") == "/login":
        paper = voted_for(url)
        return Item(line, Kind.URL, url, url, url, paper, end=end, role=Role.LOGIN)
    paper = paper_of(url)
    if paper and split.fragment == "community":
        return Item(line, Kind.URL, url, url, url, paper, end=end, role=Role.COMMUNITY)
    if paper:
        return Item(line, Kind.URL, url, url, url, paper, end=end, role=Role.PAPER)
    if host in CODE_HOSTS:
        return Item(line, Kind.URL, url, url, url, end=end, role=Role.CODE)
    return Item(line, Kind.URL, url, url, url, end=end, role=Role.OTHER)


def paper_of(target: str | None) -> str | None:
    """The arXiv id a link's target names; a site-relative `/papers/ID` is a Hugging Face paper page."""
    if not target or target.startswith("ref:"):
        return None
    return arxiv_id_in("huggingface.co" + target if target.startswith("/papers/") else target)


def voted_for(target: str | None) -> str | None:
    """The paper an upvote's login link returns to: `/login?next=%2Fpapers%2F2606.00683`."""
    if not target or "login" not in target:
        return None
    query = unquote(urlsplit(target).query)
    m = re.search(r"(?:^|&)next=/papers/(?P<id>[^&/#?]+)", query)
    return arxiv_id_in("huggingface.co/papers/" + m["id"]) if m else None


def org_page(target: str | None) -> bool:
    """huggingface.co/<organisation>: one path segment that is not a site section."""
    if not target or target.startswith("ref:"):
        return False
    split = urlsplit(target)
    segments = [s for s in split.path.split("/") if s]
    host = (split.hostname or "").removeprefix("www.")
    return ((host == "huggingface.co" or (not host and target.startswith("/"))) and len(segments) == 1
            and segments[0] not in {"papers", "models", "datasets", "spaces", "docs", "login", "join", "pricing",
                                    "enterprise", "blog", "posts", "collections", "storage", "learn", "tasks"})


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def count_of(text: str) -> int:
    return 0 if text.strip() == "-" else int(text)


def parse_count(text: str) -> int | None:
    """`11.3k` is 11,300; `1,234` is 1,234; `1.2M` is 1,200,000."""
    text = text.strip().replace(",", "").replace(" ", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    number = text[:-1] if scale != 1 else text
    try:
        return round(float(number) * scale)
    except ValueError:
        return None

"""The open APIs `resolve` asks, each through the client made for it and under a `Policy`.

Every method returns what the service knows as `Candidate`s (an empty list when it knows
nothing) or raises `ServiceError` when it cannot answer. Clients are imported here, inside
the constructors, so that no other command pays for them.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlsplit

from .identifiers import bare_arxiv_id, without_version
from .matching import Candidate
from .netpolicy import LONGEST_WAIT_SECONDS, Policy, ServiceError, send

ARXIV_API = "https://export.arxiv.org/api/query"
HF_API = "https://huggingface.co"
S2_API = "https://api.semanticscholar.org"
GITHUB_API = "https://api.github.com"

# Published limits: arXiv asks for one request every three seconds
# (info.arxiv.org/help/api/tou.html); Semantic Scholar allows one a second with a key and a
# shared pool without (api.semanticscholar.org/api-docs); GitHub allows 60 an hour without a
# token and 5,000 with one, and asks for serial requests (docs.github.com, rate limits);
# Hugging Face publishes per-five-minute quotas for the Hub API (huggingface.co/docs/hub/rate-limits).
MIN_INTERVAL = {"arxiv": 3.0, "huggingface": 0.5, "semanticscholar": 1.0, "github": 0.75}
USER_AGENT = "paper-atlas-resolve/1 (+https://github.com/; static paper site)"
_MALFORMED = "answered in an unexpected format (malformed or truncated response)"


def endpoint(variable: str, default: str, strip_suffix: str = "", add_path: str = "") -> str:
    """The service root from the environment (for mirrors and tests), else the real one.

    `strip_suffix` is a path the client adds itself (Semantic Scholar's `/graph/v1`), given in the
    variable too by someone copying the documented base URL; `add_path` is the endpoint's path
    (arXiv's `/api/query`), added when the variable names only a host.
    """
    value = (os.environ.get(variable, "").strip() or default).rstrip("/")
    if strip_suffix and value.endswith(strip_suffix):
        value = value[: -len(strip_suffix)]
    if add_path and urlsplit(value).path in ("", "/"):
        value += add_path
    return value


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def polite_transport(module: Any, policy: Policy) -> Any:
    """An httpx (or httpx2) transport that sends each request under `policy`."""

    class PoliteTransport(module.BaseTransport):  # type: ignore[misc]  # the transport class comes from a module passed in
        def __init__(self) -> None:
            self._inner = module.HTTPTransport()

        def handle_request(self, request: Any) -> Any:
            def close(response: Any) -> None:
                response.read()
                response.close()
            return send(policy, lambda: self._inner.handle_request(request), lambda r: r.status_code,
                        lambda r, name: r.headers.get(name), (module.TransportError,), close)

        def close(self) -> None:
            self._inner.close()

    return PoliteTransport()


# ---------------------------------------------------------------- arXiv (arxiv.py)


class Arxiv:
    """The arXiv API through arxiv.py: by id, or by exact title phrase."""

    name = "arxiv"

    def __init__(self, policy: Policy, api: str | None = None) -> None:
        import arxiv

        # arxiv.py logs each entry it skips (arXiv's error entries, "incorrect id format") as a warning
        # on stderr; what matters reaches the run's report instead.
        logging.getLogger("arxiv").setLevel(logging.ERROR)
        self._arxiv = arxiv
        self.policy = policy
        self._client = arxiv.Client(page_size=10, delay_seconds=0, num_retries=0)  # the policy waits and retries
        self._client.query_url_format = (api or endpoint("PAPER_ATLAS_ARXIV_API", ARXIV_API,
                                                         add_path="/api/query")) + "?{}"
        # arxiv.py has no public hook for its session; ours adds timeouts, Retry-After and XML checks.
        self._client._session = _arxiv_session(policy)

    def by_id(self, arxiv_id: str) -> list[Candidate]:
        """The paper with this id, or [] when arXiv has none."""
        return self._run(self._arxiv.Search(id_list=[arxiv_id], max_results=1))

    def by_title(self, title: str) -> list[Candidate]:
        """Papers whose title holds this title's words as a phrase."""
        # Inside a quoted phrase only a quote or a backslash means anything to arXiv's query parser.
        phrase = " ".join(title.replace('"', " ").replace("\\", " ").split())
        if not re.search(r"\w", phrase):
            return []
        return self._run(self._arxiv.Search(query=f'ti:"{phrase}"', max_results=10))

    def _run(self, search: Any) -> list[Candidate]:
        try:
            results = list(self._client.results(search))
        except self._arxiv.HTTPError as err:
            raise ServiceError(self.name, f"answered HTTP {err.status}") from None
        except self._arxiv.ArxivError as err:
            raise ServiceError(self.name, f"could not be read: {type(err).__name__}") from None
        return [Candidate(
            service=self.name, title=" ".join(r.title.split()),
            arxiv_id=bare_arxiv_id(without_version(r.get_short_id())),
            authors=tuple(a.name for a in r.authors), published=_date(r.published),
            venue=(r.journal_ref or None)) for r in results]


def _arxiv_session(policy: Policy) -> Any:
    import requests
    from lxml import etree

    class PoliteAdapter(requests.adapters.HTTPAdapter):
        # requests types send() with its own keyword arguments; this one passes them all on unchanged.
        def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            kwargs["timeout"] = policy.timeout
            response = send(policy, lambda: super(PoliteAdapter, self).send(request, **kwargs),
                            lambda r: r.status_code, lambda r, name: r.headers.get(name),
                            (requests.ConnectionError, requests.Timeout), lambda r: r.close())
            if response.status_code == 200:
                try:  # arxiv.py's parser recovers from broken XML; a truncated answer must not pass for a short one
                    etree.fromstring(response.content, etree.XMLParser(resolve_entities=False, no_network=True))
                except etree.XMLSyntaxError:
                    raise ServiceError(policy.service, _MALFORMED) from None
            return response

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    for prefix in ("http://", "https://"):
        session.mount(prefix, PoliteAdapter())
    return session


# ---------------------------------------------------------------- Hugging Face (huggingface_hub)


class HuggingFace:
    """The Hugging Face Papers API through huggingface_hub: a paper by arXiv id, or a title search."""

    name = "huggingface"

    def __init__(self, policy: Policy, api: str | None = None, token: str | None = None) -> None:
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        import httpx2
        from huggingface_hub import HfApi, constants, set_client_factory
        from huggingface_hub.errors import HfHubHTTPError

        # Without this the client fetches a registry of "agent harnesses" from the Hub and caches it
        # in ~/.cache/huggingface: a request and a file no user of ours asked for.
        constants.HF_HUB_DISABLE_TELEMETRY = True
        self.policy = policy
        self._error = HfHubHTTPError
        set_client_factory(lambda: httpx2.Client(transport=polite_transport(httpx2, policy), timeout=policy.timeout,
                                                 follow_redirects=True, headers={"user-agent": USER_AGENT}))
        self._api = HfApi(endpoint=api or endpoint("HF_ENDPOINT", HF_API), token=token or False)

    def by_id(self, arxiv_id: str) -> list[Candidate]:
        """The paper page for this id, or [] when Hugging Face has none."""
        answers = [self._candidate(p) for p in self._call(lambda: [self._api.paper_info(arxiv_id)])]
        found = [c for c in answers if c is not None]
        if len(found) < len(answers):
            raise ServiceError(self.name, _MALFORMED)
        return found

    def by_title(self, title: str) -> list[Candidate]:
        """The papers Hugging Face's search returns for this title (a hit without id or title is passed over)."""
        found = [self._candidate(p) for p in self._call(lambda: list(self._api.list_papers(query=title, limit=10)))]
        return [c for c in found if c is not None]

    def _call(self, request: Any) -> list[Any]:
        try:
            return list(request())
        except self._error as err:
            status = err.response.status_code if err.response is not None else None
            if status == 404:
                return []
            raise ServiceError(self.name, f"answered HTTP {status}") from None
        except ServiceError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError):
            raise ServiceError(self.name, _MALFORMED) from None

    def _candidate(self, paper: Any) -> Candidate | None:
        if not isinstance(getattr(paper, "title", None), str) or not bare_arxiv_id(str(paper.id or "")):
            return None
        return Candidate(service=self.name, title=" ".join(paper.title.split()), arxiv_id=bare_arxiv_id(paper.id),
                         authors=tuple(a.name for a in paper.authors or () if getattr(a, "name", "")),
                         published=_date(paper.published_at), on_huggingface=True)


# ---------------------------------------------------------------- Semantic Scholar (semanticscholar)

S2_FIELDS = ["title", "externalIds", "authors", "publicationDate", "year", "venue", "url"]


class SemanticScholar:
    """Semantic Scholar's title match through the semanticscholar client: the fallback for titles."""

    name = "semanticscholar"

    def __init__(self, policy: Policy, api: str | None = None, key: str | None = None) -> None:
        from semanticscholar import SemanticScholar as Client
        from semanticscholar.SemanticScholarException import ObjectNotFoundException

        self.policy = policy
        self._not_found = ObjectNotFoundException
        self._client = Client(api_url=api or endpoint("PAPER_ATLAS_S2_API", S2_API, strip_suffix="/graph/v1"),
                              api_key=key or None,
                              timeout=int(policy.timeout), retry=False)
        # The client opens a fresh connection per call and has no hook for retries or Retry-After;
        # its requester is the one place to send through our policy (the client's own is replaced).
        self._client._AsyncSemanticScholar._requester = _s2_requester(policy)

    def by_title(self, title: str) -> list[Candidate]:
        """The one paper Semantic Scholar matches to this title, or []."""
        try:
            # The client puts the query into the URL as given: it must arrive encoded.
            paper = self._client.search_paper(quote_plus(title), match_title=True, fields=S2_FIELDS)
        except self._not_found:
            return []
        except ServiceError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            raise ServiceError(self.name, _MALFORMED) from None
        ids = paper.externalIds or {}
        if not isinstance(paper.title, str):
            raise ServiceError(self.name, _MALFORMED)
        return [Candidate(service=self.name, title=" ".join(paper.title.split()),
                          arxiv_id=bare_arxiv_id(str(ids.get("ArXiv") or "")),
                          authors=tuple(a.name for a in paper.authors or () if getattr(a, "name", None)),
                          published=_date(paper.publicationDate), venue=paper.venue or None, url=paper.url)]


def _s2_requester(policy: Policy) -> Any:
    import httpx
    from semanticscholar.ApiRequester import ApiRequester
    from semanticscholar.SemanticScholarException import ObjectNotFoundException

    client = httpx.Client(transport=polite_transport(httpx, policy), timeout=policy.timeout,
                          headers={"user-agent": USER_AGENT})

    class PoliteRequester(ApiRequester):  # type: ignore[misc]  # semanticscholar is untyped
        async def get_data_async(self, url: str, parameters: str, headers: dict[str, str],
                                 payload: dict[str, Any] | None = None) -> Any:
            r = client.request("POST" if payload else "GET", url, params=parameters.lstrip("&"), headers=headers,
                               json=payload)
            if r.status_code == 404:
                raise ObjectNotFoundException("not found")
            if r.status_code != 200:
                raise ServiceError(policy.service, f"answered HTTP {r.status_code}")
            try:
                return r.json()
            except ValueError:
                raise ServiceError(policy.service, _MALFORMED) from None

    return PoliteRequester(policy.timeout, retry=False)


# ---------------------------------------------------------------- GitHub (REST API)


@dataclass(frozen=True, slots=True)
class Repository:
    """What GitHub says of a repository; `full_name` differs from the one asked when it was renamed."""

    full_name: str | None
    html_url: str | None = None
    stars: int | None = None
    archived: bool = False
    pushed: dt.date | None = None


class GitHub:
    """The GitHub REST API: `GET /repos/{owner}/{repo}`, following the redirect of a renamed repository."""

    name = "github"

    def __init__(self, policy: Policy, api: str | None = None, token: str | None = None) -> None:
        import httpx

        self.policy = policy
        headers = {"accept": "application/vnd.github+json", "x-github-api-version": "2022-11-28",
                   "user-agent": USER_AGENT}
        if token:
            headers["authorization"] = f"Bearer {token}"
        self._client = httpx.Client(base_url=api or endpoint("PAPER_ATLAS_GITHUB_API", GITHUB_API), headers=headers,
                                    transport=polite_transport(httpx, policy), timeout=policy.timeout,
                                    follow_redirects=True)

    def repository(self, owner: str, repo: str) -> Repository:
        """The repository, or `Repository(None)` when it is gone (404, 410, 451)."""
        for _ in range(2):
            r = self._client.get(f"/repos/{quote_plus(owner)}/{quote_plus(repo)}")
            if r.status_code in (403, 429) and r.headers.get("x-ratelimit-remaining") == "0":
                wait = _reset_wait(r.headers.get("x-ratelimit-reset"))
                if wait is None or wait > LONGEST_WAIT_SECONDS:
                    raise ServiceError(self.name, "rate limit reached (60 requests an hour without a token); set "
                                                  "GITHUB_TOKEN, or run again later: what is cached stays")
                self.policy.sleep(wait)
                continue
            if r.status_code == 403 and r.headers.get("retry-after"):
                self.policy.pause_before_retry(1, r.headers.get("retry-after"))
                continue
            break
        if r.status_code in (404, 410, 451):
            return Repository(None)
        if r.status_code != 200:
            raise ServiceError(self.name, f"answered HTTP {r.status_code}")
        try:
            data = r.json()
            name = data["full_name"]
            stars = data.get("stargazers_count")
            if not isinstance(name, str) or (stars is not None and not isinstance(stars, int)):
                raise TypeError
            return Repository(name, data.get("html_url"), stars, bool(data.get("archived")),
                              _date(data.get("pushed_at")))
        except (ValueError, KeyError, TypeError):
            raise ServiceError(self.name, _MALFORMED) from None


def _reset_wait(value: str | None) -> float | None:
    try:
        return max(0.0, float(value) - time.time()) if value else None
    except ValueError:
        return None

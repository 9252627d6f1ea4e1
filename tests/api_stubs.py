"""Stand-ins for arXiv, Hugging Face, Semantic Scholar and GitHub on 127.0.0.1.

One pytest-httpserver answers for all four services, each under its own path prefix, with
the recorded responses in tests/fixtures/resolve/ (their README says where each shape came
from). The real clients talk to it through the endpoint variables `resolve` honours.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from werkzeug import Request, Response

RESPONSES = Path(__file__).resolve().parent / "fixtures" / "resolve"
ATOM = "application/atom+xml; charset=utf-8"
JSON = "application/json; charset=utf-8"

# What each service knows, by the request that asks for it.
ARXIV_BY_TITLE = {
    "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale": "arxiv_title_vit.atom",
    "Is a Video Worth 16x16 Words?": "arxiv_title_near_miss.atom",
    "Scaling Vision Transformers": "arxiv_title_scaling.atom",
}
ARXIV_BY_ID = {"1706.03762": "arxiv_id_attention.atom", "2010.11929": "arxiv_title_vit.atom",
               "2103.13915": "arxiv_title_near_miss.atom"}
HF_BY_ID = {"1706.03762": "hf_paper_attention.json"}
HF_SEARCH = {"Denoising Diffusion Probabilistic Models": "hf_search_ddpm.json"}
S2_MATCH = {"Mining association rules between sets of items in large databases": "s2_match_association_rules.json"}
GITHUB = {"google-research/vision_transformer": "github_repo_ok.json",
          "tensorflow/tensor2tensor": "github_repo_archived.json"}
GITHUB_MOVED = {"hojonathanho/diffusion": "250107330"}
GITHUB_BY_NUMBER = {"250107330": "github_repo_renamed_target.json"}


def _file(name: str, status: int = 200, content_type: str = JSON, headers: dict | None = None) -> Response:
    return Response((RESPONSES / name).read_bytes(), status=status, content_type=content_type, headers=headers)


@dataclass
class Fault:
    """What a service does instead of answering, for the next `times` requests."""

    status: int = 503
    times: int = 1
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None  # a fixture file name
    text: str | None = None  # or the body itself
    delay: float = 0.0  # seconds to stall before answering (a timeout, when longer than the client's)


class StubAPIs:
    """The four services behind one local server; `faults` makes one misbehave."""

    PREFIXES = ("arxiv", "hf", "s2", "github")

    def __init__(self, server) -> None:
        self.server = server
        self.faults: dict[str, list[Fault]] = {}
        self.requests: list[tuple[str, Request]] = []
        server.expect_request(re.compile(r"^/.*")).respond_with_handler(self.handle)

    def url(self, prefix: str) -> str:
        return self.server.url_for(f"/{prefix}").rstrip("/")

    def environment(self) -> dict[str, str]:
        """The variables that point `resolve` here, with no delay between requests and short backoffs."""
        return {"PAPER_ATLAS_ARXIV_API": self.url("arxiv") + "/api/query", "HF_ENDPOINT": self.url("hf"),
                "PAPER_ATLAS_S2_API": self.url("s2"), "PAPER_ATLAS_GITHUB_API": self.url("github"),
                "PAPER_ATLAS_API_DELAY": "0", "PAPER_ATLAS_API_BACKOFF": "0.05"}

    def count(self, prefix: str) -> int:
        return sum(1 for p, _ in self.requests if p == prefix)

    def handle(self, request: Request) -> Response:
        prefix, _, rest = request.path.lstrip("/").partition("/")
        self.requests.append((prefix, request))
        queue = self.faults.get(prefix) or []
        if queue:
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            if fault.delay:
                time.sleep(fault.delay)
            if fault.text is not None:
                return Response(fault.text, status=fault.status, content_type=JSON, headers=fault.headers)
            if fault.body is not None or fault.status != 200:
                if fault.body:
                    return _file(fault.body, fault.status, ATOM if fault.body.endswith(".atom") else JSON,
                                 fault.headers)
                return Response("{}", status=fault.status, content_type=JSON, headers=fault.headers)
        route: dict[str, Callable[[str, Request], Response]] = {
            "arxiv": self._arxiv, "hf": self._hf, "s2": self._s2, "github": self._github}
        if prefix not in route:
            return Response("not a stub service", status=404)
        return route[prefix]("/" + rest, request)

    def _arxiv(self, path: str, request: Request) -> Response:
        query, ids = request.args.get("search_query", ""), request.args.get("id_list", "")
        if ids:
            return _file(ARXIV_BY_ID.get(ids, "arxiv_empty.atom"), content_type=ATOM)
        m = re.fullmatch(r'ti:"(.*)"', query)
        return _file(ARXIV_BY_TITLE.get(m[1] if m else "", "arxiv_empty.atom"), content_type=ATOM)

    def _hf(self, path: str, request: Request) -> Response:
        if path == "/api/papers/search":
            return _file(HF_SEARCH.get(request.args.get("q", ""), "hf_search_empty.json"))
        m = re.fullmatch(r"/api/papers/([^/]+)", path)
        if m and m[1] in HF_BY_ID:
            return _file(HF_BY_ID[m[1]])
        return _file("hf_not_found.json", 404)

    def _s2(self, path: str, request: Request) -> Response:
        if path != "/graph/v1/paper/search/match":
            return Response(json.dumps({"error": "not a stubbed endpoint"}), status=404, content_type=JSON)
        found = S2_MATCH.get(request.args.get("query", ""))
        return _file(found) if found else _file("s2_match_not_found.json", 404)

    def _github(self, path: str, request: Request) -> Response:
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)", path)
        name = f"{m[1]}/{m[2]}" if m else ""
        if name in GITHUB:
            return _file(GITHUB[name])
        if name in GITHUB_MOVED:
            return _file("github_moved.json", 301,
                         headers={"Location": f"{self.url('github')}/repositories/{GITHUB_MOVED[name]}"})
        n = re.fullmatch(r"/repositories/(\d+)", path)
        if n and n[1] in GITHUB_BY_NUMBER:
            return _file(GITHUB_BY_NUMBER[n[1]])
        return _file("github_not_found.json", 404)

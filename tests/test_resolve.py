"""`paper-atlas resolve`: the real clients against stub services on 127.0.0.1.

The stubs (tests/api_stubs.py) answer with the recorded responses in tests/fixtures/resolve/.
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import time
from pathlib import Path

import pytest
import yaml

from api_stubs import Fault, StubAPIs
from conftest import FIXTURES, on_terminal, run_in
from generator import files, pipeline
from generator.lookup import resolve_corpus
from generator.resolve_run import services_from_environment

RESOLVE_CORPUS = FIXTURES / "resolve_corpus"
VIT = "an-image-is-worth-16x16-words-transformers-for-image-recognition"
NEAR_MISS = "is-a-video-worth-16x16-words"


@pytest.fixture
def server():
    """A local HTTP server that answers requests in parallel (a stalled answer blocks no other)."""
    from pytest_httpserver import HTTPServer

    running = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    running.start()
    yield running
    running.clear()
    running.stop()


@pytest.fixture
def stubs(server, monkeypatch) -> StubAPIs:
    """The four services, stubbed; the environment points `resolve` at them."""
    apis = StubAPIs(server)
    for name, value in apis.environment().items():
        monkeypatch.setenv(name, value)
    for name in ("GITHUB_TOKEN", "HF_TOKEN", "SEMANTIC_SCHOLAR_API_KEY", "S2_API_KEY", "PAPER_ATLAS_API_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    return apis


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A scratch project whose corpus holds the papers the stubs know in different ways."""
    shutil.copytree(RESOLVE_CORPUS, tmp_path / "corpus")
    return tmp_path


def cache(root: Path) -> dict:
    return yaml.safe_load((root / "corpus" / "resolved.yaml").read_text(encoding="utf-8"))


def entries(root: Path) -> dict[str, dict]:
    return {e["id"]: e for e in cache(root)["papers"]}


def repos(root: Path) -> dict[str, dict]:
    return {e["url"]: e for e in cache(root)["repositories"]}


def test_each_paper_is_resolved_by_the_service_that_knows_it(stubs, root, capsys):
    assert run_in(root, "resolve") == 0
    out = capsys.readouterr().out
    papers = entries(root)
    vit = papers[VIT]
    assert (vit["status"], vit["source"], vit["arxiv_id"], vit["published"]) == ("resolved", "arxiv", "2010.11929",
                                                                                "2020-10-22")
    assert len(vit["authors"]) == 12 and vit["authors"][0] == "Alexey Dosovitskiy"
    assert vit["checked"] == dt.date.today().isoformat()
    attention = papers["attention-is-all-you-need"]  # the capture gave the id: looked up by id
    assert (attention["arxiv_id"], attention["huggingface"], attention["venue"]) == (
        "1706.03762", True, "Advances in Neural Information Processing Systems 30 (NIPS 2017)")
    ddpm = papers["denoising-diffusion-probabilistic-models"]  # arXiv knows nothing: Hugging Face's search
    assert (ddpm["source"], ddpm["arxiv_id"], ddpm["authors"]) == ("huggingface", "2006.11239",
                                                                    ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"])
    mining = papers["mining-association-rules-between-sets-of-items-in-large"]  # only Semantic Scholar
    assert (mining["source"], mining.get("arxiv_id"), mining["venue"], mining["published"]) == (
        "semanticscholar", None, "SIGMOD Conference", "1993-06-01")
    assert papers["a-paper-no-service-knows"]["status"] == "absent"
    assert "papers: 8" in out and "errors: none" in out


def test_a_near_miss_is_refused_and_kept_as_a_candidate(stubs, root, capsys):
    run_in(root, "resolve")
    near = entries(root)[NEAR_MISS]
    assert near["status"] == "unresolved" and "arxiv_id" not in near
    assert near["candidates"] == [{"service": "arxiv", "arxiv_id": "2103.13915",
                                   "title": "An Image is Worth 16x16 Words, What is a Video Worth?",
                                   "why": "the title differs"}]
    assert f"{NEAR_MISS}: Is a Video Worth 16x16 Words?" in capsys.readouterr().out


def test_two_corpus_papers_of_one_title_get_no_id_until_a_person_pins_one(stubs, root):
    run_in(root, "resolve")
    papers = entries(root)
    pair = [p for k, p in papers.items() if k.startswith("scaling-vision-transformers")]
    assert len(pair) == 2
    for paper in pair:
        assert paper["status"] == "unresolved" and "arxiv_id" not in paper
        assert "keeps apart" in paper["candidates"][0]["why"]
        assert paper["candidates"][0]["arxiv_id"] == "2106.04560"


def test_repositories_report_stars_archived_renamed_and_missing(stubs, root, capsys):
    run_in(root, "resolve")
    found = repos(root)
    ok = found["https://github.com/google-research/vision_transformer"]
    assert (ok["status"], ok["stars"], ok["pushed"], ok.get("archived")) == ("ok", 11612, "2025-07-14", None)
    assert found["https://github.com/tensorflow/tensor2tensor"]["archived"] is True
    renamed = found["https://github.com/hojonathanho/diffusion"]
    assert (renamed["status"], renamed["moved_to"]) == ("renamed", "https://github.com/hojonathanho/denoising-diffusion")
    assert found["https://github.com/gone-example/vanished"]["status"] == "missing"
    assert "1 archived, 1 missing, 1 ok, 1 renamed" in capsys.readouterr().out


def test_the_cache_is_stable_and_a_second_run_asks_nothing(stubs, root):
    run_in(root, "resolve")
    first = (root / "corpus" / "resolved.yaml").read_bytes()
    asked = len(stubs.requests)
    assert run_in(root, "resolve") == 0
    assert len(stubs.requests) == asked  # every entry is fresh
    assert (root / "corpus" / "resolved.yaml").read_bytes() == first
    ids = [e["id"] for e in cache(root)["papers"]]
    assert ids == sorted(ids)
    assert run_in(root, "resolve", "--refresh-older-than", "0") == 0
    assert len(stubs.requests) > asked
    assert (root / "corpus" / "resolved.yaml").read_bytes() == first


def test_only_missing_looks_up_new_papers_only(stubs, root):
    run_in(root, "resolve")
    data = cache(root)
    data["papers"] = [p for p in data["papers"] if p["id"] != VIT]
    stale = dt.date.today() - dt.timedelta(days=400)
    for p in data["papers"]:
        p["checked"] = stale.isoformat()
    (root / "corpus" / "resolved.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    stubs.requests.clear()
    assert run_in(root, "resolve", "--only-missing") == 0
    titles = [r.args.get("search_query", "") for p, r in stubs.requests if p == "arxiv"]
    assert titles == ['ti:"An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"']
    assert entries(root)[VIT]["status"] == "resolved"


def test_429_with_retry_after_is_waited_for_then_answered(stubs, root):
    stubs.faults["arxiv"] = [Fault(429, headers={"Retry-After": "1"})]
    started = time.monotonic()
    assert run_in(root, "resolve") == 0
    arrivals = [r for p, r in stubs.requests if p == "arxiv"]
    assert len(arrivals) >= 2
    assert time.monotonic() - started >= 1.0
    assert entries(root)["a-paper-no-service-knows"]["status"] == "absent"  # the first paper, asked twice


def test_server_errors_are_retried_then_counted_and_nothing_cached_is_lost(stubs, root, capsys):
    assert run_in(root, "resolve") == 0
    before = (root / "corpus" / "resolved.yaml").read_bytes()
    capsys.readouterr()
    stubs.faults["arxiv"] = [Fault(500, times=1000)]
    stubs.requests.clear()
    assert run_in(root, "resolve", "--refresh-older-than", "0") == 1
    out = capsys.readouterr().out
    assert "arxiv: " in out and "answered HTTP 500" in out
    # arXiv is left alone once it keeps failing: 2 lookups of 4 attempts each, not one per paper
    assert stubs.count("arxiv") == 8
    assert (root / "corpus" / "resolved.yaml").read_bytes() == before


def test_a_service_that_stalls_times_out(stubs, root, monkeypatch, capsys):
    monkeypatch.setenv("PAPER_ATLAS_API_TIMEOUT", "0.3")
    stubs.faults["s2"] = [Fault(200, times=1000, delay=1.0, text='{"data": []}')]
    assert run_in(root, "resolve") == 1
    out = capsys.readouterr().out
    assert "semanticscholar: " in out and "no answer within the timeout" in out
    papers = entries(root)
    assert papers[VIT]["status"] == "resolved"  # arXiv answered for the papers it knows
    assert "a-paper-no-service-knows" not in papers  # S2 might know it: asked again next run


@pytest.mark.parametrize("service, fault", [
    ("arxiv", Fault(200, times=1000, body="arxiv_malformed.atom")),
    ("hf", Fault(200, times=1000, text='[{"paper": {"id": "2006.11239", "title": "Denoising')),
    ("s2", Fault(200, times=1000, text='{"data": [{"paperId": "6fe8c5bf", "title": ')),
    ("github", Fault(200, times=1000, text='{"full_name": ')),
])
def test_malformed_answers_are_errors_not_papers(stubs, root, capsys, service, fault):
    stubs.faults[service] = [fault]
    assert run_in(root, "resolve") == 1
    out = capsys.readouterr().out
    assert "malformed or truncated response" in out
    data = cache(root)
    names = {"arxiv": "arxiv", "hf": "huggingface", "s2": "semanticscholar", "github": "github"}
    assert all(p.get("source") != names[service] for p in data["papers"])
    if service == "github":
        assert data["repositories"] == []


def test_no_network_at_all_says_so_and_keeps_the_cache(stubs, root, monkeypatch, capsys):
    assert run_in(root, "resolve") == 0
    before = (root / "corpus" / "resolved.yaml").read_bytes()
    capsys.readouterr()
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    for name in ("HF_ENDPOINT", "PAPER_ATLAS_S2_API", "PAPER_ATLAS_GITHUB_API"):
        monkeypatch.setenv(name, dead)
    monkeypatch.setenv("PAPER_ATLAS_ARXIV_API", dead + "/api/query")
    assert run_in(root, "resolve", "--refresh-older-than", "0") == 1
    out = capsys.readouterr().out
    for service in ("arxiv", "huggingface", "semanticscholar", "github"):
        assert f"{service}: " in out
    assert "offline, or the service is down" in out
    assert (root / "corpus" / "resolved.yaml").read_bytes() == before


def test_an_interrupted_run_resumes_where_it_stopped(stubs, root):
    corpus = pipeline.ingest(root / "corpus")
    saved: list[int] = []

    def save(new):
        files.write_resolved(root / "corpus", new)
        saved.append(len(new.papers))
        if len(saved) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        resolve_corpus(corpus.papers, corpus.curation, corpus.resolved, services_from_environment(),
                       dt.date.today(), save=save)
    assert len(entries(root)) == 3
    done = set(entries(root))
    stubs.requests.clear()
    assert run_in(root, "resolve") == 0
    asked = [r.args.get("search_query", "") + r.args.get("id_list", "") for p, r in stubs.requests if p == "arxiv"]
    assert len(entries(root)) == 8
    assert not any(query.endswith(f'"{title}"') for query in asked
                   for title in (entries(root)[i]["title"] for i in done))


def test_curation_pins_an_id_and_refuses_another(stubs, root, capsys):
    (root / "corpus" / "curation.yaml").write_text(
        "resolve:\n"
        f"  - paper: {NEAR_MISS}\n    pin: 2103.13915\n    reason: the same paper, retitled in our capture\n"
        f"  - paper: {VIT}\n    refuse: [2010.11929]\n    reason: our record is a workshop version\n",
        encoding="utf-8")
    assert run_in(root, "resolve") == 0
    papers = entries(root)
    pinned = papers[NEAR_MISS]
    assert (pinned["status"], pinned["arxiv_id"], pinned["pinned"], pinned["source"]) == (
        "resolved", "2103.13915", True, "curation")
    refused = papers[VIT]
    assert refused["status"] == "unresolved" and "arxiv_id" not in refused
    assert "refused in corpus/curation.yaml" in refused["candidates"][0]["why"]


def test_a_resolve_entry_for_an_unknown_paper_is_an_error(stubs, root, capsys):
    (root / "corpus" / "curation.yaml").write_text(
        "resolve:\n  - paper: no-such-paper\n    pin: 2103.13915\n    reason: typo\n", encoding="utf-8")
    assert run_in(root, "resolve") == 1
    assert "curation.yaml:2: `no-such-paper` matches no paper" in capsys.readouterr().err
    assert stubs.requests == []


def test_tokens_reach_their_service_and_no_output(stubs, root, monkeypatch, capsys):
    secrets = {"GITHUB_TOKEN": "ghp_secretGitHubToken1234567890", "HF_TOKEN": "hf_secretHuggingFaceToken123",
               "SEMANTIC_SCHOLAR_API_KEY": "s2secretKey0987654321"}
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    stubs.faults["github"] = [Fault(500, times=1000, text='{"message": "ghp_secretGitHubToken1234567890"}')]
    run_in(root, "resolve")
    heard = {p: r.headers for p, r in stubs.requests}
    assert heard["github"]["Authorization"] == f"Bearer {secrets['GITHUB_TOKEN']}"
    assert heard["s2"]["x-api-key"] == secrets["SEMANTIC_SCHOLAR_API_KEY"]
    assert any(r.headers.get("Authorization") == f"Bearer {secrets['HF_TOKEN']}" for p, r in stubs.requests
               if p == "hf")
    captured = capsys.readouterr()
    run_in(root, "generate")
    written = [p.read_text(encoding="utf-8", errors="replace") for p in root.rglob("*") if p.is_file()]
    for secret in secrets.values():
        assert secret not in captured.out + captured.err
        assert not any(secret in text for text in written)


@pytest.mark.slow
def test_a_build_makes_no_request(stubs, root):
    """`generate` and `build` read the cache; with every endpoint stubbed, not one request arrives."""
    from conftest import make_project

    assert run_in(root, "resolve") == 0
    stubs.requests.clear()
    project = make_project(root / "site-project", root / "corpus")
    connects: list[object] = []

    def hook(event: str, args: tuple) -> None:
        if event == "socket.connect" and _ACTIVE:
            connects.append(args[1])

    _install(hook)
    try:
        _ACTIVE.append(True)
        assert run_in(project, "ingest") == 0
        assert run_in(project, "build") == 0
    finally:
        _ACTIVE.clear()
    assert stubs.requests == []
    assert [c for c in connects if isinstance(c, tuple)] == []


_ACTIVE: list[bool] = []
_HOOKS: list[object] = []


def _install(hook) -> None:
    import sys

    if not _HOOKS:  # audit hooks cannot be removed: install one, gated by _ACTIVE
        _HOOKS.append(hook)
        sys.addaudithook(lambda event, args: _HOOKS[-1](event, args))  # type: ignore[operator]
    else:
        _HOOKS.append(hook)


def test_a_progress_bar_shows_on_a_terminal_only(stubs, root):
    """On a terminal the run draws a progress bar on stderr; piped, its output is the report alone."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "generator", "resolve"]
    piped = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr
    assert "lookup" not in piped.stderr and "errors: none" in piped.stdout
    run, seen = on_terminal(command + ["--refresh-older-than", "0"], root)
    assert run.returncode == 0
    assert "lookup" in seen and "%|" in seen


def test_endpoints_may_be_given_as_the_services_document_them(stubs, root, monkeypatch):
    """Semantic Scholar's base with its `/graph/v1`, arXiv's as a bare host: both still reach the API."""
    from generator.services import endpoint

    monkeypatch.setenv("PAPER_ATLAS_S2_API", stubs.url("s2") + "/graph/v1/")
    assert run_in(root, "resolve") == 0
    assert entries(root)["mining-association-rules-between-sets-of-items-in-large"]["source"] == "semanticscholar"
    monkeypatch.setenv("PAPER_ATLAS_ARXIV_API", "http://127.0.0.1:9")
    assert endpoint("PAPER_ATLAS_ARXIV_API", "x", add_path="/api/query") == "http://127.0.0.1:9/api/query"
    monkeypatch.setenv("PAPER_ATLAS_ARXIV_API", "http://mirror.example/arxiv/api/query")
    assert endpoint("PAPER_ATLAS_ARXIV_API", "x", add_path="/api/query") == "http://mirror.example/arxiv/api/query"


def test_an_arxiv_error_entry_is_no_paper_and_no_noise(stubs, root):
    """arXiv answers a bad id with an "Error" entry: nothing is matched, nothing is printed but the report."""
    import subprocess
    import sys

    stubs.faults["arxiv"] = [Fault(200, times=1000, body="arxiv_error_incorrect_id.atom")]
    run = subprocess.run([sys.executable, "-m", "generator", "resolve"], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "" and "Error" not in run.stdout  # no library's warnings on the user's terminal
    papers = entries(root)
    assert papers["attention-is-all-you-need"]["source"] == "huggingface"  # by id, from Hugging Face
    assert all(p.get("source") != "arxiv" for p in papers.values())

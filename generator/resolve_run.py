"""One run of `paper-atlas resolve`: the services from the environment, a progress bar, the report.

Tokens come from the environment only; every line this module prints passes `redact`.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from . import files
from .lookup import RunReport, Services, repository_urls, resolve_corpus
from .model import Corpus, Paper, Resolved
from .netpolicy import Policy, ServiceError, redact, secrets_from_environment, token

TIMEOUT_VARIABLE = "PAPER_ATLAS_API_TIMEOUT"


def services_from_environment() -> Services:
    """The four clients, with endpoints, delays, timeouts and tokens taken from the environment."""
    from . import services

    def policy(name: str) -> Policy:
        timeout = os.environ.get(TIMEOUT_VARIABLE, "").strip()
        extra = {}
        if timeout:
            try:
                extra["timeout"] = max(0.1, float(timeout))
            except ValueError:
                raise ServiceError(name, f"{TIMEOUT_VARIABLE}={timeout!r} is not a number of seconds") from None
        return Policy.for_service(name, services.MIN_INTERVAL[name], **extra)

    return Services(
        arxiv=services.Arxiv(policy("arxiv")),
        huggingface=services.HuggingFace(policy("huggingface"), token=token("huggingface")),
        semanticscholar=services.SemanticScholar(policy("semanticscholar"), key=token("semanticscholar")),
        github=services.GitHub(policy("github"), token=token("github")),
    )


def run(corpus: Corpus, corpus_dir: Path, only_missing: bool, refresh_days: int, out: TextIO | None = None,
        err: TextIO | None = None, today: dt.date | None = None, services: Services | None = None) -> int:
    """Resolve what is due, saving the cache after every answer; print the report; the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    secrets = secrets_from_environment()
    try:
        services = services or services_from_environment()
    except ServiceError as problem:
        print(redact(f"error: {problem}", secrets), file=err)
        return 1
    cache = corpus.resolved or Resolved()
    papers = list(corpus.papers)
    bar = _progress_bar(len(papers) + len({u for p in papers for u in repository_urls(p)}), err)

    def save(new: Resolved) -> None:
        files.write_resolved(corpus_dir, new)

    interrupted = False
    try:
        cache, report = resolve_corpus(papers, corpus.curation, cache, services,
                                       today or dt.date.today(), only_missing=only_missing, refresh_days=refresh_days,
                                       save=save, progress=lambda item: bar.update(1) if bar else None)
    except KeyboardInterrupt:
        interrupted = True
        report = None
    finally:
        if bar:
            bar.close()
    if interrupted or report is None:
        print("interrupted: every answer so far is saved in corpus/resolved.yaml; run again to resume", file=err)
        return 130
    for line in format_report(report, papers, cache):
        print(redact(line, secrets), file=out)
    return 1 if report.error_count else 0


def _progress_bar(total: int, err: TextIO) -> Any:
    if not err.isatty():
        return None
    from tqdm import tqdm

    # The bar's own carriage returns must reach the terminal, past the filter that shows them.
    return tqdm(total=total, file=getattr(err, "raw", err), unit="lookup", leave=False)


def format_report(report: RunReport, papers: list[Paper], cache: Resolved) -> list[str]:
    """The run's report: resolved by service, papers left for a person, repositories, errors."""
    ids = {p.id for p in papers}
    held = [f for k, f in cache.papers.items() if k in ids]
    by_service = ", ".join(f"{n} by {s}" for s, n in sorted(report.resolved.items()))
    lines = [f"papers: {len(papers)}; in the cache: {len(held)} "
             f"({sum(report.resolved.values())} resolved{': ' + by_service if by_service else ''}; "
             f"{len(report.unresolved)} unresolved with candidates; {len(report.absent)} known to no service); "
             f"{report.fresh} were fresh and not looked up again"]
    if report.unresolved:
        lines.append("unresolved: decide in corpus/curation.yaml (`resolve:` with `pin:` or `refuse:`)")
        for facts in sorted(report.unresolved, key=lambda f: f.paper_id):
            lines.append(f"  {facts.paper_id}: {facts.title}")
            for c in facts.candidates:
                lines.append(f"    candidate ({c.service}{', ' + c.arxiv_id if c.arxiv_id else ''}): {c.title}: {c.why}")
    repos = ", ".join(f"{n} {status}" for status, n in sorted(report.repositories.items()))
    lines.append(f"repositories: {sum(report.repositories.values())} known ({repos or 'none'}); "
                 f"{report.repositories_fresh} were fresh; {report.not_github} not on GitHub, not checked")
    if report.error_count:
        lines.append(f"errors: {report.error_count}; {len(report.failed)} lookups left for the next run "
                     f"(what was cached before is kept)")
        for service, n in sorted(report.errors.items()):
            lines.append(f"  {service}: {n} failed: {report.messages.get(service, '')}")
    else:
        lines.append("errors: none")
    return lines

"""How every request to an open API is made: a timeout, a service's rate limit, retries with backoff.

Only `paper-atlas resolve` imports this module. The API clients (arxiv.py over requests,
huggingface_hub over httpx2, our Semantic Scholar requester and GitHub over httpx) all send
their requests through a `Policy`, so that each service's published rate limit, `Retry-After`,
timeouts and the redaction of tokens are handled once, the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable

TIMEOUT_SECONDS = 20.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ATTEMPTS = 4
# A service that asks us to wait longer than this is treated as down for this run.
LONGEST_WAIT_SECONDS = 300.0
DELAY_VARIABLE = "PAPER_ATLAS_API_DELAY"
BACKOFF_VARIABLE = "PAPER_ATLAS_API_BACKOFF"


class ServiceError(Exception):
    """A service could not answer: down, offline, refusing, or answering nonsense."""

    def __init__(self, service: str, message: str) -> None:
        self.service = service
        self.message = message
        super().__init__(f"{service}: {message}")


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """`text` with every secret replaced, so that no token reaches a message or a file."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[token]")
    return text


# Where each service's token is read from, first name first; nowhere else.
TOKEN_VARIABLES = {"github": ("GITHUB_TOKEN",), "huggingface": ("HF_TOKEN",),
                   "semanticscholar": ("SEMANTIC_SCHOLAR_API_KEY", "S2_API_KEY")}


def token(service: str) -> str | None:
    """The service's token from the environment, or None."""
    return next((v for v in (os.environ.get(n, "").strip() for n in TOKEN_VARIABLES[service]) if v), None)


def secrets_from_environment() -> tuple[str, ...]:
    """Every token `resolve` may read from the environment."""
    names = [n for variables in TOKEN_VARIABLES.values() for n in variables]
    return tuple(v for v in (os.environ.get(n, "").strip() for n in names) if len(v) >= 4)


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """The wait a `Retry-After` header asks for: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


@dataclass
class Policy:
    """One service's manners: the least time between requests, retries, and how long to wait."""

    service: str
    min_interval: float
    attempts: int = ATTEMPTS
    backoff: float = 1.0
    timeout: float = TIMEOUT_SECONDS
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests: int = 0
    _last: float | None = field(default=None, repr=False)

    @classmethod
    def for_service(cls, service: str, min_interval: float, **kwargs: Any) -> Policy:
        """The policy with `PAPER_ATLAS_API_DELAY`, when set, as every service's least interval,
        and `PAPER_ATLAS_API_BACKOFF` as the wait before a first retry (doubling after)."""
        delay = _seconds(service, DELAY_VARIABLE)
        backoff = _seconds(service, BACKOFF_VARIABLE)
        if backoff is not None:
            kwargs.setdefault("backoff", backoff)
        return cls(service, min_interval if delay is None else delay, **kwargs)

    def wait_turn(self) -> None:
        """Sleep until the service's least interval since the last request has passed."""
        if self._last is not None:
            remaining = self.min_interval - (self.clock() - self._last)
            if remaining > 0:
                self.sleep(remaining)
        self._last = self.clock()
        self.requests += 1

    def pause_before_retry(self, attempt: int, retry_after: str | None) -> None:
        """Sleep before retry `attempt` (1-based): what `Retry-After` asks, else exponential backoff."""
        asked = retry_after_seconds(retry_after)
        wait = asked if asked is not None else self.backoff * 2 ** (attempt - 1)
        if wait > LONGEST_WAIT_SECONDS:
            raise ServiceError(self.service, f"asks us to wait {wait:.0f} s before the next request; "
                                             f"run `paper-atlas resolve` again later (nothing cached is lost)")
        self.sleep(wait)


def _seconds(service: str, variable: str) -> float | None:
    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        raise ServiceError(service, f"{variable}={value!r} is not a number of seconds") from None


def send(policy: Policy, request: Callable[[], Any], status_of: Callable[[Any], int],
         header_of: Callable[[Any, str], str | None], transient: tuple[type[BaseException], ...],
         close: Callable[[Any], None] = lambda response: None) -> Any:
    """Make one request under `policy`: wait for its turn, retry 429 and 5xx and transient errors.

    The last response is returned whatever its status, for the client to interpret; a transient
    error (timeout, refused connection) on the last attempt is raised as `ServiceError`.
    """
    for attempt in range(1, policy.attempts + 1):
        policy.wait_turn()
        try:
            response = request()
        except transient as err:
            if attempt == policy.attempts:
                raise ServiceError(policy.service, _describe(err)) from None
            policy.pause_before_retry(attempt, None)
            continue
        if status_of(response) in RETRY_STATUSES and attempt < policy.attempts:
            retry_after = header_of(response, "retry-after")
            close(response)
            policy.pause_before_retry(attempt, retry_after)
            continue
        return response
    raise AssertionError("unreachable: the last attempt returns or raises")


def _describe(err: BaseException) -> str:
    """A one-line account of a transport failure, naming no URL (a URL may carry a key)."""
    name = type(err).__name__
    if "Timeout" in name or "timed out" in str(err).lower():
        return "no answer within the timeout; the service is slow or down"
    return f"could not connect ({name}); offline, or the service is down"

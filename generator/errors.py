"""The error hierarchy: every error names the file and line and says what to do."""

from __future__ import annotations


class AtlasError(Exception):
    """A problem the user can fix; the CLI prints it and exits 1."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ConfigError(AtlasError):
    """A malformed entry in one of the YAML files under `corpus/`."""


class ConfigErrors(ConfigError):
    """Several malformed entries, found in one pass so that one run names them all.

    It reads as its first error (`file`, `line`, `message`); `errors` holds every one.
    """

    def __init__(self, errors: list[AtlasError]) -> None:
        self.errors = tuple(errors)
        first = errors[0]
        super().__init__(first.file, first.line, first.message)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class CurationError(ConfigError):
    """A curation entry that is malformed or matches nothing."""


class CaptureError(AtlasError):
    """A capture file that cannot be read at all (binary, undecodable)."""


class StaleError(AtlasError):
    """A committed derived file (`corpus/papers.yaml`) is out of date."""

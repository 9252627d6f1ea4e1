"""What is up to date: digests of what docs/ and site/ are made from.

Kept free of the heavy imports (numpy, Jinja2) so that a rerun with nothing to do
costs little more than reading the inputs.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from pathlib import Path

from . import files

GENERATE_STAMP = ".paper-atlas-generate"  # MkDocs leaves dot-files out of the site
# The libraries whose versions can change what the generator writes.
_OUTPUT_LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "numpy", "scipy", "wordllama", "tokenizers")


def inputs_digest(corpus_dir: Path) -> str:
    """A digest of everything docs/ is made from: the corpus folder, this package's code,
    templates and assets, and the versions of the libraries it uses."""
    digest = hashlib.sha256(files.tree_digest(Path(__file__).resolve().parent, corpus_dir).encode())
    digest.update(" ".join(f"{name}-{version(name)}" for name in _OUTPUT_LIBRARIES).encode())
    digest.update(f"site_url-{site_url() or ''}".encode())
    return digest.hexdigest()


# mkdocs.yml's `site_url` when PAPER_ATLAS_SITE_URL is not set (a test keeps the two the same).
PLACEHOLDER_SITE_URL = "https://paper-atlas.example.org/"


def site_url() -> str | None:
    """Where the site is hosted, when `PAPER_ATLAS_SITE_URL` says (mkdocs.yml reads it too)."""
    value = os.environ.get("PAPER_ATLAS_SITE_URL", "").strip()
    return value if value.lower().startswith(("https://", "http://")) else None


def generated_from(docs_dir: Path, digest: str) -> dict[str, object] | None:
    """The stamp docs/ was written with, if it was made from these inputs and is still as written."""
    stamp = files.read_json(docs_dir / GENERATE_STAMP)
    if not isinstance(stamp, dict) or stamp.get("inputs") != digest:
        return None
    if files.tree_content_digest(docs_dir, GENERATE_STAMP) != stamp.get("docs"):
        return None  # someone changed or removed a generated file
    return stamp


BUILD_STAMP = ".paper-atlas-build"


# The libraries whose versions can change what MkDocs writes.
_BUILD_LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pagefind_bin")


def build_setting(project_dir: Path, strict: bool) -> str:
    """What every page of site/ is built with: mkdocs.yml, the theme overrides, the tool
    versions, strictness and the site's address. A page whose Markdown and setting are both
    unchanged builds to the same HTML."""
    theme = project_dir / "generator" / "theme"
    inputs = [p for p in (project_dir / "mkdocs.yml", theme) if p.exists()]
    tools = " ".join(f"{name}-{version(name)}" for name in _BUILD_LIBRARIES)
    return f"{files.tree_digest(*inputs)} {tools} strict-{strict} site_url-{os.environ.get('PAPER_ATLAS_SITE_URL', '')}"


def build_stamp(docs: Path, setting: str) -> str:
    """What site/ is built from: docs/, and the setting."""
    return f"{files.tree_digest(docs)} {setting}"

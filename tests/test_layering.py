"""The stages hand off through the model: no stage imports another stage.

A stage is a group of modules that does one step of the pipeline. Its modules may import
each other and the shared modules (the model, the helpers every stage uses), never a
module of another stage; only the orchestrators (pipeline, cli) put stages together.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

STAGES = {
    "ingest": {"parse", "assemble", "attribute", "entry", "lines", "segment", "tables", "bibtex", "feeds", "hfjson",
               "htmlpage", "htmltext", "lynx", "mhtml", "units", "targets", "fields", "linkgroups", "decode", "items",
               "chrome", "markdown_text"},
    "dedup": {"dedup", "ids", "similar"},
    "complete": {"resolved", "lookup", "services", "matching", "resolve_run", "netpolicy"},
    "enrich": {"topics", "tagging", "scorer", "related", "mentions", "overview"},
    "render": {"render", "exports", "charts", "serialize", "report"},
}
# Shared by every stage: the records handed off, and helpers with no stage of their own.
SHARED = {"model", "errors", "names", "normalize", "links", "identifiers", "dates", "display", "escape", "config",
          "workers"}
# The orchestrators, and the file and build layer they call: they may import anything.
ORCHESTRATION = {"pipeline", "cli", "__main__", "__init__", "files", "freshness", "site", "shards", "linkcheck",
                 "searchindex"}
# Cross-stage imports still to remove: none are left. A new one fails this test; an entry here
# must say why it is allowed, and is removed once it no longer crosses.
KNOWN: set[tuple[str, str]] = set()


def imports(module: Path) -> set[str]:
    """The generator modules `module` imports (`from .x import`, `from . import x`)."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def stage_of(name: str) -> str | None:
    return next((stage for stage, members in STAGES.items() if name in members), None)


def test_every_module_has_a_place() -> None:
    placed = set().union(*STAGES.values()) | SHARED | ORCHESTRATION
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert modules - placed == set(), "a new module needs a place in STAGES, SHARED or ORCHESTRATION"
    assert placed - modules == set(), "a module named here no longer exists"


def test_no_stage_imports_another_stage() -> None:
    crossing = []
    for module in sorted(PACKAGE.glob("*.py")):
        own = stage_of(module.stem)
        for name in sorted(imports(module)):
            other = stage_of(name)
            if own and other and other != own and (module.stem, name) not in KNOWN:
                crossing.append(f"{module.stem} ({own}) imports {name} ({other})")
    assert crossing == []


def test_shared_modules_import_no_stage() -> None:
    crossing = [f"{m.stem} imports {name} ({stage_of(name)})" for m in sorted(PACKAGE.glob("*.py"))
                if m.stem in SHARED for name in sorted(imports(m)) if stage_of(name)]
    assert crossing == []


def test_the_known_crossings_are_still_there() -> None:
    """An entry of KNOWN that no longer crosses is removed from it, so the list stays true."""
    for module, name in KNOWN:
        assert name in imports(PACKAGE / f"{module}.py"), f"{module} no longer imports {name}: drop it from KNOWN"


def test_the_readme_stage_table_names_every_module() -> None:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## How it works"):readme.index("## The corpus")]
    missing = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py" and f"{p.name}`" not in table)
    assert missing == [], "README.md's stage table does not name these modules"

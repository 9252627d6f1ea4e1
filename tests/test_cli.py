"""The `paper-atlas` command: help everywhere, reports, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CAPTURES, on_terminal
from generator.cli import main

COMMANDS = ["ingest", "generate", "build", "check", "report"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: paper-atlas {command}" in capsys.readouterr().out


def test_module_and_console_script_both_run() -> None:
    for argv in ([sys.executable, "-m", "generator", "--help"],
                 [str(Path(sys.executable).with_name("paper-atlas")), "--help"]):
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
        assert result.returncode == 0 and all(c in result.stdout for c in COMMANDS)


def test_no_command_is_misuse(capsys) -> None:
    assert main([]) == 2


def test_ingest_prints_the_report_and_writes_papers_yaml(project: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(project)
    (project / "corpus" / "papers.yaml").unlink()
    assert main(["ingest"]) == 0
    out = capsys.readouterr().out
    assert "Records read per capture:" in out and "merged as duplicates" in out
    assert "Merges (" in out and "Look-alikes kept apart" in out
    assert (project / "corpus" / "papers.yaml").exists()
    assert main(["check"]) == 0


def test_bad_input_is_reported_with_file_and_line_and_good_records_kept(project: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(project)
    raw = project / "corpus" / "raw"
    shutil.copy(CAPTURES / "title_without_abstract.txt", raw / "zz_orphans.txt")
    (raw / "zz_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    status = main(["ingest"])
    out = capsys.readouterr().out
    assert status == 1  # the binary file is an error
    assert "zz_binary.txt:2: error: looks like a binary file" in out
    assert "zz_orphans.txt:5: warning: record rejected: title with no abstract after it" in out
    assert "+ 1 rejected" in out
    assert "Xi Complete Paper" in (project / "corpus" / "papers.yaml").read_text(encoding="utf-8")


def test_check_lists_problems_and_fails_on_stale_papers_yaml(project: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(project)
    shutil.copy(CAPTURES / "title_without_abstract.txt", project / "corpus" / "raw" / "zz_new.txt")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "zz_new.txt:5: warning: record rejected: title with no abstract after it" in out
    assert "papers.yaml:1: error:" in out and "stale" in out


def test_curation_error_is_a_message_not_a_traceback(project: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(project)
    (project / "corpus" / "curation.yaml").write_text(
        "hide:\n  - record: 000_63bd1b1bac2b23e5.txt:12\n    reason: typo in the line\n", encoding="utf-8")
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: corpus/curation.yaml:2: 000_63bd1b1bac2b23e5.txt:12 matches no paper record")


def test_stage_lines_show_on_a_terminal_and_stay_out_of_logs(project: Path) -> None:
    """Long runs say what they are doing on a terminal; piped or logged output stays clean."""
    command = [sys.executable, "-m", "generator", "generate"]
    piped = subprocess.run(command, cwd=project, capture_output=True, text=True, check=True)
    assert "\u00b7" not in piped.stderr
    shutil.rmtree(project / "docs")
    run, stages = on_terminal(command, project)
    assert run.returncode == 0
    assert "\u00b7 reading" in stages and "papers in" in stages and "\u00b7 enriching and writing" in stages
    assert "written" in run.stdout  # the result itself is ordinary output


def test_report_names_each_capture_form_and_every_file_not_read(project: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(project)
    raw = project / "corpus" / "raw"
    for capture in raw.iterdir():
        capture.unlink()
    (project / "corpus" / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    (project / "corpus" / "papers.yaml").unlink()
    shutil.copy(CAPTURES / "hf_daily_papers_api.json", raw / "daily.JSON")  # any letter case is read
    shutil.copy(CAPTURES / "bibtex_uppercase_suffix.BIB", raw / "library.BIB")
    shutil.copy(CAPTURES / "hf_firecrawl_markdown.md", raw / "page.Md")
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4")
    (raw / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (raw / "folder").mkdir()
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "Hugging Face Papers API JSON (daily papers)" in out and "BibTeX" in out
    assert "Markdown page, YAML front matter" in out
    for name in ("daily.JSON", "library.BIB", "page.Md"):
        assert f"  {name} " in out
    assert "Files in corpus/raw/ not read (3):" in out
    assert "corpus/raw/notes.pdf: skipped: `.pdf` is not a capture suffix" in out
    assert "corpus/raw/.DS_Store: skipped: a hidden file" in out and "corpus/raw/folder: skipped: not a file" in out


def test_the_version_is_printed(capsys) -> None:
    from generator.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    import tomllib

    from conftest import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert capsys.readouterr().out.strip() == f"paper-atlas {declared}"

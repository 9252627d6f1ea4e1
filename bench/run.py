"""`make bench`: time each pipeline stage on synthetic corpora and on the real one.

Every run is a fresh process, so peak memory is its own. Sizes come from the
command line (default 1000 10000); each run has a time limit, and a size that
exceeds it is reported as such rather than waited for. The table is printed and
written to bench/out/results.txt, so runs can be compared between commits.

Columns: seconds per generator stage (ingest, dedup, enrich, render + write) and
their total; the rerun of `paper-atlas generate` on the unchanged corpus (a real
command, process start included); `mkdocs build` with our configuration and with
a bare Material configuration of the same pages (up to 10,000 records); the
Pagefind indexing; peak memory (the generator's, plus its largest worker's); bytes
of one paper page; the bytes Chromium downloads for a reader's first search (when
Chromium is installed); and the bytes of the browse page's data. The generator runs on every core (`--jobs`). After the
table, issue 18's targets: each a ratio of two times of this run, and met or not.

    python bench/run.py                 # 1,000 and 10,000 records, and the real corpus
    python bench/run.py 100000 --limit 1800
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_UP_TO = 10_000  # records; above this only the generator is timed
CHILD = r"""
import json, os, resource, shutil, subprocess, sys, time
from pathlib import Path
root, work, n, build = Path(sys.argv[4]), Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "build"
sys.path.insert(0, str(root / "bench"))
import dataclasses
from generator import files, freshness, pipeline, report
from generator.config import Problems
from generator.workers import available_cores
jobs = available_cores()
times = {"jobs": jobs}
corpus_dir = work / "corpus"
if n:
    from synth import synthesize
    (corpus_dir / "raw").mkdir(parents=True)
    (corpus_dir / "raw" / "synthetic.txt").write_text(synthesize(n), encoding="utf-8")
    shutil.copy(root / "corpus" / "taxonomy.yaml", corpus_dir / "taxonomy.yaml")
else:
    shutil.copytree(root / "corpus", corpus_dir)

t = time.perf_counter()
problems = Problems()
inputs = files.read_inputs(corpus_dir, problems)
captures = pipeline.read_captures(inputs)
times["ingest"] = time.perf_counter() - t; t = time.perf_counter()
corpus = pipeline.corpus_of(inputs, captures, problems)  # as `paper-atlas ingest` does
times["dedup"] = time.perf_counter() - t; t = time.perf_counter()
enriched = pipeline.enrich(pipeline.complete(corpus), jobs)
times["enrich"] = time.perf_counter() - t; t = time.perf_counter()
pages = pipeline.render_docs(enriched, None, jobs)
# Written as `paper-atlas generate` writes them, stamped, so that the rerun below can tell.
stamp = {"inputs": freshness.inputs_digest(corpus_dir), "counts": dataclasses.asdict(report.counts(corpus)),
         "status": 0, "stale": False, "problems": []}
pipeline.write_docs(pages, work / "docs", stamp)
times["render_write"] = time.perf_counter() - t
times["generator"] = times["ingest"] + times["dedup"] + times["enrich"] + times["render_write"]
times["papers"] = len(corpus.papers)
times["records"] = corpus.records_read
# The generator's own peak, plus the largest of its worker processes (--jobs): they run at once.
# (The rerun below is a child too, so this is read before it starts.)
times["peak_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                    + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
del corpus, enriched, pages, captures

t = time.perf_counter()
rerun = subprocess.run([sys.executable, "-m", "generator", "generate", "--corpus", str(corpus_dir),
                        "--docs", str(work / "docs")], capture_output=True, text=True, check=True)
times["rerun"] = time.perf_counter() - t
assert "up to date" in rerun.stdout, rerun.stdout

if build:
    import re
    shutil.copytree(root / "generator" / "theme", work / "generator" / "theme")
    ours = (root / "mkdocs.yml").read_text(encoding="utf-8")
    # Bare Material: the same pages, navigation and Markdown extensions; no theme overrides,
    # features, plugins or extra CSS and JavaScript. Top-level blocks are cut from the text.
    blocks = re.split(r"\n(?=[a-z_]+:)", ours)
    keep = [b for b in blocks if not re.match(r"(theme|plugins|extra_css|extra_javascript):", b)]
    bare = "\n".join(keep) + "\ntheme:\n  name: material\n  language: en\nplugins: []\n"
    (work / "ours.yml").write_text(ours, encoding="utf-8")
    (work / "bare.yml").write_text(bare, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for label, config_file, strict in (("mkdocs_build", "ours.yml", ["--strict"]), ("bare_material", "bare.yml", [])):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / config_file),
                        "-d", str(work / label), *strict], cwd=work, env=env, check=True, capture_output=True)
        times[label] = time.perf_counter() - t
    site = work / "mkdocs_build"
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", ".headerlink",
                    "--silent"], check=True)
    times["pagefind"] = time.perf_counter() - t
    page = next((site / "papers").glob("*/index.html"))
    times["paper_page_bytes"] = page.stat().st_size
    times["browse_data_bytes"] = (site / "data" / "browse.json").stat().st_size
    from first_search import first_search_bytes
    measured = first_search_bytes(site)
    if measured is not None:
        times["first_search_bytes"] = measured
print(json.dumps(times))
"""
COLUMNS = ["records", "papers", "ingest", "dedup", "enrich", "render_write", "generator", "rerun", "mkdocs_build",
           "bare_material", "pagefind", "peak_mb", "paper_page_bytes", "first_search_bytes", "browse_data_bytes"]


def run_once(n: int, build: bool, limit: float) -> dict | str:
    """One pipeline run in a child process; its numbers, or why there are none."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            out = subprocess.run([sys.executable, "-c", CHILD, tmp, str(n), "build" if build else "-", str(ROOT)],
                                 capture_output=True, text=True, cwd=ROOT, timeout=limit, check=False)
        except subprocess.TimeoutExpired:
            return f"over the {limit:.0f} s limit"
    if out.returncode != 0:
        return "failed: " + (out.stderr.strip().splitlines() or ["?"])[-1]
    return json.loads(out.stdout.strip().splitlines()[-1])


# Issue 18's targets: each a ratio of two times measured in the same run, so that the machine's
# speed on the day cancels out.
TEN, HUNDRED = 10_000, 100_000


def targets(measured: dict[int, dict]) -> list[str]:
    """The targets as a table: the ratio measured, the limit, and whether it is met."""
    rows = ["| target | measured | limit | status | how |", "|---|---|---|---|---|"]

    def row(name: str, ratio: float | None, limit: float, how: str) -> None:
        status = "not measured" if ratio is None else "met" if ratio <= limit else "not met"
        rows.append(f"| {name} | {'-' if ratio is None else f'{ratio:.2f}'} | at most {limit:g} | {status} | {how} |")

    def get(n: int, *keys: str) -> list[float] | None:
        values = measured.get(n, {})
        return [values[k] for k in keys] if all(k in values for k in keys) else None

    full = get(TEN, "generator", "mkdocs_build", "pagefind")
    row("full build, 10,000 records", (full[0] + full[1] + full[2]) / full[1] if full else None, 0.9,
        "captures to a searchable site (generator + our build + Pagefind) / one `mkdocs build --strict`")
    row("adding a 50-paper capture", None, 0.15, "incremental rebuild / full build: no incremental build yet")
    big = get(HUNDRED, "generator", "mkdocs_build", "pagefind")
    row("100,000 records, end to end", sum(big) / 600 if big else None, 1.0,
        "seconds / 600" + ("" if big else ": MkDocs is run only up to 10,000 records"))
    memory = get(HUNDRED, "peak_mb")
    row("100,000 records, peak memory", memory[0] / 2048 if memory else None, 1.0, "the generator's peak MB / 2,048")
    real = get(0, "generator", "mkdocs_build")
    row("the real corpus", real[0] / real[1] if real else None, 0.1, "generator / `mkdocs build --strict`")
    ten, hundred = get(TEN, "generator"), get(HUNDRED, "generator")
    row("10,000 to 100,000 records", hundred[0] / ten[0] if ten and hundred else None, 11,
        "generator at 100,000 / at 10,000 (MkDocs is not run at 100,000)")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--limit", type=float, default=1200, help="seconds allowed per run (default 1200)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size up to 1,000 records (median)")
    parser.add_argument("--no-real", dest="real", action="store_false", help="skip the real corpus")
    args = parser.parse_args()
    lines = ["| " + " | ".join(["size"] + COLUMNS) + " |", "|" + "---|" * (len(COLUMNS) + 1)]
    print(lines[0], lines[1], sep="\n", flush=True)
    measured: dict[int, dict] = {}
    for n in ([0] if args.real else []) + args.sizes:
        label = "real corpus" if n == 0 else f"{n:,} synthetic"
        runs = [run_once(n, n <= BUILD_UP_TO, args.limit) for _ in range(args.runs if n <= 1000 else 1)]
        good = [r for r in runs if isinstance(r, dict)]
        if good:
            measured[n] = {key: statistics.median([r[key] for r in good if key in r])
                           for key in good[0] if all(key in r for r in good)}
        if not good:
            lines.append(f"| {label} | {runs[0]} |")
        else:
            cells = []
            for key in COLUMNS:
                values = [r[key] for r in good if key in r]
                value = statistics.median(values) if values else None
                if value is None:
                    cells.append("-")
                elif key in ("records", "papers", "paper_page_bytes", "first_search_bytes", "browse_data_bytes"):
                    cells.append(f"{round(value):,}")
                else:
                    cells.append(f"{value:,.2f}")
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    table = targets(measured)
    lines += ["", *table]
    print("", *table, sep="\n", flush=True)
    text = "\n".join(lines) + "\n"
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.txt").write_text(text, encoding="utf-8")
    print(f"\nSeconds (median of {args.runs} runs up to 1,000 records), peak memory of the generator in MB, "
          f"bytes of one paper page and of a first search. Written to bench/out/results.txt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

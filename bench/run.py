"""`make bench`: time each pipeline stage on synthetic corpora and on the real one.

Every run is a fresh process, so peak memory is its own. Sizes come from the
command line (default 1000 10000); each stage has a time limit, and a size that
exceeds it is reported as such rather than waited for. The table is printed and
written to bench/out/results.txt, so runs can be compared between commits.

    python bench/run.py                 # 1,000 and 10,000 records, and the real corpus
    python bench/run.py 1000 10000 100000 --limit 900
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
CHILD = r"""
import json, resource, shutil, sys, time
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, sys.argv[4] + "/bench")
from generator import files, pipeline, site
from generator.config import load_yaml, parse_taxonomy
from generator.model import Source
from generator.render import render_site
root, work, n, build = Path(sys.argv[4]), Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "build"
times = {}
t = time.perf_counter()
if n:
    from synth import synthesize
    data = synthesize(n).encode()
    captures = [pipeline.read_capture("synthetic.txt", data, Source("synthetic.txt"))]
    taxonomy = parse_taxonomy(load_yaml((root / "corpus/taxonomy.yaml").read_text(), "taxonomy.yaml"))
    times["ingest"] = time.perf_counter() - t; t = time.perf_counter()
    corpus = replace(pipeline.deduplicate(captures), taxonomy=taxonomy)
else:
    corpus = pipeline.ingest(root / "corpus")
    times["ingest"] = time.perf_counter() - t; t = time.perf_counter()
times["dedup"] = time.perf_counter() - t; t = time.perf_counter()
enriched = pipeline.enrich(corpus)
times["enrich"] = time.perf_counter() - t; t = time.perf_counter()
files.write_tree(work / "docs", render_site(enriched))
times["render_write"] = time.perf_counter() - t
t = time.perf_counter()
stats = files.write_tree(work / "docs", render_site(pipeline.enrich(corpus)))
times["rerun_render_write"] = time.perf_counter() - t
times["rerun_written"] = len(stats.written)
if build:
    shutil.copy(root / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(root / "generator" / "theme", work / "generator" / "theme", dirs_exist_ok=True)
    t = time.perf_counter()
    site.build(work)
    times["mkdocs_build"] = time.perf_counter() - t
    page = next((work / "site" / "papers").glob("*/index.html"))
    times["paper_page_bytes"] = page.stat().st_size
    times["search_index_bytes"] = (work / "site" / "search" / "search_index.json").stat().st_size
times["papers"] = len(corpus.papers)
times["records"] = corpus.records_read
times["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(times))
"""


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--limit", type=float, default=600, help="seconds allowed per run (default 600)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size up to 1,000 records (median)")
    args = parser.parse_args()
    columns = ["records", "papers", "ingest", "dedup", "enrich", "render_write", "rerun_render_write",
               "mkdocs_build", "peak_mb", "paper_page_bytes", "search_index_bytes"]
    lines = ["| " + " | ".join(["size"] + columns) + " |", "|" + "---|" * (len(columns) + 1)]
    for n in [0, *args.sizes]:
        label = "real corpus" if n == 0 else f"{n:,} synthetic"
        build = n <= 10_000
        runs = [run_once(n, build, args.limit) for _ in range(args.runs if n <= 1000 else 1)]
        good = [r for r in runs if isinstance(r, dict)]
        if not good:
            lines.append(f"| {label} | {runs[0]} |")
        else:
            cells = []
            for key in columns:
                values = [r[key] for r in good if key in r]
                value = statistics.median(values) if values else None
                cells.append("-" if value is None else f"{value:,.2f}" if isinstance(value, float) else f"{value:,}")
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.txt").write_text(text, encoding="utf-8")
    print(f"\nSeconds per stage (median of {args.runs} runs up to 1,000 records), peak memory in MB, "
          f"bytes of one paper page and of the search index. Written to bench/out/results.txt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

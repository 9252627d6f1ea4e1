"""Time each pipeline stage on the real corpus and print a table (`make bench`).

Each stage runs in a fresh process so that its peak memory is its own; the
median of several runs is reported. Results are also written to bench/out/.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
STAGE = r"""
import json, resource, shutil, subprocess, sys, time
from pathlib import Path
from generator import pipeline
corpus, work, stage = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
t = time.perf_counter()
c = pipeline.ingest(corpus)
ingest = time.perf_counter() - t
t = time.perf_counter()
pipeline.generate(c, work / "docs")
generate = time.perf_counter() - t
build = None
if stage == "build":
    shutil.copy(Path(sys.argv[4]) / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(Path(sys.argv[4]) / "generator" / "theme", work / "generator" / "theme", dirs_exist_ok=True)
    t = time.perf_counter()
    pipeline.build(work)
    build = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"papers": len(c.papers), "records": c.records_read, "ingest": ingest,
                  "generate": generate, "build": build, "peak_mb": peak}))
"""


def run_once(work: Path, stage: str) -> dict[str, float]:
    """One run of the pipeline in a child process; its timings and peak memory."""
    out = subprocess.run([sys.executable, "-c", STAGE, str(ROOT / "corpus"), str(work), stage, str(ROOT)],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    """Run the benchmark and print the table."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        runs = [run_once(Path(tmp) / f"run{i}", "build") for i in range(RUNS)]
        rerun = run_once(Path(tmp) / "run0", "generate")
    for key in ("ingest", "generate", "build"):
        rows.append((key, statistics.median(r[key] for r in runs)))
    page = next((ROOT / "site" / "papers").glob("*/index.html"), None)
    lines = [f"real corpus: {runs[0]['records']} records, {runs[0]['papers']} papers; median of {RUNS} runs",
             f"{'stage':<12}{'seconds':>10}"]
    lines += [f"{name:<12}{seconds:>10.3f}" for name, seconds in rows]
    lines.append(f"{'rerun':<12}{rerun['ingest'] + rerun['generate']:>10.3f}  (ingest + generate, unchanged corpus)")
    lines.append(f"peak memory {max(r['peak_mb'] for r in runs):.0f} MB")
    if page:
        lines.append(f"paper page HTML (site/, from `make site`): {page.stat().st_size:,} bytes")
    text = "\n".join(lines) + "\n"
    print(text, end="")
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: time each pipeline stage on synthetic corpora and on the real one.

Every run is a fresh process, so peak memory is its own. Sizes come from the
command line (default 1000 10000); each run has a time limit, and a size that
exceeds it is reported as such rather than waited for. The table is printed and
written to bench/out/results.txt, so runs can be compared between commits.

Columns: seconds per generator stage (ingest, dedup, enrich, render + write) and
their total, on every core (`--jobs`); the rerun of `paper-atlas generate` on the
unchanged corpus (a real command, process start included); one single-process
`mkdocs build --strict` with our configuration, and one with a bare Material
configuration of the same pages, and Pagefind on the first (the baselines, up to
10,000 records); `our_build`: `paper-atlas build`'s own build of the same docs/
(MkDocs in `shards` at once, the link check, Pagefind); `add_capture` (up to 10,000
records): adding a capture of about 50 new papers, then `paper-atlas ingest` and
`paper-atlas build` as commands, and how many pages that rendered again
(`add_rendered`); peak memory in
MB of the generator and of our build, each with all its processes (their summed
Pss, sampled: bench/memory.py); bytes of one paper page, of what Chromium downloads for a reader's first
search (when Chromium is installed), and of the browse page's data. After the
table, issue 18's targets: each a ratio of two times of this run, and met or not.

    python bench/run.py                 # 1,000 and 10,000 records, and the real corpus
    python bench/run.py 1000 10000 100000 --limit 3600   # the run in bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import memory

ROOT = Path(__file__).resolve().parent.parent
BUILD_UP_TO = 10_000  # records; above this the single-process baselines are not run (30 minutes and more)
CHILD = r"""
import json, os, re, resource, shutil, subprocess, sys, time
ADDED_RECORDS = 62  # about 50 new papers: a fifth of synthetic records repeat an earlier one
from pathlib import Path
root, work, n, build = Path(sys.argv[4]), Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sys.path.insert(0, str(root / "bench"))
import dataclasses
from generator import files, freshness, pipeline, report
from generator.config import Problems
from generator.workers import available_cores
jobs = available_cores()
times = {"jobs": jobs}
corpus_dir = work / "corpus"


def phase(name):  # names the step now running, for the memory sampler in the parent (bench/memory.py)
    (work / "phase").write_text(name, encoding="utf-8")


if n:
    # In a process of its own, so that none of its memory is counted as the generator's.
    (corpus_dir / "raw").mkdir(parents=True)
    subprocess.run([sys.executable, "-c", "import sys; from synth import synthesize; "
                    "open(sys.argv[1], 'w', encoding='utf-8').write(synthesize(int(sys.argv[2])))",
                    str(corpus_dir / "raw" / "synthetic.txt"), str(n)], cwd=root / "bench", check=True)
    shutil.copy(root / "corpus" / "taxonomy.yaml", corpus_dir / "taxonomy.yaml")
else:
    shutil.copytree(root / "corpus", corpus_dir)

phase("generator")
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
phase("")
del corpus, enriched, pages, captures

t = time.perf_counter()
rerun = subprocess.run([sys.executable, "-m", "generator", "generate", "--corpus", str(corpus_dir),
                        "--docs", str(work / "docs")], capture_output=True, text=True, check=True)
times["rerun"] = time.perf_counter() - t
assert "up to date" in rerun.stdout, rerun.stdout

shutil.copytree(root / "generator" / "theme", work / "generator" / "theme")
ours = (root / "mkdocs.yml").read_text(encoding="utf-8")
env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
if build == "baselines":
    # Bare Material: the same pages, navigation and Markdown extensions; no theme overrides,
    # features, plugins or extra CSS and JavaScript. Top-level blocks are cut from the text.
    blocks = re.split(r"\n(?=[a-z_]+:)", ours)
    keep = [b for b in blocks if not re.match(r"(theme|plugins|extra_css|extra_javascript):", b)]
    bare = "\n".join(keep) + "\ntheme:\n  name: material\n  language: en\nplugins: []\n"
    (work / "ours.yml").write_text(ours, encoding="utf-8")
    (work / "bare.yml").write_text(bare, encoding="utf-8")
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
    shutil.rmtree(work / "bare_material")
    shutil.rmtree(site)

# Our build of the same docs/: MkDocs in shards on every core, the link check and Pagefind
# (`paper-atlas build` without its generate step), in a process of its own for its memory.
(work / "mkdocs.yml").write_text(ours, encoding="utf-8")
OUR_BUILD = '''
import json, resource, sys, time
from pathlib import Path
from generator import site
t = time.perf_counter()
built = site.build(Path(sys.argv[1]), jobs=int(sys.argv[2]))
# Its own peak from /proc (Linux carries a process's ru_maxrss over exec, so this process's
# would start at the benchmark's own size), and its largest child's: a shard or Pagefind.
own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
usage = [own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]
print(json.dumps({"seconds": time.perf_counter() - t, "shards": built.shards, "peak_mb": max(usage) / 1024}))
'''
phase("build")
ran = subprocess.run([sys.executable, "-c", OUR_BUILD, str(work), str(jobs)], cwd=work, env=env,
                     capture_output=True, text=True, check=True)
ours_built = json.loads(ran.stdout.strip().splitlines()[-1])
phase("")
times["our_build"], times["shards"], times["build_peak_mb"] = ours_built["seconds"], ours_built["shards"], ours_built["peak_mb"]
site = work / "site"
page = next((site / "papers").glob("*/index.html"))
times["paper_page_bytes"] = page.stat().st_size
times["browse_data_bytes"] = (site / "data" / "browse.json").stat().st_size
from first_search import first_search_bytes
try:
    measured = first_search_bytes(site)
except Exception as err:  # a search that never finishes is a finding, not a reason to lose the row
    print(f"first search failed: {err}".splitlines()[0], file=sys.stderr)
    measured = None
if measured is not None:
    times["first_search_bytes"] = measured

# Adding a capture of about 50 new papers, then `paper-atlas ingest` and `paper-atlas build`,
# as a user would: only the pages whose Markdown changed are rendered again. (Its target is
# at 10,000 records; above that it would double the run.)
if build == "ours":
    print(json.dumps(times))
    sys.exit(0)
from synth import synthesize
(corpus_dir / "raw" / "zz_added.txt").write_text(synthesize(ADDED_RECORDS, seed=1811), encoding="utf-8")
t = time.perf_counter()
for command in (["ingest", "--corpus", str(corpus_dir)],
                ["build", "--corpus", str(corpus_dir), "--docs", str(work / "docs"), "--project", str(work)]):
    done = subprocess.run([sys.executable, "-m", "generator", *command], cwd=work, env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
times["add_capture"] = time.perf_counter() - t
built_line = re.search(r"([\d,]+) pages rendered(?: in \d+ shards)?(?:, ([\d,]+) kept)?", done.stdout)
assert built_line, done.stdout
times["add_rendered"] = int(built_line[1].replace(",", ""))
print(json.dumps(times))
"""
COLUMNS = ["records", "papers", "ingest", "dedup", "enrich", "render_write", "generator", "rerun", "mkdocs_build",
           "bare_material", "pagefind", "our_build", "shards", "add_capture", "add_rendered", "peak_mb", "build_peak_mb",
           "paper_page_bytes", "first_search_bytes", "browse_data_bytes"]


def run_once(n: int, build: bool, limit: float) -> dict | str:
    """One pipeline run in a child process; its numbers, or why there are none.

    Where the kernel reports Pss, the peaks are those of the generator's and of our build's
    whole process trees, sampled from here (bench/memory.py); the child's own `ru_maxrss`
    figures, which count a forked worker's inherited pages twice, are the fallback.
    """
    with tempfile.TemporaryDirectory() as tmp:
        child = subprocess.Popen([sys.executable, "-c", CHILD, tmp, str(n), "baselines" if build else "ours", str(ROOT)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        with memory.PeakSampler(child.pid, Path(tmp) / "phase") as sampler:
            try:
                stdout, stderr = child.communicate(timeout=limit)
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()
                return f"over the {limit:.0f} s limit"
    if child.returncode != 0:
        return "failed: " + (stderr.strip().splitlines() or ["?"])[-1]
    times = json.loads(stdout.strip().splitlines()[-1])
    if memory.available():
        for key, name in (("peak_mb", "generator"), ("build_peak_mb", "build")):
            if sampler.mb(name) is not None:
                times[key] = sampler.mb(name)
    return times


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

    full = get(TEN, "generator", "our_build", "mkdocs_build")
    row("full build, 10,000 records", (full[0] + full[1]) / full[2] if full else None, 0.9,
        "captures to a searchable site (generator + our build: MkDocs in shards, link check, Pagefind) / "
        "one `mkdocs build --strict` of the same docs/")
    added = get(TEN, "add_capture", "generator", "our_build")
    row("adding a 50-paper capture", added[0] / (added[1] + added[2]) if added else None, 0.15,
        "`paper-atlas ingest` + `paper-atlas build` after adding it / the full build")
    big = get(HUNDRED, "generator", "our_build")
    row("100,000 records, end to end", sum(big) / 600 if big else None, 1.0, "generator + our build, seconds / 600")
    memory = get(HUNDRED, "peak_mb", "build_peak_mb")
    row("100,000 records, peak memory", max(memory) / 2048 if memory else None, 1.0,
        "the larger of the generator's and the build's peak MB / 2,048")
    real = get(0, "generator", "mkdocs_build")
    row("the real corpus", real[0] / real[1] if real else None, 0.1, "generator / `mkdocs build --strict`")
    ten, hundred = get(TEN, "generator", "our_build"), get(HUNDRED, "generator", "our_build")
    row("10,000 to 100,000 records", sum(hundred) / sum(ten) if ten and hundred else None, 11,
        "generator + our build at 100,000 / at 10,000")
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
                elif key in ("records", "papers", "shards", "add_rendered", "paper_page_bytes", "first_search_bytes",
                             "browse_data_bytes"):
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

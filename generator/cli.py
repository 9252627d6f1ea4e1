"""The `paper-atlas` command: thin subcommands over the pipeline functions.

`pipeline` (numpy, SciPy, Jinja2) is imported where a command first needs it, so
that a command with nothing to do answers at once.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, TextIO

from . import files, freshness, report, site
from .errors import AtlasError, StaleError
from .escape import visible_controls
from .model import Severity
from .workers import available_cores

if TYPE_CHECKING:
    from .model import Corpus

EXIT_OK, EXIT_USER_ERROR, EXIT_MISUSE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_MISUSE
    with _shown_not_obeyed():
        return _run(args)


class _Visible:
    """A text stream that writes control and bidi characters out (`\\x1b`) rather than passing
    them to the terminal: file names and corpus text in messages are untrusted."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.raw = stream  # for our own terminal control: the progress bar's carriage returns

    def write(self, text: str) -> int:
        return self._stream.write(visible_controls(text))

    def __getattr__(self, name: str) -> object:  # flush, isatty, encoding...
        return getattr(self._stream, name)


@contextlib.contextmanager
def _shown_not_obeyed() -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Visible(out), _Visible(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


# The commands that write (corpus/papers.yaml, corpus/resolved.yaml, docs/, site/) hold the project's lock.
_WRITERS = ("ingest", "generate", "build", "resolve")


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command in _WRITERS:
            root = Path(getattr(args, "project", None) or args.corpus.absolute().parent)
            with files.project_lock(root, lambda message: print(message, file=sys.stderr, flush=True)):
                return int(args.run(args))
        return int(args.run(args))
    except OSError as err:  # a read-only tree, a full disk, a failing drive: one line, with the path
        where = err.filename or "paper-atlas"
        print(f"error: {where}: {err.strerror or err}", file=sys.stderr)
        return EXIT_USER_ERROR
    except AtlasError as err:
        errors = getattr(err, "errors", (err,))
        for each in errors:
            print(f"error: {each}", file=sys.stderr)
        if len(errors) > 1:
            print(f"{len(errors)} errors; nothing was written. Fix them and run the command again.", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paper-atlas",
        description="Build the Paper Atlas site from captures of paper listings, in any form read.",
    )
    parser.add_argument("--version", action="version", version=f"paper-atlas {_version()}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    cores = available_cores()

    def command(name: str, run: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--corpus", type=Path, default=Path("corpus"), help="corpus folder (default: corpus)")
        p.set_defaults(run=run, command=name)
        return p

    def jobs(p: argparse.ArgumentParser, work: str) -> None:
        p.add_argument("--jobs", type=_jobs, default=cores, metavar="N",
                       help=f"processes for {work} (default: the {cores} cores available); the output is the same "
                            f"for any N")

    p = command("ingest", _ingest, "Parse and deduplicate the captures; write corpus/papers.yaml and print the report "
                                   "of what changed.")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--verbose", action="store_true", help="list every merge and note, not only what is new")
    p = command("generate", _generate, "Write the site's Markdown pages and data into docs/.")
    p.add_argument("--docs", type=Path, default=Path("docs"), help="output folder (default: docs)")
    jobs(p, "the per-paper work")
    p = command("build", _build, "Generate docs/ and build site/ with `mkdocs build --strict`.")
    p.add_argument("--docs", type=Path, default=Path("docs"), help="output folder (default: docs)")
    jobs(p, "the per-paper work and for the MkDocs build's shards")
    scale = p.add_mutually_exclusive_group()
    scale.add_argument("--shard", type=_shard, metavar="K/N",
                       help="build only shard K of N of the pages, into SHARD_DIR/K-of-N/, for `--merge-shards` "
                            "to put together (each shard can run on another machine)")
    scale.add_argument("--merge-shards", action="store_true",
                       help="merge the shards in SHARD_DIR into site/, check its links and index it for search")
    p.add_argument("--shard-dir", type=Path, default=Path("site-shards"),
                   help="where --shard writes and --merge-shards reads shards (default: site-shards)")
    p.add_argument("--project", type=Path, default=Path("."), help="folder holding mkdocs.yml (default: .)")
    p.add_argument("--no-strict", dest="strict", action="store_false", help="let MkDocs warnings pass")
    command("check", _check, "Validate the corpus; list problems as file:line: message; exit 1 on errors "
                             "or a stale corpus/papers.yaml.")
    p = command("resolve", _resolve, "Complete the papers from open APIs (arXiv, Hugging Face, Semantic Scholar, "
                                     "GitHub) into corpus/resolved.yaml; the only command that uses the network.")
    p.add_argument("--only-missing", action="store_true",
                   help="look up only the papers and repositories the cache holds nothing for")
    p.add_argument("--refresh-older-than", type=_days, default=7, metavar="DAYS",
                   help="look up again what was checked DAYS or more days ago (default: 7; 0: everything)")
    p = command("report", _report, "Print the ingest report without writing anything.")
    p.add_argument("--verbose", action="store_true", help="list every merge and note, not only what is new")
    return parser


def _stage(message: str) -> None:
    """A progress line on a terminal; silent when output is piped or logged."""
    if sys.stderr.isatty():
        print(f"· {message}", file=sys.stderr)


def _load(args: argparse.Namespace) -> Corpus:
    from . import pipeline

    _stage(f"reading {args.corpus}/raw/")
    started = time.perf_counter()
    corpus = pipeline.ingest(args.corpus)
    _stage(f"{corpus.records_read} records, {len(corpus.papers)} papers in {time.perf_counter() - started:.1f}s")
    return corpus


def _ingest(args: argparse.Namespace) -> int:
    from . import pipeline

    corpus = _load(args)
    written = pipeline.write_papers_yaml(corpus, args.corpus)
    print(report.format_report(corpus, verbose=args.verbose), end="")
    print(f"\n{args.corpus}/papers.yaml {'written' if written else 'unchanged'}. {report.summary(report.counts(corpus))}")
    return _status(corpus, strict=args.strict)


def _generate(args: argparse.Namespace, extra_warnings: int = 0) -> int:
    """Write docs/, printing the corpus's errors and warnings as `check` does; `extra_warnings`
    were printed before (by `build`) and are counted in the summary."""
    digest = freshness.inputs_digest(args.corpus)
    previous = freshness.generated_from(args.docs, digest)
    counts = previous.get("counts") if previous is not None else None
    if previous is not None and isinstance(counts, dict):
        problems = previous.get("problems")
        for line in problems if isinstance(problems, list) else ():
            print(line, file=sys.stderr)
        n = report.Counts(**counts)
        print(f"{args.docs}/ is up to date: nothing it is made from has changed. "
              f"{report.summary(n, warnings=bool(previous.get('stale')) + extra_warnings)}")
        status = previous.get("status")
        return status if isinstance(status, int) else EXIT_OK
    from . import pipeline

    corpus = _load(args)
    problems = [str(d) for d in report.problems(corpus)]
    warning = _stale_warning(corpus, args.corpus)
    for line in problems + ([warning] if warning else []):
        print(line, file=sys.stderr)
    status = _status(corpus)
    _stage(f"enriching and writing {args.docs}/")
    n = report.counts(corpus)
    stamp = {"inputs": digest, "counts": dataclasses.asdict(n), "status": status, "stale": bool(warning),
             "problems": problems + ([warning] if warning else [])}
    stats = pipeline.generate(corpus, args.docs, stamp=stamp, site_url=freshness.site_url(), jobs=args.jobs)
    print(f"{args.docs}/: {len(stats.written)} written, {stats.unchanged} unchanged, "
          f"{len(stats.removed)} removed. {report.summary(n, warnings=bool(warning) + extra_warnings)}")
    return status


def _build(args: argparse.Namespace) -> int:
    placeholder = freshness.site_url() is None
    if placeholder:
        config = args.project / "mkdocs.yml"
        print(f"{config}:{files.line_starting(config, 'site_url:')}: warning: the site is built for the placeholder address "
              f"{freshness.PLACEHOLDER_SITE_URL}: its canonical links, sitemap and schema.org data point there, "
              f"and its 404 page works only at a domain's root. Set the real address, e.g. `make site "
              f"PAPER_ATLAS_SITE_URL=https://you.github.io/atlas/` (README, \"Publish\")", file=sys.stderr)
    status = _generate(args, extra_warnings=int(placeholder))
    if status:
        return status
    _stage("mkdocs build" + (" --strict" if args.strict else ""))
    started = time.perf_counter()
    if args.shard:
        k, n = args.shard
        out = site.build_shard(args.project, k, n, args.shard_dir, strict=args.strict, docs_dir=args.docs)
        print(f"shard {k} of {n} built in {time.perf_counter() - started:.1f}s into {out}/; merge the {n} shards "
              f"with `paper-atlas build --merge-shards`")
        return EXIT_OK
    built = site.build(args.project, strict=args.strict, docs_dir=args.docs, jobs=args.jobs,
                       shards_from=args.shard_dir if args.merge_shards else None)
    if built:
        kept = f", {built.kept:,} kept from the last build" if built.kept else ""
        shards = f" in {built.shards} shards" if built.shards > 1 else ""
        print(f"site built in {time.perf_counter() - started:.1f}s: {built.rendered:,} pages rendered{shards}{kept}")
    else:
        print("site/ is up to date: nothing it is built from has changed")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from . import pipeline

    corpus = _load(args)
    for d in report.problems(corpus):
        print(d)
    stale = False
    try:
        pipeline.check_papers_yaml(corpus, args.corpus)
    except StaleError as err:
        print(f"{err.file}:1: error: {err.message}")
        stale = True
    print(report.summary(report.counts(corpus), errors=int(stale)))
    return EXIT_USER_ERROR if stale or pipeline.errors_in(corpus) else EXIT_OK


def _whole_number(unit: str, least: int) -> Callable[[str], int]:
    """An argparse type: a whole number of `unit` (a plural noun), at least `least`."""

    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of {unit}") from None
        if n < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}")
        return n

    return parse


_jobs = _whole_number("processes", 1)


def _shard(text: str) -> tuple[int, int]:
    """`K/N`, shard K of N, from 1."""
    k, _, n = text.partition("/")
    if not (k.strip().isdigit() and n.strip().isdigit()) or not 1 <= int(k) <= int(n):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N, as in 2/4, not {text!r}")
    return int(k), int(n)
_days = _whole_number("days", 0)


def _resolve(args: argparse.Namespace) -> int:
    from . import resolve_run

    corpus = _load(args)
    return resolve_run.run(corpus, args.corpus, args.only_missing, args.refresh_older_than)


def _report(args: argparse.Namespace) -> int:
    corpus = _load(args)
    print(report.format_report(corpus, verbose=args.verbose), end="")
    return EXIT_OK


def _stale_warning(corpus: Corpus, corpus_dir: Path) -> str | None:
    from . import pipeline

    try:
        pipeline.check_papers_yaml(corpus, corpus_dir)
    except StaleError as err:
        return f"{err.file}:1: warning: {err.message}"
    return None


def _status(corpus: Corpus, strict: bool = False) -> int:
    from . import pipeline

    errors = pipeline.errors_in(corpus)
    warnings = [d for d in corpus.diagnostics if d.severity is Severity.WARNING]
    return EXIT_USER_ERROR if errors or (strict and (warnings or corpus.rejections)) else EXIT_OK


def _version() -> str:
    """The installed package's version (pyproject.toml's), or "unknown" when run uninstalled."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("paper-atlas")
    except PackageNotFoundError:
        return "unknown"

"""Realistic synthetic captures for the benchmark, made from the real corpus's own sentences."""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def synthesize(n_records: int, seed: int = 7, duplicate_share: float = 0.2) -> str:
    """A capture of about n_records: mixed sentences, names of other papers, code URLs, metadata.

    A share of the records repeat an earlier paper (as a second capture would), with case and
    spacing changes, so dedup has real work to do.
    """
    papers = yaml.safe_load((ROOT / "corpus" / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    sentences = [s for p in papers for s in re.split(r"(?<=\.)\s+(?=[A-Z])", p["abstract"]) if len(s) > 40]
    words = sorted({w for p in papers for w in re.findall(r"[A-Za-z][a-z]{3,}", p["title"])})
    rnd = random.Random(seed)
    made: list[tuple[str, str]] = []
    out = []
    for i in range(n_records):
        if made and rnd.random() < duplicate_share:
            title, abstract = made[rnd.randrange(len(made))]
            title = title.upper() if rnd.random() < 0.3 else "  ".join(title.split())
        else:
            name = "".join(rnd.choice(words).capitalize() for _ in range(2)) + f"{i}"
            title = f"{name}: " + " ".join(rnd.choice(words) for _ in range(rnd.randint(4, 9)))
            body = []
            while sum(len(s) for s in body) < 1400:
                body.append(rnd.choice(sentences))
            if made and rnd.random() < 0.3:
                other = made[rnd.randrange(len(made))][0].split(":")[0]
                body.insert(1, f"It improves on {other} by a wide margin.")
            if rnd.random() < 0.35:
                body.append(f"Code is available at https://github.com/lab{i % 97}/{name.lower()}.")
            abstract = " ".join(body)
            made.append((title, abstract))
        meta = ""
        if rnd.random() < 0.4:
            meta = f"  • {rnd.randint(1, 12)} authors\n·\n{rnd.choice(['Jan', 'Mar', 'Jun', 'Sep'])} " \
                   f"{rnd.randint(1, 28)}, {rnd.randint(2020, 2025)} {rnd.randint(0, 50)}\n\n"
        out.append(f"{title}\n\n{abstract}\n\n{meta}")
    return "".join(out)

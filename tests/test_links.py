"""Code and other links lifted out of abstracts, on every URL form the corpus has."""

from __future__ import annotations

import pytest

from generator.links import find_urls, split_links


@pytest.mark.parametrize("text, code, other", [
    ("Code is available at https://github.com/szq0214/SReT.", ["https://github.com/szq0214/SReT"], []),
    ("(Code: https://github.com/yitu-opensource/T2T-ViT)", ["https://github.com/yitu-opensource/T2T-ViT"], []),
    ("see https://github.com/huawei-noah/CV-Backbones, and", ["https://github.com/huawei-noah/CV-Backbones"], []),
    ("at https://github.com/Statistical-Deep-Learning/LTM}", ["https://github.com/Statistical-Deep-Learning/LTM"], []),
    ("at https://github.com/AVC2-UESTC/CRAFT-SR.git.", ["https://github.com/AVC2-UESTC/CRAFT-SR"], []),
    ("at https://www.github.com/LeapLabTHU/Dynamic_Perceiver.", ["https://github.com/LeapLabTHU/Dynamic_Perceiver"], []),
    ("at http://github.com/a/b.", ["https://github.com/a/b"], []),
    ("https://gitee.com/mindspore/models/tree/master/research/cv/TNT.",
     ["https://gitee.com/mindspore/models/tree/master/research/cv/TNT"], []),
    ("We plan to release our code at https://gitlab.com/ones-ai/q-hyvit.", ["https://gitlab.com/ones-ai/q-hyvit"], []),
    ("on this webpage.https://badripatro.github.io/svt/.", [], ["https://badripatro.github.io/svt/"]),
    ("at http://people.csail.mit.edu/bpan/ia-red/.", [], ["http://people.csail.mit.edu/bpan/ia-red/"]),
    ("at https://customsvg.github.io.", [], ["https://customsvg.github.io"]),
    ("Project page: https:VDT-2023.github.io", [], []),
    ("Code will be released soon.", [], []),
    ("the profile https://github.com/openai is not a repository", [], ["https://github.com/openai"]),
    ("https://en.wikipedia.org/wiki/Transformer_(deep_learning).",
     [], ["https://en.wikipedia.org/wiki/Transformer_(deep_learning)"]),
    ("javascript:alert(1) and data:text/html,x and ftp://x.org/y", [], []),
    ("http://127.0.0.1:8000/x and http://localhost/y and http://[::1]/z and http://10.0.0.1/", [], []),
    ("https://intranet.corp/a https://printer.local/ https://x.test/ https://a.example/ https://x", [], []),
    ("https://user:pass@github.com/a/b and https://github.com@evil.org/x", [], []),
])
def test_split_links(text: str, code: list[str], other: list[str]) -> None:
    assert split_links(text) == (tuple(code), tuple(other))


def test_urls_are_deduplicated_in_order() -> None:
    text = "https://github.com/whlzy/FiT and again https://github.com/whlzy/FiT. https://a.org"
    assert find_urls(text) == ["https://github.com/whlzy/FiT", "https://a.org"]

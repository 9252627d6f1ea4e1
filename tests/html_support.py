"""Reading built HTML pages in tests: elements, script and style bodies, visible text."""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """Elements with attributes, script bodies and visible text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.json_ld: list[str] = []  # bodies of <script type="application/ld+json">: data, not code
        self.text: list[str] = []
        self._stack: list[str] = []
        self._data_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag == "script":
            self._data_script = dict(attrs).get("type") == "application/ld+json"
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "wbr", "path", "rect", "circle"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            del self._stack[len(self._stack) - 1 - self._stack[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        top = self._stack[-1] if self._stack else ""
        if top == "script" and self._data_script:
            self.json_ld.append(data)
        elif top == "script":
            self.scripts.append(data)
        elif top == "style":
            self.scripts.append(data)
        elif top != "title":
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())

"""The readable text of a stored page's HTML, for showing a stored copy as text, never as HTML."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Never readable content: code, styles, and what a page hides or embeds
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "head", "canvas"})
# Elements that start a new line of text
_BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
                     "section", "article", "header", "footer", "blockquote", "pre", "figure", "figcaption",
                     "aside", "nav", "main", "dd", "dt", "hr", "title"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "source", "wbr", "col", "area", "base", "embed"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _SKIPPED and tag not in _VOID:
            self.skipping += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _SKIPPED and self.skipping:
            self.skipping -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def html_to_text(page_html: str) -> str:
    """The text a reader sees in PAGE_HTML: scripts, styles and markup dropped, one line per block."""
    parser = _Text()
    parser.feed(page_html)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)

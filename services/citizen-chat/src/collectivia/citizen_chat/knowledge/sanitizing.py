"""Hidden content out of documents before they reach the knowledge base.

A page can say more to a machine than to its reader: an HTML comment, an element the browser
never shows (``hidden``, ``display:none``, ``aria-hidden``...), zero-width or bidirectional
control characters, an image whose address tracks or whose alt text carries an instruction, a
link to a look-alike site. A citizen reading the page sees none of it, so the assistant must not
quote it. HTML pages are cleaned as a tree (lxml's HTML parser, which closes elements the way
browsers do); Markdown and plain text have their inline HTML read by the standard library's
HTML parser; the text of every document, whatever its path (import, lake, folder, curated
answer), goes through ``clean_text`` last.

Links keep their text; their address goes. A sentence naming an address outside the allowed
domains (the collectivity's, the State's) is dropped: that is how phishing reaches a page.
Every removal is counted by kind (``Sanitized.removed``), for the import's log and the review.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

# Kinds of removed content, as the import's log and the review name them.
COMMENT = "commentaire"
HIDDEN = "contenu-masque"
INVISIBLE_CHARACTERS = "caracteres-invisibles"
IMAGE = "image"
LINK = "lien"
FOREIGN_LINK = "lien-hors-domaines"

DEFAULT_ALLOWED_DOMAINS = (
    "gouv.fr",
    "service-public.fr",
    "legifrance.gouv.fr",
    "metzmetropole.fr",
    "metz.fr",
    "collectivia.fr",
    # The national public bodies the State's own pages send people to.
    "ameli.fr",
    "caf.fr",
    "msa.fr",
    "urssaf.fr",
    "laposte.fr",
    "justice.fr",
    "info-retraite.fr",
    "lassuranceretraite.fr",
    "francetravail.fr",
    "france-travail.fr",
    "mobileconnectetmoi.fr",
)

_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|font-size\s*:\s*0(?![.\d]*[1-9])"
    r"|opacity\s*:\s*0(?![.\d]*[1-9])|(?<![-\w])(width|height)\s*:\s*0(px)?\s*(;|$)"
    r"|color\s*:\s*transparent|clip\s*:\s*rect\(\s*0",
    re.IGNORECASE,
)
_HIDDEN_CLASSES = frozenset(
    {"hidden", "d-none", "invisible", "visually-hidden", "sr-only", "hide", "fr-sr-only"}
)
# Elements whose content is never shown as text, or is an image, a frame or media.
_DROPPED_TAGS = (
    "script",
    "style",
    "template",
    "noscript",
    "img",
    "picture",
    "svg",
    "iframe",
    "frame",
    "object",
    "embed",
    "audio",
    "video",
    "source",
    "track",
    "canvas",
    "map",
    "input",
    "meta",
    "link",
)
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# Markdown's invisible lines: link reference definitions, also used as comments
# ("[//]: # (...)", "[comment]: <> (...)").
_REFERENCE_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_MARKDOWN_LINK = re.compile(
    r"(?<!!)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)\n]*[\"'])?\s*\)"
)
_MARKDOWN_REFERENCE_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|www\.[^>\s]+)>", re.IGNORECASE)
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'«»)\]]+", re.IGNORECASE)
# A site named without its scheme ("payez sur macaron-metz.com"); e-mail domains are not sites.
_BARE_DOMAIN = re.compile(
    r"(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:fr|com|net|org|eu|info|io|co|xyz|top"
    r"|site|online|shop|biz|app|link|click|me|tv|ly|gl|ws|store|live|pro)\b(?![@\w-])",
    re.IGNORECASE,
)
_TAG_LIKE = re.compile(r"</?[a-zA-Z][^>\n]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Sanitized:
    """A cleaned text and what was taken out of it, by kind."""

    text: str
    removed: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """``kind: count`` pairs, for logs (no content)."""
        return ", ".join(f"{kind}: {count}" for kind, count in sorted(self.removed.items()))


@dataclass(frozen=True)
class LinkPolicy:
    """The domains a citizen may be sent to (a domain allows its subdomains)."""

    allowed_domains: tuple[str, ...] = DEFAULT_ALLOWED_DOMAINS

    def allows(self, address: str) -> bool:
        target = address if "//" in address else "//" + address
        try:
            host = (urlsplit(target).hostname or "").lower().rstrip(".")
        except ValueError:
            return False
        return any(host == domain or host.endswith("." + domain) for domain in self.allowed_domains)


def _hidden(element: etree._Element) -> bool:
    attributes = element.attrib
    if "hidden" in attributes or str(attributes.get("aria-hidden", "")).lower() == "true":
        return True
    if str(attributes.get("type", "")).lower() == "hidden":
        return True
    classes = set(str(attributes.get("class", "")).lower().split())
    return bool(classes & _HIDDEN_CLASSES) or bool(
        _HIDDEN_STYLE.search(str(attributes.get("style", "")))
    )


def clean_html(html: str, links: LinkPolicy) -> Sanitized:
    """The page as HTML without comments, hidden elements, images, media and link addresses
    (each link becomes its text, dropped when the text is itself a foreign address)."""
    removed: Counter[str] = Counter()
    if not html.strip():
        return Sanitized(html, removed)
    root = lxml.html.document_fromstring(html)
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        removed[COMMENT] += 1
        _remove_keeping_tail(node)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if _hidden(element) and _attached(element, root):
            removed[HIDDEN] += 1
            element.drop_tree()
    for element in list(root.iter(*_DROPPED_TAGS)):
        if _attached(element, root):
            removed[IMAGE if element.tag in ("img", "picture", "svg") else HIDDEN] += 1
            element.drop_tree()
    for anchor in list(root.iter("a", "area")):
        if not _attached(anchor, root):
            continue
        text = anchor.text_content().strip()
        if _URL.fullmatch(text) and not links.allows(text):
            removed[FOREIGN_LINK] += 1
            anchor.drop_tree()
            continue
        href = str(anchor.get("href", ""))
        if href.startswith(("http", "//", "www.")) and not links.allows(href):
            removed[FOREIGN_LINK] += 1
        elif href:
            removed[LINK] += 1
        anchor.drop_tag()
    return Sanitized(lxml.html.tostring(root, encoding="unicode"), removed)


def _attached(element: etree._Element, root: etree._Element) -> bool:
    """Still in the tree (an ancestor may have been dropped already)."""
    for ancestor in element.iterancestors():
        if ancestor is root:
            return True
    return element is root


def _remove_keeping_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


class _InlineHtml(HTMLParser):
    """Text with inline HTML (Markdown, plain text): tags out, their text kept, except hidden
    elements and dropped tags, whose content goes too. Newlines are kept as they are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.removed: Counter[str] = Counter()
        # Open hidden element: (tag, depth of that tag inside it).
        self._hidden: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden is not None:
            name, depth = self._hidden
            if tag == name and tag not in _VOID_TAGS:
                self._hidden = (name, depth + 1)
            return
        element = lxml.html.Element(tag, {k: v or "" for k, v in attrs if _attribute_name(k)})
        if tag in ("img", "picture", "svg"):
            self.removed[IMAGE] += 1
        elif tag == "a":
            self.removed[LINK] += 1
        if (_hidden(element) or tag in _DROPPED_TAGS) and tag not in _VOID_TAGS:
            self.removed[HIDDEN if tag not in ("picture", "svg") else IMAGE] += 1
            self._hidden = (tag, 1)
        elif tag in ("br", "p", "div", "li", "tr"):
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden is None and tag in ("img", "picture", "svg"):
            self.removed[IMAGE] += 1

    def handle_endtag(self, tag: str) -> None:
        if self._hidden is not None:
            name, depth = self._hidden
            if tag == name:
                self._hidden = (name, depth - 1) if depth > 1 else None
            return
        if tag in ("p", "div", "li", "tr"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden is None:
            self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.removed[COMMENT] += 1

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        self.removed[COMMENT] += 1

    def unknown_decl(self, data: str) -> None:
        self.removed[COMMENT] += 1


def _attribute_name(name: str) -> bool:
    return bool(re.fullmatch(r"[a-zA-Z_:][-a-zA-Z0-9_:.]*", name))


def _inline_html(text: str) -> Sanitized:
    if not _TAG_LIKE.search(text):
        return Sanitized(text)
    parser = _InlineHtml()
    parser.feed(text)
    parser.close()
    return Sanitized("".join(parser.parts), parser.removed)


def _invisible(character: str) -> bool:
    # Format characters (zero-width spaces and joiners, bidirectional controls, the BOM, tag
    # characters) and private-use ones: nothing a reader sees, everything a model may read.
    return character not in "\n\t" and unicodedata.category(character) in ("Cf", "Co", "Cc")


def _markdown_links(text: str, links: LinkPolicy, removed: Counter[str]) -> str:
    def image(match: re.Match[str]) -> str:
        removed[IMAGE] += 1
        return ""

    def link(match: re.Match[str]) -> str:
        label, address = match.group(1), match.group(2)
        if address and _URL.match(address) and not links.allows(address):
            removed[FOREIGN_LINK] += 1
            # The label stays so that the sentence holding it is dropped below.
            return f"{label} {address}"
        removed[LINK] += 1
        return label

    def autolink(match: re.Match[str]) -> str:
        removed[LINK] += 1
        return match.group(1)

    text = _MARKDOWN_IMAGE.sub(image, text)
    text = _MARKDOWN_LINK.sub(link, text)
    text = _MARKDOWN_REFERENCE_LINK.sub(lambda m: m.group(1), text)
    return _AUTOLINK.sub(autolink, text)


def _foreign_sentences(text: str, links: LinkPolicy, removed: Counter[str]) -> str:
    """Each sentence naming an address outside the allowed domains is dropped."""
    lines = []
    for line in text.split("\n"):
        if not (_URL.search(line) or _BARE_DOMAIN.search(line)):
            lines.append(line)
            continue
        kept = []
        for sentence in _SENTENCE_END.split(line):
            addresses = [a.rstrip(".,;:!?") for a in _URL.findall(sentence)]
            addresses += _BARE_DOMAIN.findall(_URL.sub(" ", sentence))
            if any(not links.allows(address) for address in addresses):
                removed[FOREIGN_LINK] += 1
                continue
            kept.append(sentence)
        lines.append(" ".join(kept))
    return "\n".join(lines)


def clean_text(text: str, links: LinkPolicy) -> Sanitized:
    """Any document's text (Markdown, plain text, or an already-read page): comments, inline
    hidden HTML, invisible characters, images and link syntax out; sentences sending the
    reader outside the allowed domains dropped. Idempotent."""
    removed: Counter[str] = Counter()
    invisible = sum(1 for character in text if _invisible(character))
    if invisible:
        removed[INVISIBLE_CHARACTERS] += invisible
        text = "".join(character for character in text if not _invisible(character))
    comments = len(_HTML_COMMENT.findall(text))
    if comments:
        removed[COMMENT] += comments
        text = _HTML_COMMENT.sub("", text)
    definitions = len(_REFERENCE_DEFINITION.findall(text))
    if definitions:
        removed[COMMENT] += definitions
        text = _REFERENCE_DEFINITION.sub("", text)
    inline = _inline_html(text)
    removed.update(inline.removed)
    text = _markdown_links(inline.text, links, removed)
    text = _foreign_sentences(text, links, removed)
    return Sanitized(text, removed)


def merged(parts: Iterable[Sanitized], text: str) -> Sanitized:
    """One result for several cleaning steps: the last text, every removal."""
    removed: Counter[str] = Counter()
    for part in parts:
        removed.update(part.removed)
    return Sanitized(text, removed)

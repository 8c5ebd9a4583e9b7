"""Every page a role can reach on the demo reads in Chinese: no English left over.

The small demo city is built once (generated, loaded, one month appraised and paid),
then each demo log-in walks its pages from home, following the links the pages
offer (a few of each kind: three customers, three cards, not all four thousand).
Each page's visible text (tags, scripts, styles and attributes stripped) must hold

* no msgid of the catalogue whose msgstr differs from it: a string that was
  translated somewhere but reached this page in English, and
* no English status, product-line or rule word ("draft", "broadband", "lower is
  better" …): a code shown to people instead of its name, and
* no lower-case English word at all (``new_adds.broadband``, ``active and billed``):
  whatever the catalogue does not know yet is English too. Names, acronyms and
  brands (IPTV, Excel, API, English) are capitalised and pass; a code kept beside
  its name as secondary text sits in an element of class ``code`` and is not read;
  the demo's log-in names are allowed (the header shows who is signed in).

A new page or a new English sentence on an old one fails here with the page's
address and the words found. ``test_the_sweep_catches_english`` shows the check
finds English on a real rendered table and passes the same table in Chinese.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.conftest import log_in

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "src/wangge/base/locale/zh_Hans/LC_MESSAGES/django.mo"
)

#: English words that are codes of a status, product line, rule or role: a page must
#: show their names instead
ENGLISH_WORDS = [
    "draft",
    "submitted",
    "approved",
    "returned",
    "published",
    "closed",
    "disconnected",
    "cancelled",
    "suspended",
    "active",
    "mobile",
    "broadband",
    "iptv",
    "fixed",
    "queued",
    "running",
    "done",
    "failed",
    "passed",
    "lower is better",
    "higher is better",
    "completion",
    "floor",
    "cap",
    "curve",
    "rank",
    "target",
    "actual",
    "points",
    "not applicable",
    "grid_manager",
    "frontline",
    "center_director",
    "back_office",
    "round_half_up",
    "cents per point",
    "yuan",
]

#: how many pages of one kind (one URL name) a role opens: enough to see every template
PER_KIND = 3
#: URL names (or prefixes of paths) the walk does not open: files, the admin, the API
SKIP_PATHS = ("/admin/", "/api/", "/logout/", "/static/", "/media/")


#: a lower-case English word: three letters or more, not part of a capitalised word,
#: a number, an address or a file name
LOWER_WORD = re.compile(r"(?<![A-Za-z0-9_\-./@:])[a-z][a-z_]{2,}(?![A-Za-z0-9@])")

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """The text a person sees: text nodes outside script, style and template, and
    outside the secondary codes (elements of class ``code``)."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, hides its text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in VOID:
            return
        classes = (attrs.get("class") or "").split()
        self._open.append((tag, tag in self.HIDDEN or "code" in classes))

    def handle_startendtag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):  # close up to the matching open tag
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        if data.strip() and not any(hides for _tag, hides in self._open):
            self.parts.append(data.strip())

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def translated_msgids() -> list[str]:
    """English msgids whose Chinese differs, longest first (so the report names the sentence)."""
    out = set()
    with CATALOGUE.open("rb") as f:
        catalogue = gettext.GNUTranslations(f)._catalog  # msgid → msgstr of our .mo
    for text, chinese in catalogue.items():
        if not isinstance(text, str) or not text or chinese == text:
            continue  # the header, plural forms, a msgstr left in English on purpose
        if text.isupper():
            continue  # an acronym ("API") reads the same in a Chinese sentence
        if "%(" in text or "%s" in text or "{" in text:
            # a template: look for its fixed words between the placeholders
            pieces = [p.strip() for p in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", text)]
            out.update(p for p in pieces if len(p) >= 12 and re.search("[a-z]{3}", p))
        elif re.search("[A-Za-z]{2}", text):
            out.add(text)
    return sorted(out, key=len, reverse=True)


def pattern(phrase: str) -> re.Pattern:
    """The phrase as a whole word (an English word inside a code or name is not a hit)."""
    return re.compile(r"(?<![A-Za-z_\-])" + re.escape(phrase) + r"(?![A-Za-z_\-])")


def english_found(
    text: str, phrases: dict[str, re.Pattern], allowed: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Each line of visible text holding English, with the longest phrase it holds
    (or the first lower-case English word when no phrase of the list matches)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        for phrase, regex in phrases.items():  # longest first
            if regex.search(line):
                found[line[:100]] = phrase
                break
        else:
            words = [w for w in LOWER_WORD.findall(line) if w not in allowed]
            if words:
                found[line[:100]] = words[0]
    return found


def all_phrases() -> dict[str, re.Pattern]:
    return {p: pattern(p) for p in sorted({*translated_msgids(), *ENGLISH_WORDS}, key=len)[::-1]}


def english_on(html: str, allowed: frozenset[str] = frozenset()) -> dict[str, str]:
    """The English lines of one rendered page (see the module's docstring)."""
    parser = VisibleText()
    parser.feed(html)
    return english_found(parser.text, all_phrases(), allowed)


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def walk(client, start: str = "/", broken: list[str] | None = None) -> dict[str, str]:
    """Path → visible text of every HTML page reachable from ``start`` (a few per kind);
    a page that answers with a server error is added to ``broken``."""
    seen: dict[str, str] = {}
    per_kind: Counter[str] = Counter()
    queue = [start]
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        name = url_name(urlsplit(path).path)
        if name is None or per_kind[name] >= PER_KIND:
            continue
        response = client.get(path)
        if response.status_code >= 500 and broken is not None:
            broken.append(f"{path}: {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per_kind[name] += 1
        parser = VisibleText()
        parser.feed(response.content.decode())
        seen[path] = parser.text
        for href in parser.links:
            target = urljoin(path, href)
            parts = urlsplit(target)
            if parts.netloc or parts.scheme or target.startswith(SKIP_PATHS):
                continue
            if "format=" in parts.query or "export" in parts.path or "download" in parts.path:
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.fixture
def demo_city(db, tmp_path, settings):
    """The small demo city, loaded, with its last month appraised, published and paid."""
    from wangge.core.demo import generate
    from wangge.demo.appraisal import prepare_demo as prepare_appraisal
    from wangge.demo.load import DEMO_PASSWORD, create_demo_logins, load_store
    from wangge.demo.pay import prepare_demo as prepare_pay

    store = tmp_path / "store"
    generate(store, overwrite=True, scale=0.02, months=13, end_month=date(2026, 10, 1))
    settings.STORE_DIR = store
    load_store(store)
    logins = [login.username for login in create_demo_logins()]
    prepare_appraisal([date(2026, 10, 1)], store=store)
    prepare_pay(date(2026, 10, 1))
    return {"logins": logins, "password": DEMO_PASSWORD}


def test_every_page_each_role_reaches_on_the_demo_reads_in_chinese(client, demo_city):
    phrases = all_phrases()
    allowed = frozenset(demo_city["logins"])
    where: dict[str, str] = {}  # offending line → the first page and role it was seen on
    opened: dict[str, int] = {}
    reached: set[str] = set()
    client.raise_request_exception = False  # a link to a page the role may not open is a 403
    for username in demo_city["logins"]:
        client.logout()
        assert log_in(client, username, demo_city["password"])
        broken: list[str] = []
        pages = walk(client, broken=broken)
        assert not broken, f"{username}: server errors on {broken}"
        opened[username] = len(pages)
        reached.update(pages)
        for path, text in pages.items():
            for line, phrase in english_found(text, phrases, allowed).items():
                where.setdefault(line, f"{username} {path}: {phrase!r} in {line!r}")
    # the walk really reached the pages of every role (home, appraisal, card, pay …)
    assert all(n >= 3 for n in opened.values()), opened
    assert sum(opened.values()) > 60, opened
    assert {"/audit/", "/pay/", "/appraisal/targets/"} <= set(reached), "the walk missed a page"
    assert not where, "English on pages read in Chinese:\n" + "\n".join(sorted(where.values()))


def _evidence_html(language: str) -> str:
    """The evidence table of an item page, rendered in ``language`` with one churned row."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from wangge.appraisal.evidence import HEADERS, REASONS, Cell, EvidenceTable, code_label

    with translation.override(language):
        table = EvidenceTable(
            [str(HEADERS[c]) for c in ("product_line", "status", "reason")],
            [
                [
                    Cell(code_label("product_line", "broadband")),
                    Cell(code_label("status", "disconnected")),
                    Cell(str(REASONS["active and billed"])),
                ]
            ],
        )
        return render_to_string("appraisal/_evidence_table.html", {"table": table})


def test_the_sweep_catches_english_on_a_rendered_table_and_passes_it_in_chinese():
    found = english_on(_evidence_html("en"))
    assert {"broadband", "disconnected", "active and billed", "product line"} <= set(
        found.values()
    ), found
    assert english_on(_evidence_html("zh-hans")) == {}


def test_a_code_passes_only_as_secondary_text_beside_its_name():
    assert (
        english_on('<td>有效新增（宽带） <span class="muted code">new_adds.broadband</span></td>')
        == {}
    )
    assert english_on("<td>new_adds.broadband</td>")  # the code instead of the name
    assert english_on("<p>未参评：叶文春 (岗位 marketing_department 没有考核方案)</p>")
    assert english_on("<td>Σ round_half_up(points × cents per point)</td>")
    # names, acronyms and brands are capitalised; a log-in name may be allowed
    assert english_on("<p>导出 Excel · IPTV · API</p>") == {}
    assert english_on("<p>gridmgr · 网格经理</p>", frozenset({"gridmgr"})) == {}

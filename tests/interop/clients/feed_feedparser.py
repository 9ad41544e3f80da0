"""python `feedparser` on RSS and Atom: bozo must be 0; every entry needs an
id; and "our feed check": the HTML of every summary and content, as
feedparser hands it to a reader, must have no relative URL in href/src
(parsed without a base URL, so relative ones stay visible — a reader
resolves them against the feed's own URL: images break, `#1` opens the feed).

Per file: {"path", "errors", "version", "updated", "entries": [{"id",
"link", "title", "summary", "date"}]} with dates in UTC (updated for Atom,
published for RSS, as feedparser parsed them)."""

import calendar
import html
import re
import time
from html.parser import HTMLParser
from importlib.metadata import version

import feedparser

from common import check_text, main

URL_ATTRS = {"href", "src", "poster", "cite", "action", "background", "longdesc"}
ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Urls(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRS:
                self.urls.append((tag, name, value or ""))
            elif name == "srcset" and value:
                for candidate in value.split(","):
                    parts = candidate.split()
                    if parts:
                        self.urls.append((tag, name, parts[0]))


def relative_urls(html):
    p = Urls()
    p.feed(html or "")
    p.close()
    return [(t, a, u) for t, a, u in p.urls if not ABSOLUTE.match(u.strip())]


def utc(struct):
    if struct is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(struct)))


def read_file(path):
    errors, entries = [], []
    with open(path, "rb") as f:
        data = f.read()
    d = feedparser.parse(data)
    if d.bozo:
        errors.append(f"bozo: {d.get('bozo_exception')!r}")
    is_atom = d.version.startswith("atom")
    for i, e in enumerate(d.entries):
        ident = e.get("id")
        if not ident:
            errors.append(f"entry {i + 1} has no id/guid")
        html_parts = [("summary", e.get("summary"))] + [("content", c.get("value")) for c in e.get("content", [])]
        for where, html in html_parts:
            for tag, attr, url in relative_urls(html):
                errors.append(f"entry {ident}: relative URL in {where}: <{tag} {attr}={url!r}>")
        check_text("title", e.get("title"), errors)
        entries.append(
            {
                "id": ident,
                "link": e.get("link"),
                "title": e.get("title"),
                "summary": shown_text(e.get("summary_detail")),
                "date": utc(e.get("updated_parsed") if is_atom else e.get("published_parsed")),
            }
        )
    return {
        "errors": errors,
        "version": d.version,
        "updated": utc(d.feed.get("updated_parsed")),
        "entries": entries,
    }


def shown_text(detail):
    """The summary as a reader shows it: HTML is rendered (tags dropped,
    entities decoded), plain text is shown as it is."""
    if not detail:
        return None
    value = detail.get("value")
    if value is not None and detail.get("type") in ("text/html", "application/xhtml+xml"):
        value = html.unescape(re.sub(r"<[^>]*>", "", value))
    return value


if __name__ == "__main__":
    main("feedparser", lambda: version("feedparser"), read_file)

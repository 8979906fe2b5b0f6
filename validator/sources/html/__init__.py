"""HTML pages (`.html`, `.htm`, `.shtml`, WARC responses, live URLs) -> records, with lxml.

What is read, and from where (each field has its own module, which documents its choices in full):

- the tree (`tree`): stray closing tags (a `</div>` left over by a template, which would end the body early
  in libxml2's recovery) are removed before parsing; nesting deeper than libxml2's 256 levels is read again
  with its 2,048-level limit, and a page deeper still gets an I011 note (the rest of it is not checked);
- title (`title`): the page's heading whose text is what <title>, ArticleTitle or og:title give (without the
  site and section names), else ArticleTitle without markup, og:title, <title>, the first <h1>;
- published_at (`validator.sources.dates`): every source the page offers, in this order of trust: a date
  under a publication label, a date on the line under the headline, the URL, JSON-LD, the meta tags; all of
  them kept in `evidence.dates` when there are two or more; no zone means +08:00;
- section: <meta name="ColumnName">; url (for local files): <link rel="canonical">, og:url, the "saved from
  url" comment browsers write; language (`language`): <html lang> when it is a BCP 47 tag the text's script
  agrees with, else the text's (the declaration kept in `evidence.language`);
- body (`layout`, `body`): the element holding most paragraph text (readability-style), or, for articles
  written in <div>s or <br>-separated text, the element with the most non-link text of its own; without
  scripts, styles, navigation and footer, and with the boilerplate at both ends (breadcrumbs, the metadata
  line, the disclosure table, 责任编辑, share and print buttons, related-article lists) trimmed;
- footer (`layout`, `scripts`): by structure (the outermost <footer> elements and elements whose id/class
  says foot, footer, bottom, copyright, banquan, dibu) holding a filing label or number; else by content (the
  last cluster of lines with labels of DOMAIN.md §2 and filing numbers, outside the main text, then
  anywhere); numbers written by scripts (document.write / innerHTML templates and i18n string tables: the
  script's string literals, read as HTML) are added;
- evidence: the government meta tags (SiteName, SiteDomain, SiteIDCode, ColumnName, ArticleTitle, PubDate,
  ContentSource); per filing number, every place it was found (`links`): visible text, script, link (an ICP
  link to beian.miit.gov.cn or a retired host, the recordcode=/code= of the public-security link), meta
  (SiteIDCode) or attribute (the `sitecode` of the jiucuo.js error-report script, siteCode= in URLs); the
  government marks (`marks`): organ website mark, error-report entry, contact information.

Every value read remembers its source line (lxml's `sourceline`), handed to the engine as `field_lines` so a
finding on /footer/icp points at the footer's line. Remote resources are never fetched: lxml's HTML parser
loads nothing, and scripts are read as text, never run.

Bounded (see `validator.sources.limits`): a page over PAV_MAX_PAGE_BYTES (32 MiB) is read no further than the
limit and refused, and one with more than PAV_MAX_PAGE_ELEMENTS (1,000,000) `<` is refused before parsing,
both with I011.

Speed matters (millions of pages): one parse into plain lxml.etree elements (lxml.html's element classes
cost a Python call per element), fed the page's own bytes when they are UTF-8 (GB pages are decoded with the
narrowest GB codec that reads them, which gives GB18030's text); one pass over the paragraphs for the main
element and their text, one over the other containers for the footer candidates; the main element's lines
come from its paragraphs when it holds nothing else (most articles), else from a walk; walks of the footer
candidates and the title's surroundings only (child by child, reading ids and classes only where they can
still matter); the whole body is walked only when a fallback needs it. What repeats on every page of a site
(id/class verdicts, footer lines and what is read from them, filing-link URLs, publication dates) is
memoised, with line numbers kept per page. Most of the remaining cost is in C and grows with the text:
parsing, decoding, converting paragraph text out of the tree, folding white space, hashing.

Modules, one job each: `tree` (parsing, element helpers), `head` (meta tags, canonical URL), `layout` (visible
text as lines, the main element, footer candidates), `body` (div-only articles, boilerplate trimming), `title`,
`language`, `marks`, `scripts` (script-written footers), `links` (filing links), `fields` (`read_page`: one
parsed page -> every field), `page` (the bytes -> record pipeline).
"""

from validator.sources.html.head import GOV_META
from validator.sources.html.page import (
    PageExtract,
    charset_notes,
    extract_html,
    html_item,
    page_too_large,
    read_html_file,
    read_page_bytes,
)
from validator.sources.html.tree import ParseFailed

__all__ = [
    "GOV_META",
    "PageExtract",
    "ParseFailed",
    "charset_notes",
    "extract_html",
    "html_item",
    "page_too_large",
    "read_html_file",
    "read_page_bytes",
]

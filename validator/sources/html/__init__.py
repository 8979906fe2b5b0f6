"""HTML pages (`.html`, `.htm`, `.shtml`, WARC responses, live URLs) -> records, with lxml.

What is read, and from where (trust order left to right):

- title: <meta name="ArticleTitle">, og:title, <title> (a " - SiteName" / "_SiteName" tail cut off), first <h1>;
- published_at: <meta name="PubDate">, article:published_time, else a date in the visible text (a labelled
  one such as 发布时间：2023-11-22 10:55 first, else the first full date from the title's line on); no zone
  means +08:00 (see `validator.sources.pages`);
- section: <meta name="ColumnName">; url (for local files): <link rel="canonical">, og:url, the "saved from
  url" comment browsers write; language: <html lang> ("zh_CN" read as "zh-CN"), else detected from the text;
- body: the text of the element holding most paragraph text (readability-style), without scripts, styles,
  navigation and footer; without paragraphs, the page text outside navigation and footer;
- footer: by structure (the outermost <footer> elements and elements whose id/class says foot, footer,
  bottom, copyright, banquan, dibu) holding a filing label or number; else by content (the last cluster of
  lines with labels of DOMAIN.md §2 and filing numbers, outside the main text, then anywhere); numbers written
  by scripts (document.write / innerHTML templates: the script's string literals, read as HTML) are added;
- evidence: the government meta tags (SiteName, SiteDomain, SiteIDCode, ColumnName, ArticleTitle, PubDate,
  ContentSource) and, per filing number, every place it was found: visible text, script, link (an ICP link
  to beian.miit.gov.cn or a retired host, the recordcode=/code= of the public-security link), meta
  (SiteIDCode) or attribute (the `sitecode` of the jiucuo.js error-report script, siteCode= in URLs).

Every value read remembers its source line (lxml's `sourceline`), handed to the engine as `field_lines` so a
finding on /footer/icp points at the footer's line. Remote resources are never fetched: lxml's HTML parser
loads nothing, and scripts are read as text, never run.

Bounded (see `validator.sources.limits`): a page over PAV_MAX_PAGE_BYTES (32 MiB) is read no further than the
limit and refused, and one with more than PAV_MAX_PAGE_ELEMENTS (1,000,000) `<` is refused before parsing,
both with I011; libxml2 flattens nesting deeper than 255 elements.

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
text as lines, the main element, footer candidates), `scripts` (script-written footers), `links` (filing links),
`page` (the bytes -> record pipeline and `read_page`, which reads every field).
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

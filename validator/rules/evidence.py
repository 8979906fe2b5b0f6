"""F6: what the page itself shows beyond the footer text: links, scripts, meta tags (DOMAIN.md §2, "Links as
evidence" and "Government page metadata").

These rules read `evidence`, which pav fills when it reads a page (HTML file, WARC response, live URL; a text
capture has no links or tags, so only F605/F606 can apply to it). Records without `evidence` (JSON input
written by another tool) pass them all. The footer values themselves are judged by the F1-F5 rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from validator.findings import Severity
from validator.rules.base import RecordContext, Violation, rule
from validator.rules.footer_common import quote
from validator.rules.requirements import FOOTER_CONSISTENCY, ICP_LINK, PUBLIC_SECURITY, SITE_CODE
from validator.urls import MIIT_HOSTS, PSB_HOSTS, RETIRED_MIIT_HOSTS, RETIRED_MIIT_PATH, host_and_path

if TYPE_CHECKING:
    from validator.record_view import OccurrenceView


_NUMBER_NAMES = {
    "icp": "ICP number",
    "public_security": "public security number",
    "site_code": "website identification code",
}
_SHOWN = ("text", "script")
# Every rule here reads `evidence` only (with the footer): records without it are not even offered to them.
_EVIDENCE = ("evidence",)
_CARRIED = ("link", "meta", "attribute")


def _found(ctx: RecordContext, field: str) -> list[OccurrenceView]:
    evidence = ctx.record.evidence
    if evidence is None or evidence.found is None:
        return []
    items: list[OccurrenceView] | None = getattr(evidence.found, field)
    return items or []


def _is_html(ctx: RecordContext) -> bool:
    evidence = ctx.record.evidence
    return evidence is not None and evidence.format == "html"


def _pointer(field: str, index: int) -> str:
    return f"/evidence/found/{field}/{index}"


def _is_retired(href: str) -> bool:
    host, path = host_and_path(href)
    return host in RETIRED_MIIT_HOSTS or path.startswith(RETIRED_MIIT_PATH)


@rule(
    "F601",
    "icp-not-linked",
    Severity.WARNING,
    "The ICP number links to the MIIT filing system",
    requires=_EVIDENCE,
    requirement=ICP_LINK,
)
def icp_not_linked(ctx: RecordContext) -> Iterator[Violation]:
    """The footer shows an ICP number but it is not a link to the MIIT filing system (https://beian.miit.gov.cn/),
    or it links somewhere else. MII Order 33 (2005) Art. 13 asks for the number at the bottom of the home page,
    linked to the filing system; sites show it on every page. A link to a retired address is F602, not this.

    Checked on records made from HTML pages (evidence.format "html"), where links are visible.

    Passing: <a href="https://beian.miit.gov.cn/">蜀ICP备13001288号</a>
    Failing: 蜀ICP备13001288号 as plain text -> F601 at /footer/icp;
             <a href="https://www.example.com/">蜀ICP备13001288号</a> -> F601 at that link
    """
    number = ctx.parsed_footer.icp
    if number is None or not _is_html(ctx):
        return
    links = [(i, item) for i, item in enumerate(_found(ctx, "icp")) if item.found_in == "link" and item.href]
    good = [
        item
        for _, item in links
        if host_and_path(item.href or "")[0] in MIIT_HOSTS and not _is_retired(item.href or "")
    ]
    if good or any(_is_retired(item.href or "") for _, item in links):
        return
    if not links:
        yield Violation(
            f"ICP number {quote(number.text)} is shown but not linked to the MIIT filing system "
            "(https://beian.miit.gov.cn/)",
            "/footer/icp" if number.found_in == "field" else "/footer/raw",
        )
        return
    index, item = links[0]
    yield Violation(
        f"ICP number {quote(number.text)} links to {quote(item.href or '')}, not to the MIIT filing system "
        "(https://beian.miit.gov.cn/)",
        _pointer("icp", index),
    )


@rule(
    "F602",
    "icp-link-retired-host",
    Severity.WARNING,
    "The ICP link does not point to a retired address",
    requires=_EVIDENCE,
    requirement=ICP_LINK,
)
def icp_link_retired_host(ctx: RecordContext) -> Iterator[Violation]:
    """The ICP number links to an address of the MIIT filing system that is no longer in service: the hosts
    www.miibeian.gov.cn, miibeian.gov.cn, www.miitbeian.gov.cn, miitbeian.gov.cn and www.beian.miit.gov.cn, or
    the old portal page …/state/outPortal/loginPortal.action. Visitors who follow it cannot check the filing.
    Link to https://beian.miit.gov.cn/ instead.

    Passing: <a href="https://beian.miit.gov.cn/">蜀ICP备13001288号</a>
    Failing: <a href="http://www.miibeian.gov.cn/">蜀ICP备13001288号</a> -> F602 at that link
    """
    for index, item in enumerate(_found(ctx, "icp")):
        if item.found_in == "link" and item.href and _is_retired(item.href):
            yield Violation(
                f"the ICP link points to {quote(item.href)}, a retired address of the MIIT filing system; "
                "link to https://beian.miit.gov.cn/",
                _pointer("icp", index),
            )


@rule(
    "F603",
    "public-security-link-mismatch",
    Severity.WARNING,
    "The public security link carries the number shown",
    requires=_EVIDENCE,
    requirement=PUBLIC_SECURITY,
)
def public_security_link_mismatch(ctx: RecordContext) -> Iterator[Violation]:
    """The public security filing link (www.beian.gov.cn/portal/registerSystemInfo?recordcode=DIGITS or
    beian.mps.gov.cn/#/query/webSearch?code=DIGITS) carries other digits than the number the footer shows: one
    of the two is wrong, and a visitor checking the filing sees another site's record. Spaces inside the
    link's digits (seen in the wild) are ignored.

    Passing: 川公网安备51010402000507号 linking to …registerSystemInfo?recordcode=51010402000507
    Failing: the same text linking to …?recordcode=51010402000508 -> F603 at that link
    """
    number = ctx.parsed_footer.public_security
    if number is None or not number.digits.isdigit():
        return
    for index, item in enumerate(_found(ctx, "public_security")):
        if item.found_in != "link" or not item.value:
            continue
        digits = "".join(ch for ch in item.value if ch.isdigit())
        if digits and digits != number.digits:
            yield Violation(
                f"the public security link carries {digits}, but the footer shows {number.digits} "
                f"({quote(item.href or '')})",
                _pointer("public_security", index),
            )


@rule(
    "F604",
    "site-code-copy-mismatch",
    Severity.WARNING,
    "Machine-readable copies of the site code match the shown one",
    requires=_EVIDENCE,
    requirement=SITE_CODE,
)
def site_code_copy_mismatch(ctx: RecordContext) -> Iterator[Violation]:
    """A machine-readable copy of the website identification code differs from the code the footer shows:
    the SiteIDCode meta tag, the `sitecode` attribute of the error-report script (jiucuo.js), or siteCode= in
    a site-search or error-report URL. Government web-page management systems read these copies, so a stale
    one files the page under another site. Compared without regard to case (bm/BM).

    When the footer shows no code, the copies are compared with each other: a jiucuo.js `sitecode` that differs
    from the SiteIDCode meta tag files the page's error reports under another site.

    Passing: <meta name="SiteIDCode" content="5100000062"> and 网站标识码：5100000062
    Failing: <meta name="SiteIDCode" content="5100000063"> with 网站标识码：5100000062 -> F604 at the meta copy;
             no code shown, SiteIDCode 5100000062 and jiucuo.js sitecode="5100000063" -> F604 at the sitecode
    """
    code = ctx.parsed_footer.site_code
    if code is None or not code.value:
        # No code shown: the copies must at least agree with each other (the first is the reference).
        copies = [(i, item) for i, item in enumerate(_found(ctx, "site_code")) if item.found_in in _CARRIED]
        copies = [(i, item) for i, item in copies if item.value and item.value.strip()]
        if copies:
            first = copies[0][1]
            for index, item in copies[1:]:
                if (item.value or "").strip().lower() != (first.value or "").strip().lower():
                    yield Violation(
                        f"{_where(item)} says {(item.value or '').strip()!r}, but {_where(first)} says "
                        f"{(first.value or '').strip()!r}",
                        _pointer("site_code", index),
                    )
        return
    shown = code.value.lower()
    for index, item in enumerate(_found(ctx, "site_code")):
        if item.found_in not in _CARRIED or not item.value:
            continue
        if item.value.strip().lower() != shown:
            yield Violation(
                f"{_where(item)} says {item.value.strip()!r}, but the footer shows site code {code.value!r}",
                _pointer("site_code", index),
            )


def _where(item: OccurrenceView) -> str:
    return "the SiteIDCode meta tag" if item.found_in == "meta" else f"the {item.text or 'attribute'}"


@rule(
    "F605",
    "footer-numbers-only-in-script",
    Severity.INFO,
    "Filing numbers are in the page, not only written by scripts",
    requires=_EVIDENCE,
    requirement=FOOTER_CONSISTENCY,
)
def footer_numbers_only_in_script(ctx: RecordContext) -> Iterator[Violation]:
    """A filing number exists only inside a <script> that writes it into the page (document.write, innerHTML).
    Browsers show it, but crawlers, archives and screen readers that do not run scripts do not, and an
    archived copy may lose it. Informational: pav reads the number from the script and checks it as usual.

    Passing: <p>蜀ICP备13001288号</p>
    Failing: <script>document.write('蜀ICP备13001288号')</script> and no such text in the HTML -> F605
    """
    for field, name in _NUMBER_NAMES.items():
        items = _found(ctx, field)
        places = {item.found_in for item in items}
        if "script" in places and "text" not in places:
            shown = next(item for item in items if item.found_in == "script")
            text = quote(shown.text or shown.value or "")
            yield Violation(
                f"the {name} {text} is only written by a script, not in the page's HTML", f"/footer/{field}"
            )


@rule(
    "F606",
    "filing-number-not-shown",
    Severity.INFO,
    "A filing number the page carries is also shown",
    requires=_EVIDENCE,
    requirement=FOOTER_CONSISTENCY,
)
def filing_number_not_shown(ctx: RecordContext) -> Iterator[Violation]:
    """The page carries a filing number only where visitors do not read it: in a link target (the public
    security badge linking to recordcode=…, with no number in the text), a meta tag (SiteIDCode) or an
    attribute (jiucuo.js `sitecode`). The footer rules then report the number as missing (F101, F201, F301);
    this finding says where it is, so the fix is to show it as text.

    Passing: 网站标识码：5100000062 shown in the footer, and <meta name="SiteIDCode" content="5100000062">
    Failing: only <meta name="SiteIDCode" content="5100000062"> -> F606 at that meta copy
    """
    for field, name in _NUMBER_NAMES.items():
        if getattr(ctx.parsed_footer, field) is not None:
            continue
        items = _found(ctx, field)
        if any(item.found_in in _SHOWN for item in items):
            continue
        carried = next(((i, item) for i, item in enumerate(items) if item.found_in in _CARRIED and item.value), None)
        if carried is None:
            continue
        index, item = carried
        where = {"link": "a link target", "meta": "a meta tag", "attribute": "an attribute"}[item.found_in or "link"]
        yield Violation(
            f"the page shows no {name}, but {where} carries {item.value!r}: show it in the footer",
            _pointer(field, index),
        )


@rule(
    "F607",
    "public-security-not-linked",
    Severity.INFO,
    "The public security number links to the national filing system",
    requires=_EVIDENCE,
    requirement=PUBLIC_SECURITY,
)
def public_security_not_linked(ctx: RecordContext) -> Iterator[Violation]:
    """The footer shows a public security filing number that does not link to the national filing system
    (www.beian.gov.cn or beian.mps.gov.cn), where visitors can check it. The filing system issues the badge and
    link for this purpose; most sites show both. Informational. Checked on records made from HTML pages.

    Passing: <a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=51010402000507">川公网安备51010402000507号</a>
    Failing: 川公网安备51010402000507号 as plain text -> F607 at /footer/public_security
    """
    number = ctx.parsed_footer.public_security
    if number is None or not _is_html(ctx):
        return
    for item in _found(ctx, "public_security"):
        if item.found_in == "link" and host_and_path(item.href or "")[0] in PSB_HOSTS:
            return
    yield Violation(
        f"public security number {quote(number.text)} is not linked to the national filing system "
        "(www.beian.gov.cn or beian.mps.gov.cn)",
        "/footer/public_security" if number.found_in == "field" else "/footer/raw",
    )

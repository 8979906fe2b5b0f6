"""Parse the government website identification code (网站标识码) out of footer text.

Shapes observed on real sites (no published regex exists): regional `^[1-8]\\d{9}$` whose first two digits
are the province code (5100000062 Sichuan), and State Council departments `bm\\d{8}` (bm01000001 = gov.cn).
The value is read after a label (网站标识码, 网站标识号, 政府网站标识码, "Website Identification Code"), with
or without a colon and even glued to it ("网站标识码bm01000001"); a field holding only the code is read too.
"""

from __future__ import annotations

import re

from validator.footer.normalize import NUMBER_TOKEN, join_number_groups, lower_aligned, normalize
from validator.footer.values import FoundIn, SiteCode
from validator.provinces import by_code

__all__ = ["classify_site_code", "parse_site_code", "parse_site_code_normalized"]

_CODE_LENGTH = 10

# The first group may carry the "bm" department prefix; later groups are digits only and are joined only up
# to 10 characters, so a glued neighbour ("5100000062 13001288") stays out of the code.
_VALUE = rf"(?P<digits>(?:bm)?{NUMBER_TOKEN}(?: [0-9]+(?![0-9A-Za-z*?#]))*)"
# Matched against the lowercase copy of the text (see icp.py). 政府网站标识码 and "Government Website
# Identification Code" are found by their common tail.
_LABEL = r"网站(?:标识|识别)[码号]|(?:website|site) (?:identification|identity|id) code|siteidcode"
# The value is a run of digits (or bm + digits) and stops at the first other character, so the ICP or
# public-security number glued after it ("bm01000001 京ICP备…", "5100000062 Sichuan ICP No.") stays out.
_SITE = re.compile(rf"(?:{_LABEL}) ?:? ?{_VALUE}")
_SITE_BARE = re.compile(_VALUE)

_REGIONAL = re.compile(r"[1-8][0-9]{9}")
_DEPARTMENT = re.compile(r"[Bb][Mm][0-9]{8}")


def parse_site_code(text: str, found_in: FoundIn = "field") -> SiteCode | None:
    """The website identification code in `text`, or None when no labelled (or bare) code is there."""
    return parse_site_code_normalized(normalize(text), found_in)


def parse_site_code_normalized(text: str, found_in: FoundIn = "field", *, allow_bare: bool = True) -> SiteCode | None:
    """`parse_site_code` on text that `normalize` has already produced; see `parse_icp_normalized`."""
    low = lower_aligned(text)
    m = _SITE.search(low) if "网站标识" in low or "网站识别" in low or "code" in low else None
    if m is not None:
        whole = False
    else:
        m = _SITE_BARE.fullmatch(low) if allow_bare else None
        if m is None:
            return None
        whole = True  # the text is nothing but the code: "5100 0000 62"
    d_start, d_end = m.span("digits")
    value, consumed = join_number_groups(text[d_start:d_end], _CODE_LENGTH, whole=whole)
    return classify_site_code(value, text[m.start() : d_start + consumed], found_in)


def classify_site_code(value: str, text: str = "", found_in: FoundIn = "field") -> SiteCode:
    """A `SiteCode` for a code value taken as shown (e.g. from `<meta name="SiteIDCode">`)."""
    if _REGIONAL.fullmatch(value):
        return SiteCode(text or value, value, "regional", by_code(value[:2]), found_in)
    if _DEPARTMENT.fullmatch(value):
        return SiteCode(text or value, value, "department", None, found_in)
    return SiteCode(text or value, value, "unknown", None, found_in)

"""F7: what a government page's footer must show besides its numbers and units.

国办发〔2017〕47号 (政府网站发展指引, the State Council General Office's guideline for government websites)
lists the footer of every page of a government site: the Party and government organ website mark, the unit
in charge, contact information, the site identification code, the ICP number, the public security filing
mark, and the "我为政府网站找错" error-report entry. F1-F4 check the numbers and the unit; these rules check
the other three. They read `evidence.marks`, which pav fills when it reads a page: records without evidence
(JSON written by another tool) pass them, and the two marks that are images or scripts are judged on HTML
pages only (a text capture cannot show them).
"""

from __future__ import annotations

from collections.abc import Iterator

from validator.findings import Severity
from validator.i18n import _
from validator.rules.base import RecordContext, Violation, rule
from validator.rules.footer_common import GOV
from validator.rules.requirements import CONTACT, ERROR_REPORT, ORGAN_MARK

_EVIDENCE = ("evidence",)


def _has_mark(ctx: RecordContext, name: str) -> bool | None:
    """Whether the page shows the mark; None when pav cannot tell (no evidence, or not an HTML page for the
    marks only HTML can show)."""
    evidence = ctx.record.evidence
    if evidence is None:
        return None
    if name != "contact" and evidence.format != "html":
        return None
    marks = evidence.marks
    return marks is not None and bool(getattr(marks, name))


@rule(
    "F701",
    "organ-mark-missing",
    Severity.WARNING,
    "A government page shows the Party and government organ website mark",
    profiles=GOV,
    requires=_EVIDENCE,
    requirement=ORGAN_MARK,
)
def organ_mark_missing(ctx: RecordContext) -> Iterator[Violation]:
    """The page does not show the Party and government organ website mark (党政机关网站标识), the red badge the
    organisation-establishment authority issues to every Party and government site, at the bottom of every
    page (国办发〔2017〕47号). It is written by a script from dcs.conac.cn into `<span id="_ideConac">`, or shown
    as an image linking to bszs.conac.cn; pav looks for any of these (in the HTML and in its scripts). A mark
    loaded only by an external script that pav does not fetch cannot be seen, hence a warning.

    Passing: <span id="_ideConac"></span><script src="https://dcs.conac.cn/js/23/000/0000/60429971/CA23.js"></script>
    Failing: a government page without any conac.cn script, link, image or _ideConac span -> F701 at /footer
    """
    if _has_mark(ctx, "organ_mark") is False:
        yield Violation(
            _(
                "the page shows no Party and government organ website mark (党政机关网站标识: the dcs.conac.cn script "
                "or a bszs.conac.cn badge)"
            ),
            "/footer",
        )


@rule(
    "F702",
    "error-report-missing",
    Severity.WARNING,
    "A government page offers the error-report entry",
    profiles=GOV,
    requires=_EVIDENCE,
    requirement=ERROR_REPORT,
)
def error_report_missing(ctx: RecordContext) -> Iterator[Violation]:
    """The page offers no "我为政府网站找错" error-report entry: the jiucuo.js script of the national government
    web-site error-report service (zfwzgl.www.gov.cn/exposure/jiucuo.js, with the site's `sitecode`), a link to
    that service, the button the script writes (onclick="Link('<site code>')"), or a 纠错 link of the site's own.
    国办发〔2017〕47号 asks every page of a government site for it.

    Passing: <script id="_jiucuo_" sitecode="5100000062" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>
    Failing: a government page without any of these -> F702 at /footer
    """
    if _has_mark(ctx, "error_report") is False:
        yield Violation(
            _(
                "the page offers no error-report entry (我为政府网站找错: the jiucuo.js script or a link to the "
                "error-report service)"
            ),
            "/footer",
        )


@rule(
    "F703",
    "contact-missing",
    Severity.WARNING,
    "A government page shows contact information",
    profiles=GOV,
    requires=_EVIDENCE,
    requirement=CONTACT,
)
def contact_missing(ctx: RecordContext) -> Iterator[Violation]:
    """The page shows no contact information: no 联系我们 / 联系方式 / Contact Us link, and no telephone number,
    e-mail or postal address in its footer. 国办发〔2017〕47号 lists contact information among what the footer
    of every government page shows.

    Passing: 联系我们 | 地址：成都市督院街30号 | 电话：028-86601425
    Failing: a government page whose footer shows none of these -> F703 at /footer
    """
    if _has_mark(ctx, "contact") is False:
        yield Violation(
            _("the page shows no contact information (联系我们, a telephone number, an e-mail or a postal address)"),
            "/footer",
        )

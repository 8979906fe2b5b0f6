"""The footer's fields, declared once.

Every list of footer fields in pav comes from `FIELDS`: the pydantic `Footer` model (validator/record.py), the
record view the rules read (validator/record_view.py), the footer texts the parser and the engine key on
(`validator.footer.footer_texts`), the page readers' unit fields, and the compliance.xml writer. The record
contract (schemas/news-page-record.schema.json) and the compliance schema (schemas/pav-compliance.xsd) are
documents of their own; tests/test_footer_fields.py holds both to this table. Adding a footer field means a
row here, the schema's property, its parser and rule, and their tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["FIELDS", "FIELD_NAMES", "UNIT_FIELDS", "FooterField"]

Kind = Literal["unit", "number", "text"]


@dataclass(frozen=True, slots=True)
class FooterField:
    """One footer field: its name in the record, its title and description (the schema's), and its kind
    (a responsible unit's name, a filing number, or the raw text)."""

    name: str
    title: str
    description: str
    kind: Kind


FIELDS: tuple[FooterField, ...] = (
    FooterField(
        "unit_in_charge",
        "Unit in charge",
        "主办单位 / Unit in Charge, Sponsored by, Hosted by: the body responsible for the site.",
        "unit",
    ),
    FooterField("organizer", "Organizer", "承办单位 / Organizer, Organized by, Undertaken by.", "unit"),
    FooterField(
        "operator",
        "Operator",
        "运行维护单位, 运维单位 / Website Operation and Maintenance, Operated by, Maintained by.",
        "unit",
    ),
    FooterField(
        "copyright_holder",
        "Copyright holder",
        "版权所有 / Copyright ©: the holder of the site's copyright, often another body than the unit in charge"
        " (never taken for it).",
        "unit",
    ),
    FooterField(
        "tech_support",
        "Technical support",
        "技术支持 / Technical Support: usually the vendor that built or hosts the site (never taken for the"
        " operator or the unit in charge).",
        "unit",
    ),
    FooterField(
        "site_code", "Website identification code", "网站标识码 / Website Identification Code, as shown.", "number"
    ),
    FooterField(
        "icp",
        "ICP filing or licence number",
        "ICP备案号 or ICP证, as shown, e.g. 蜀ICP备13001288号 or Sichuan ICP No. 13001288.",
        "number",
    ),
    FooterField(
        "public_security",
        "Public security filing number",
        "公安机关备案号 as shown, e.g. 川公网安备51010402000507号.",
        "number",
    ),
    FooterField("raw", "Raw footer text", "The whole footer text as extracted from the page.", "text"),
)

FIELD_NAMES: tuple[str, ...] = tuple(entry.name for entry in FIELDS)
UNIT_FIELDS: tuple[str, ...] = tuple(entry.name for entry in FIELDS if entry.kind == "unit")

"""The footer parsing layer: pure functions from footer text to typed values (no I/O, no rules).

`parse_footer` reads each field from its own text and, when the record leaves a field out, looks for it in
the whole raw footer (marking numbers `found_in="raw"`). The rules decide what is wrong with the values.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from validator.footer.fields import FIELD_NAMES
from validator.footer.icp import parse_icp, parse_icp_normalized
from validator.footer.language import label_language, label_language_normalized
from validator.footer.normalize import normalize, squeeze_number_spaces
from validator.footer.public_security import parse_public_security, parse_public_security_normalized
from validator.footer.site_code import classify_site_code, parse_site_code, parse_site_code_normalized
from validator.footer.units import (
    ROLES,
    Role,
    find_unit,
    find_units,
    is_placeholder_unit,
    looks_like_government_body,
    parse_unit,
)
from validator.footer.values import FoundIn, IcpNumber, Language, ParsedFooter, PublicSecurityNumber, SiteCode

if TYPE_CHECKING:
    from validator.record import Footer

__all__ = [
    "EMPTY_FOOTER",
    "FOOTER_FIELDS",
    "FooterTexts",
    "FoundIn",
    "IcpNumber",
    "Language",
    "ParsedFooter",
    "PublicSecurityNumber",
    "SiteCode",
    "classify_site_code",
    "find_unit",
    "find_units",
    "footer_text",
    "footer_texts",
    "is_placeholder_unit",
    "label_language",
    "looks_like_government_body",
    "normalize",
    "parse_footer",
    "parse_footer_texts",
    "parse_icp",
    "parse_public_security",
    "parse_site_code",
    "parse_unit",
    "squeeze_number_spaces",
]

EMPTY_FOOTER = ParsedFooter(None, None, None, None, None, None, None, None, None)

# The footer fields of the record contract, in the order of `FooterTexts` (declared in validator/footer/fields.py).
FOOTER_FIELDS = FIELD_NAMES
FooterTexts = tuple[str | None, ...]
_INDEX = {name: index for index, name in enumerate(FOOTER_FIELDS)}
_RAW = _INDEX["raw"]
_UNITS: tuple[tuple[Role, int], ...] = tuple((role, _INDEX[role]) for role in ROLES)


def footer_texts(value: object) -> FooterTexts | None:
    """The footer texts of a record's raw `footer` value, as the lenient `Footer` model projects them (a
    non-text field is absent; not an object: no footer), in `FOOTER_FIELDS` order. Cheap and hashable: the
    engine keys per-footer work on it, and a record's footer is parsed from it without building the model."""
    if not isinstance(value, dict):
        return None
    get = value.get
    return tuple([text if isinstance(text := get(name), str) else None for name in FOOTER_FIELDS])


def footer_text(texts: FooterTexts | None, name: str) -> str | None:
    """One field's text from `footer_texts`' projection."""
    return texts[_INDEX[name]] if texts is not None else None


def parse_footer_texts(texts: FooterTexts | None) -> ParsedFooter:
    """`parse_footer` on the projection `footer_texts` made (memoised on the texts)."""
    return EMPTY_FOOTER if texts is None else _parse_fields(texts)


def parse_footer(footer: Footer | None) -> ParsedFooter:
    """Parse every field of a record's footer (cached: every page of a site shows the same footer).

    A field with text is parsed from that text only (if nothing can be read there the value is None, and
    the rule reports the unreadable text). A field that is absent or blank is looked for in `footer.raw`
    with the same parser, and numbers found there carry `found_in="raw"`. `label_language` is judged on
    all the footer's texts together.
    """
    if footer is None:
        return EMPTY_FOOTER
    return _parse_fields(tuple(getattr(footer, name) for name in FOOTER_FIELDS))


# A batch holds thousands of pages per site and each site has one footer, so parsing is memoised on the
# field texts. The values are frozen dataclasses, safe to share between records.
@functools.lru_cache(maxsize=2048)
def _parse_fields(texts: FooterTexts) -> ParsedFooter:
    shown = texts.__getitem__
    raw_text = shown(_RAW)
    raw = raw_text if raw_text and raw_text.strip() else None
    raw_norm = normalize(raw) if raw is not None else ""

    icp_text = _text(shown(_INDEX["icp"]))
    if icp_text is not None:
        icp = parse_icp_normalized(icp_text)
    else:
        icp = parse_icp_normalized(raw_norm, "raw", allow_bare=False) if raw_norm else None

    psb_text = _text(shown(_INDEX["public_security"]))
    if psb_text is not None:
        psb = parse_public_security_normalized(psb_text)
    else:
        psb = parse_public_security_normalized(raw_norm, "raw", allow_bare=False) if raw_norm else None

    site_text = _text(shown(_INDEX["site_code"]))
    if site_text is not None:
        site = parse_site_code_normalized(site_text)
    else:
        site = parse_site_code_normalized(raw_norm, "raw", allow_bare=False) if raw_norm else None

    units = _units(texts, raw)
    # Normalised pieces joined with a space: the same text normalize() would make of them joined.
    pieces = [t for t in (icp_text, psb_text, site_text, raw_norm) if t]
    pieces += [normalize(u) for _, index in _UNITS if (u := shown(index))]
    return ParsedFooter(
        icp=icp,
        public_security=psb,
        site_code=site,
        unit_in_charge=units["unit_in_charge"],
        organizer=units["organizer"],
        operator=units["operator"],
        copyright_holder=units["copyright_holder"],
        tech_support=units["tech_support"],
        label_language=label_language_normalized(" ".join(pieces)) if pieces else None,
    )


def _text(value: str | None) -> str | None:
    # Normalised field text, or None when the field is absent or blank (then the raw footer is searched).
    if value is None:
        return None
    norm = normalize(value)
    return norm or None


def _units(texts: FooterTexts, raw: str | None) -> dict[Role, str | None]:
    # Each role from its own field; the raw footer is read (once, for all roles) only if a field is blank.
    from_raw: dict[Role, str | None] | None = None
    units: dict[Role, str | None] = {}
    for role, index in _UNITS:
        text = _text(texts[index])
        if text is not None:
            units[role] = parse_unit(text)
            continue
        if from_raw is None:
            from_raw = find_units(raw) if raw is not None else {}
        units[role] = from_raw.get(role)
    return units

"""The footer's fields are declared once (validator/footer/fields.py); every list of them in pav follows it, and
the two schemas that document them (the record contract and the compliance XSD) are held to it here."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from lxml import etree

from tests.conftest import REPO
from validator.footer import FOOTER_FIELDS, footer_text, footer_texts, parse_footer, parse_footer_texts
from validator.footer.fields import FIELD_NAMES, FIELDS, UNIT_FIELDS
from validator.footer.values import ParsedFooter
from validator.record import Footer
from validator.record_view import FooterView, RecordView

XS = "{http://www.w3.org/2001/XMLSchema}"


def test_the_record_contract_lists_exactly_the_declared_fields_with_their_titles_and_descriptions() -> None:
    schema = json.loads((REPO / "schemas" / "news-page-record.schema.json").read_text(encoding="utf-8"))
    properties = schema["properties"]["footer"]["properties"]
    assert list(properties) == list(FIELD_NAMES)
    for entry in FIELDS:
        assert properties[entry.name]["title"] == entry.title
        assert properties[entry.name]["description"] == entry.description
        assert properties[entry.name]["type"] == ["string", "null"]


def test_the_compliance_schema_names_every_field_and_every_parsed_unit() -> None:
    xsd = etree.parse(str(REPO / "schemas" / "pav-compliance.xsd"))
    enum = xsd.find(f"{XS}simpleType[@name='FooterField']")
    assert enum is not None
    assert [e.get("value") for e in enum.iter(f"{XS}enumeration")] == list(FIELD_NAMES)
    parsed = next(e for e in xsd.iter(f"{XS}element") if e.get("name") == "parsed")
    names = [e.get("name") for e in parsed.iter(f"{XS}element")][1:]
    assert names == [
        "icp",
        "publicSecurity",
        "siteCode",
        "unitInCharge",
        "organizer",
        "operator",
        "copyrightHolder",
        "techSupport",
        "labelLanguage",
    ]


def test_model_view_projection_and_parsed_footer_follow_the_declaration() -> None:
    assert list(Footer.model_fields) == list(FIELD_NAMES)
    assert [f.name for f in dataclasses.fields(FooterView)] == list(FIELD_NAMES)
    assert FOOTER_FIELDS == FIELD_NAMES
    parsed_units = [f.name for f in dataclasses.fields(ParsedFooter) if f.name in UNIT_FIELDS]
    assert parsed_units == list(UNIT_FIELDS)
    assert UNIT_FIELDS == ("unit_in_charge", "organizer", "operator", "copyright_holder", "tech_support")
    # the units parser's role type names exactly these fields, in this order
    from typing import get_args

    from validator.footer.units import ROLES, Role

    assert get_args(Role) == UNIT_FIELDS == ROLES


def test_new_fields_travel_from_the_record_to_the_parsed_footer() -> None:
    data = {"copyright_holder": "版权所有：人民日报社", "tech_support": "技术支持：人民网", "icp": 5}
    texts = footer_texts(data)
    assert footer_text(texts, "copyright_holder") == "版权所有：人民日报社"
    assert footer_text(texts, "icp") is None  # not text: absent, as the lenient model reads it
    parsed = parse_footer_texts(texts)
    assert (parsed.copyright_holder, parsed.tech_support) == ("人民日报社", "人民网")
    assert parsed.unit_in_charge is None  # the copyright holder is never taken for the unit in charge
    model = Footer.model_validate(data)
    assert model.tech_support == "技术支持：人民网"
    assert parse_footer(model) == parsed
    view = RecordView({"footer": data}).footer
    assert view is not None and view.copyright_holder == "版权所有：人民日报社"


def test_units_found_in_the_raw_footer_fill_the_new_fields() -> None:
    parsed = parse_footer_texts(
        footer_texts({"raw": "主办：某某市人民政府\n版权所有 © 某某日报社 技术支持：某某科技有限公司"})
    )
    assert parsed.unit_in_charge == "某某市人民政府"
    assert parsed.copyright_holder == "某某日报社"
    assert parsed.tech_support == "某某科技有限公司"
    assert parsed.operator is None


def test_compliance_xml_carries_the_new_fields_shown_and_parsed(tmp_path: Path) -> None:
    from validator.cli import main
    from validator.package import layout

    record = json.loads((REPO / "samples" / "records" / "sichuan-expo-zh.json").read_text(encoding="utf-8"))
    record["footer"]["copyright_holder"] = "版权所有：四川省人民政府办公厅"
    record["footer"]["tech_support"] = "技术支持：四川省大数据中心"
    source = tmp_path / "rec.json"
    source.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["package", str(source), "--out", str(out)]) == 0
    (package,) = [p for p in out.iterdir() if p.is_dir()]
    tree = etree.parse(str(package / "data" / layout.COMPLIANCE_FILE))
    xsd = etree.XMLSchema(etree.parse(str(REPO / "schemas" / "pav-compliance.xsd")))
    assert xsd.validate(tree), xsd.error_log
    ns = {"c": tree.getroot().nsmap[None]}
    shown = {f.get("name"): f.text for f in tree.iterfind("c:footer/c:shown/c:field", ns)}
    assert shown["copyright_holder"] == "版权所有：四川省人民政府办公厅"
    assert tree.findtext("c:footer/c:parsed/c:copyrightHolder", namespaces=ns) == "四川省人民政府办公厅"
    assert tree.findtext("c:footer/c:parsed/c:techSupport", namespaces=ns) == "四川省大数据中心"

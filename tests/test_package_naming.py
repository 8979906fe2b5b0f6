"""Package and file names derived from records: safe for every file system, deterministic, collision-free."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from validator.package import naming
from validator.package.bagit_files import bag_info
from validator.package.xmltext import XmlText, is_xml_text

FORBIDDEN = set('/\\:*?"<>|%\x00')


@given(st.text(max_size=400))
def test_any_text_becomes_a_safe_bounded_name(raw: str) -> None:
    name = naming.derived_name(raw)
    assert name and name not in (".", "..")
    assert not (set(name) & FORBIDDEN)
    assert not name.startswith((".", "-", "~"))
    assert len(name.encode("utf-8")) <= naming.MAX_NAME_BYTES + 9
    assert unicodedata.normalize("NFC", name) == name
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp", "Zs") for c in name)
    assert naming.derived_name(raw) == name  # deterministic


@given(st.text(min_size=1, max_size=50), st.text(min_size=1, max_size=50))
def test_different_ids_get_different_names(first: str, second: str) -> None:
    # A kept id never contains '~'; a changed one carries a digest of the raw text: distinct ids, distinct names.
    if first != second:
        assert naming.derived_name(first) != naming.derived_name(second)


def test_examples() -> None:
    assert naming.derived_name("sc-gov-zh-1") == "sc-gov-zh-1"  # a clean id is kept as it is
    assert naming.derived_name("../../etc/passwd").startswith("etc_passwd~")
    assert naming.derived_name("..").startswith("record~")
    assert naming.derived_name("CON").startswith("_CON~")
    assert naming.derived_name("a\x00b").startswith("a_b~")
    long = naming.derived_name("页" * 5000)
    assert long.startswith("页" * 40 + "~") and len(long.encode()) == 120 + 9
    assert naming.safe_component("ｆｕｌｌ－ｗｉｄｔｈ") == "full-width"  # NFKC


def test_representation_file_names() -> None:
    name = naming.representation_file_name
    assert name("pages/绵阳科博会.html", None, ".html") == "绵阳科博会.html"
    assert name("records/batch.jsonl", 5, ".json") == "batch-5.json"
    assert name("records/a.json", None, ".json") == "a.json"
    assert name("records/array.json", None, ".json") == "array.json"
    assert name("-", 3, ".json") == "stdin-3.json"
    assert name("crawl/site.warc.gz", 1024, ".warc") == "site-1024.warc"
    assert name("../x/../.hidden", None, ".txt") == "hidden.txt"
    assert name("noext", None, ".html") == "noext.html"


def test_package_names_resolve_collisions_by_identity() -> None:
    identities = {"ABC": "urn:uuid:1"}
    names = naming.PackageNames(["ABC", "batch-report.json"], identities.get)
    assert names.resolve("ABC", "urn:uuid:1") == ("ABC", True)  # the same package: already there
    other, present = names.resolve("abc", "urn:uuid:2")  # another package, same name but for case
    assert not present and other.startswith("abc~") and len(other) == 3 + 1 + 8
    names.claim(other, "urn:uuid:2")
    assert names.resolve("abc", "urn:uuid:2") == (other, True)
    third, _ = names.resolve("ABC", "urn:uuid:3")
    assert third not in ("ABC", other)
    names.release(other)
    assert names.resolve("abc", "urn:uuid:2") == (other, False)


def test_xml_text_replaces_what_xml_cannot_hold_and_remembers() -> None:
    text = XmlText()
    assert text("普通文本\t\n", "/title") == "普通文本\t\n"
    assert text("a\x00b\ud800c\ufffed\U0001f600", "/title") == "a\ufffdb\ufffdc\ufffdd\U0001f600"
    assert text("x\x00", "/title") == "x\ufffd"  # recorded once per field
    (repair,) = text.repairs
    assert (repair.field, repair.code_points, repair.count) == ("/title", ("U+0000", "U+D800", "U+FFFE"), 3)
    assert is_xml_text(text("\x1f", "/x")) and not is_xml_text("\x1f")


def test_bag_info_values_stay_on_one_line() -> None:
    info = bag_info([("Source-Organization", "四川省\n人民政府\r办公厅\x00"), ("Empty", "  "), ("None", None)])
    assert info.decode() == "Source-Organization: 四川省 人民政府 办公厅\ufffd\n"

"""Text captures (.txt) -> records: the seed page gives the expected record, field by field, with lines."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.conftest import REFERENCE, SAMPLES
from tests.test_html_extract import seed_expected
from validator.engine import Engine
from validator.findings import Finding
from validator.sources import SourceRecord, iter_source_items
from validator.sources.text import extract_text

SEED = REFERENCE / "sichuan-expo-news-page.txt"


def read_one(path: Path) -> SourceRecord:
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, SourceRecord)
    return item


def test_seed_capture_gives_the_expected_record() -> None:
    item = read_one(SEED)
    record = item.data
    seed = SEED.read_text(encoding="utf-8")
    expected = seed_expected(seed)
    assert {key: record.get(key) for key in expected} == expected
    # Its ICP number and site code come out right (not glued to each other or to the byte count).
    assert record["footer"]["icp"] == "Sichuan ICP No. 13001288"
    assert record["footer"]["site_code"] == "5100000062"
    assert record["footer"]["public_security"].endswith("No. 51010402000507")
    lines = seed.split("\n")
    paragraphs = [line for line in lines[3:-5] if line.strip()]
    assert record["body"] == "\n\n".join(" ".join(p.split()) for p in paragraphs)
    assert record["content_sha256"] == hashlib.sha256(record["body"].encode()).hexdigest()
    assert record["source"]["sha256"] == hashlib.sha256(seed.encode()).hexdigest()
    assert record["source"]["media_type"] == "text/plain; charset=utf-8"
    assert record["evidence"]["format"] == "text"
    assert "published_at" not in record and "url" not in record
    assert item.raw == SEED.read_bytes()


def test_seed_capture_matches_the_english_sample_record() -> None:
    sample = json.loads((SAMPLES / "records" / "sichuan-expo-en.json").read_text(encoding="utf-8"))
    record = read_one(SEED).data
    assert record["footer"] == sample["footer"]
    assert (record["title"], record["section"], record["language"]) == (
        sample["title"],
        sample["section"],
        sample["language"],
    )
    assert record["source"]["sha256"] == sample["source"]["sha256"]


def test_seed_capture_lines() -> None:
    item = read_one(SEED)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert item.field_lines is not None

    def at(pointer: str) -> str:
        assert item.field_lines is not None
        return lines[item.field_lines[pointer] - 1]

    assert at("/section") == "Open Governance"
    assert at("/title").startswith("The 11th China")
    assert at("/footer/icp").startswith("Website Identification Code")
    assert at("/footer/public_security").startswith("Sichuan Computer Information Network")
    assert at("/footer/organizer").startswith("Organizer:")


def test_seed_capture_findings_point_at_lines(pav, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed = SEED.read_text(encoding="utf-8").replace("Record No. 51010402000507", "Record No. 5101040200050710897")
    path = tmp_path / "glued.txt"
    path.write_text(seed, encoding="utf-8")
    out = pav("check", str(path)).out
    assert f"{path}:28: error F202 public security number 5101040200050710897 has 19 digits" in out
    assert f"{path}: error S001 required field 'url' is missing [/url]" in out


def test_chinese_capture_with_date_url_and_source_line() -> None:
    text = (
        "政务公开\n第十一届科技博览会开幕\n发布时间：2023-11-22 18:30　来源：四川省人民政府\n"
        "网址：https://www.sc.gov.cn/a.shtml\n\n正文第一段。\n\n正文第二段。\n\n"
        "主办单位：四川省人民政府办公厅　承办单位：四川省大数据中心\n网站标识码：5100000062　蜀ICP备13001288号\n"
    )
    page = extract_text(text)
    assert (page.section, page.title, page.published_at, page.url, page.language) == (
        "政务公开",
        "第十一届科技博览会开幕",
        "2023-11-22T18:30:00+08:00",
        "https://www.sc.gov.cn/a.shtml",
        "zh",
    )
    assert page.body == "正文第一段。\n\n正文第二段。"
    assert page.footer == {
        "unit_in_charge": "四川省人民政府办公厅",
        "organizer": "四川省大数据中心",
        "site_code": "5100000062",
        "icp": "蜀ICP备13001288号",
        "raw": "主办单位：四川省人民政府办公厅 承办单位：四川省大数据中心\n网站标识码：5100000062 蜀ICP备13001288号",
    }
    assert page.field_lines["/published_at"] == 3


def test_capture_without_heading_or_footer() -> None:
    long = "A paragraph that is far too long to be a title. " * 10
    page = extract_text(long + "\n\nSecond paragraph.\n")
    assert page.title is None and page.section is None
    assert page.footer == {} and page.evidence["footer_from"] == "none"
    assert page.body is not None and page.body.startswith("A paragraph")


def test_footer_with_noise_between_its_lines() -> None:
    text = "标题\n\n正文。\n\n主办单位：某省人民政府办公厅\nImage 10\n蜀ICP备13001288号\n"
    page = extract_text(text)
    assert page.footer["icp"] == "蜀ICP备13001288号" and page.footer["unit_in_charge"] == "某省人民政府办公厅"
    assert "正文" not in page.footer["raw"]


def test_gbk_capture_and_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("标题\n\n正文。\n\n蜀ICP备13001288号\n".encode("gbk") + b"\xff\n")
    item = read_one(path)
    assert item.data["footer"]["icp"] == "蜀ICP备13001288号"
    assert item.data["source"]["charset"] == "gb18030"
    (note,) = item.notes
    assert note.rule == "I006" and note.location.line == 6
    results = list(Engine().check_items([item]))
    assert results[0].findings[0].rule == "I006"


def test_empty_capture_is_i004(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"\n \n")
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, Finding) and item.rule == "I004"

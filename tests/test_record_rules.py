"""Cross-field record rules (R family), each both ways."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from tests.conftest import valid_record
from validator import Severity, validate_record
from validator.config import Config, Settings
from validator.engine import Engine


def rules_of(record: dict[str, object], profile: str = "gov") -> list[str]:
    return [f.rule for f in validate_record(record, profile=profile)]


def test_captured_before_published() -> None:
    findings = validate_record(valid_record(captured_at="2023-11-21T10:55:00+08:00"))
    assert [(f.rule, f.path, f.severity) for f in findings] == [("R001", "/captured_at", Severity.ERROR)]


def test_capture_compares_instants_across_offsets() -> None:
    # 02:55Z is the same instant as 10:55+08:00: not before.
    assert rules_of(valid_record(captured_at="2023-11-22T02:55:00Z")) == []
    assert rules_of(valid_record(captured_at="2023-11-22T02:54:59Z")) == ["R001"]


def test_content_hash_mismatch() -> None:
    record = valid_record(content_sha256=hashlib.sha256(b"other").hexdigest())
    assert [(f.rule, f.path) for f in validate_record(record)] == [("R002", "/content_sha256")]


def test_content_hash_is_of_utf8_body() -> None:
    body = "正文 with 中文"
    assert rules_of(valid_record(body=body, content_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest())) == []
    gbk = hashlib.sha256(body.encode("gb18030")).hexdigest()
    assert rules_of(valid_record(body=body, content_sha256=gbk)) == ["R002"]


def test_content_hash_absent_is_fine() -> None:
    record = valid_record()
    del record["content_sha256"]
    assert rules_of(record) == []


def test_implausible_hosts_warn() -> None:
    for url in (
        "http://10.1.2.3/a.html",
        "http://localhost/a",
        "http://intranet/a",
        "https://www.example.com/a",
        "https://cms.sc.gov.cn.local/a",
        "http://[::1]/a",
    ):
        findings = validate_record(valid_record(url=url))
        assert [(f.rule, f.severity) for f in findings] == [("R003", Severity.WARNING)], url


def test_gov_profile_wants_gov_cn_host() -> None:
    record = valid_record(url="https://www.sichuan-news.com/a.html")
    assert rules_of(record, "gov") == ["R003"]
    assert "R003" not in rules_of(record, "news")
    assert rules_of(valid_record(url="https://WWW.SC.GOV.CN./a"), "gov") == []


def test_published_in_future() -> None:
    record = valid_record(published_at="2099-01-01T00:00:00+08:00", captured_at="2099-01-02T00:00:00+08:00")
    findings = validate_record(record)
    assert [(f.rule, f.path, f.severity) for f in findings] == [("R004", "/published_at", Severity.WARNING)]


def test_future_is_judged_against_the_engine_clock_with_skew() -> None:
    now = datetime(2023, 11, 22, 2, 50, tzinfo=UTC)  # 10:50 in Beijing
    engine = Engine(Config(Settings()), now=now)
    assert [f.rule for f in engine.check_record(valid_record())] == []  # 10:55 is within 10 minutes
    engine = Engine(Config(Settings()), now=datetime(2023, 11, 22, 2, 40, tzinfo=UTC))
    assert [f.rule for f in engine.check_record(valid_record())] == ["R004"]


def test_record_rules_skip_unparseable_values_quietly() -> None:
    # The schema reports the bad date; R001/R004 must neither crash nor report on garbage.
    findings = validate_record(valid_record(published_at="garbage", captured_at=12))
    assert sorted(f.rule for f in findings) == ["S002", "S003"]


def test_url_host_extraction_matches_urllib() -> None:
    from urllib.parse import urlsplit

    from validator.rules.base import url_host

    for url in (
        "https://WWW.SC.GOV.CN./a?b#c",
        "http://user:pw@www.gov.cn:8080/x",
        "http://[::1]:8080/a",
        "https://www.sc.gov.cn",
        "http://10.0.0.1",
        "https://例子.中国/路径",
        "https://h/#frag@x",
    ):
        assert url_host(url) == (urlsplit(url).hostname or "").rstrip("."), url
    assert url_host("not a url") == "" and url_host("mailto:a@b.cn") == ""

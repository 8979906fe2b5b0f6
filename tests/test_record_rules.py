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
    # the Chinese government top-level domain, as written and in punycode: government hosts for R003 as for auto
    # (written in Chinese it is an IRI, not a URI: S003 says so, R003 does not complain of the host)
    assert rules_of(valid_record(url="https://www.sc.xn--zfr164b/a.html"), "gov") == []
    assert rules_of(valid_record(url="https://www.sc.xn--zfr164b/a.html")) == []
    assert rules_of(valid_record(url="https://www.sc.政务/a.html"), "gov") == ["S003"]
    (finding,) = [f for f in validate_record(record, profile="gov") if f.rule == "R003"]
    assert finding.message == (
        "URL host 'www.sichuan-news.com' is not under gov.cn or .政务, which government websites are required to use"
    )


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


# --- leap seconds (issue 14): valid by the schema, so R001 and R004 must judge them ---------------------------
# RFC 3339 and the schema's date-time allow second 60 at the end of a UTC day; Python's datetime has no second
# 60, so the record reads it as second 59 of the same minute (validator/record.py).


def test_a_leap_second_is_valid_by_the_schema_and_read_as_second_59() -> None:
    from validator.record_view import RecordView

    record = valid_record(published_at="2016-12-31T23:59:60Z", captured_at="2017-01-01T07:59:60.5+08:00")
    assert validate_record(record) == []  # valid, and not from the future nor captured before publication
    view = RecordView(record)
    assert view.published_at == datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert view.captured_at is not None and view.captured_at.isoformat() == "2017-01-01T07:59:59.500000+08:00"


def test_captured_before_a_leap_second_publication() -> None:
    record = valid_record(published_at="2016-12-31T23:59:60Z", captured_at="2016-12-31T23:00:00Z")
    findings = validate_record(record)
    assert [(f.rule, f.path, f.message) for f in findings] == [
        (
            "R001",
            "/captured_at",
            "captured_at 2016-12-31T23:00:00+00:00 is before published_at 2016-12-31T23:59:59+00:00",
        )
    ]


def test_captured_at_a_leap_second_before_publication() -> None:
    record = valid_record(published_at="2017-01-01T00:00:00Z", captured_at="2016-12-31T23:59:60Z")
    assert [(f.rule, f.message) for f in validate_record(record)] == [
        ("R001", "captured_at 2016-12-31T23:59:59+00:00 is before published_at 2017-01-01T00:00:00+00:00")
    ]


def test_a_leap_second_publication_in_the_future() -> None:
    record = valid_record(published_at="2098-12-31T23:59:60Z", captured_at="2099-01-02T00:00:00Z")
    assert [(f.rule, f.path, f.message) for f in validate_record(record)] == [
        ("R004", "/published_at", "published_at 2098-12-31T23:59:59+00:00 is in the future")
    ]


def test_second_60_outside_the_end_of_a_utc_day_is_invalid_and_unread() -> None:
    # The schema accepts second 60 only at 23:59 UTC (where leap seconds are inserted); the record reads it
    # only there too, so the rules never judge a time the schema rejected.
    from validator.record_view import RecordView

    for text in ("2016-12-31T23:59:60+08:00", "2016-12-31T10:55:60Z", "2016-12-31T23:58:60Z"):
        record = valid_record(published_at=text)
        assert [f.rule for f in validate_record(record)] == ["S003"], text
        assert RecordView(record).published_at is None, text

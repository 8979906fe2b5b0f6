"""Property-based tests (issue 8): arbitrary input never raises, and packaged arbitrary records always verify.

Raw bytes through html_item are covered by tests/test_html_encoding.py; here the input is shaped to reach deep
into the extractor (tags, attributes, scripts that write footers, entities, hostile characters), through the
whole engine, the text and WARC readers, and the package writer with `pav verify` as the referee.
"""

from __future__ import annotations

import functools
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import valid_record
from tests.hostile_support import page, write_warc
from validator.engine import Engine
from validator.findings import Finding, Location
from validator.package.verify import Verifier
from validator.package.writer import PackageWriter
from validator.sources import SourceRecord
from validator.sources.html import html_item
from validator.sources.text import read_text_file
from validator.sources.warc import read_warc

HOSTILE_CHARS = "\x00\x01\x0b\x0c\x1b\x7f\x85\u202e\u2066\ufeff\ufffe\uffff\ud800\udfff\U0010ffff"
# Text as pages hold it: Chinese, filing labels and numbers, markup characters and hostile code points.
TEXT = st.text(
    alphabet=st.sampled_from(list("蜀ICP备号川公网安备主办承办单位：:0123456789 &;<>'\"/\\=-_#") + list(HOSTILE_CHARS)),
    max_size=40,
)
TAGS = ["div", "p", "span", "footer", "table", "tr", "td", "a", "script", "style", "title", "h1", "meta", "br"]
ATTRS = ["class", "id", "href", "src", "name", "content", "charset", "lang", "sitecode"]
ATTR_VALUES = st.one_of(
    TEXT,
    st.sampled_from(
        ["footer", "bottom", "https://beian.miit.gov.cn/", "http://www.beian.gov.cn/?recordcode=51010402000507",
         "ArticleTitle", "PubDate", "gb2312", "utf-8", "zh_CN", "javascript:1", "http://127.0.0.1:9/x.js"]
    ),
)  # fmt: skip
SCRIPTS = st.builds(
    lambda quote, body: f"<script>document.write({quote}{body}{quote});x.innerHTML=`{body}`</script>",
    st.sampled_from(["'", '"', "`"]),
    TEXT.map(lambda t: t.replace("\\", "\\\\")),
)


@st.composite
def html_fragments(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 5 if depth < 4 else 1))
    if kind == 0:
        return draw(TEXT)
    if kind == 1:
        return draw(st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&#x1b;", "&nbsp;", "&#12345678;", "&bogus;", "]]>"]))
    if kind == 2:
        return draw(SCRIPTS)
    tag = draw(st.sampled_from(TAGS))
    attrs = "".join(
        f' {name}="{value}"'
        for name, value in draw(st.lists(st.tuples(st.sampled_from(ATTRS), ATTR_VALUES), max_size=3))
    )
    inner = "".join(draw(st.lists(html_fragments(depth + 1), max_size=3)))
    close = draw(st.sampled_from([f"</{tag}>", "", "</div>"]))
    return f"<{tag}{attrs}>{inner}{close}"


PAGES = st.builds(
    lambda head, body, encoding: (head + "".join(body)).encode(encoding, "surrogatepass"),
    st.sampled_from(
        ["", "<html>", '<html lang="zh-CN"><head><meta charset="gbk">', "<?xml version='1.0'?><!DOCTYPE x>"]
    ),
    st.lists(html_fragments(), max_size=6),
    st.sampled_from(["utf-8", "utf-16"]),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_the_html_extractor_never_raises_and_the_engine_never_fails_a_rule(data: bytes) -> None:
    item = html_item(data, location=Location("x.html"), source_location="x.html", id_hint="x")
    assert isinstance(item, SourceRecord | Finding)
    (result,) = Engine().check_items([item])
    assert "X001" not in [f.rule for f in result.findings]


@settings(max_examples=100)
@given(
    st.lists(
        st.one_of(TEXT, st.sampled_from(["主办单位：四川省人民政府办公厅", "蜀ICP备13001288号", "2023-11-22"])),
        max_size=12,
    )
)
def test_the_text_capture_reader_never_raises(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = list(read_text_file(io.BytesIO(data), "x.txt"))
    assert len(items) == 1 and isinstance(items[0], SourceRecord | Finding)
    # The engine checks it: one result, a record exactly when the reader made one, no rule crashed (X001),
    # and every finding points into this capture.
    (result,) = Engine().check_items(items)
    assert result.is_record == isinstance(items[0], SourceRecord)
    if isinstance(items[0], SourceRecord):
        assert result.record_id == items[0].data["id"]
    assert "X001" not in [f.rule for f in result.findings]
    assert all(f.location.file == "x.txt" for f in result.findings)


@functools.cache
def _warc_bytes() -> bytes:
    """A real two-page WARC written by warcio (made once; a function, not a fixture, so fuzzers can call it)."""
    with tempfile.TemporaryDirectory() as folder:
        return write_warc(Path(folder) / "a.warc.gz", [page("甲").encode(), page("乙").encode()]).read_bytes()


@settings(max_examples=100)
@given(st.data())
def test_a_damaged_warc_never_raises(data: st.DataObject) -> None:
    """Cut, overwrite or insert bytes anywhere in a real WARC: pages read before the damage, then findings."""
    damaged = bytearray(_warc_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(damaged)))
        action = data.draw(st.sampled_from(["cut", "overwrite", "insert"]))
        chunk = data.draw(st.binary(min_size=1, max_size=16))
        if action == "cut":
            del damaged[at:]
        elif action == "overwrite":
            damaged[at : at + len(chunk)] = chunk
        else:
            damaged[at:at] = chunk
    items = list(read_warc(io.BytesIO(bytes(damaged)), "x.warc.gz"))
    assert all(isinstance(item, SourceRecord | Finding) for item in items)
    assert items  # a record or a finding: never silence
    # A page that is read is one of the two written, whole and in order; the rest is reported as damage
    # (I008), an empty input (I004) or records that are not pages (I007).
    titles = [item.data.get("title") for item in items if isinstance(item, SourceRecord)]
    damaged_pages = [title for title in titles if title not in ("甲", "乙")]
    if damaged_pages:  # bytes changed inside a page that still reads: the damage is reported (I008)
        assert any(isinstance(item, Finding) and item.rule == "I008" for item in items), titles
    assert len(titles) <= 2
    assert {item.rule for item in items if isinstance(item, Finding)} <= {"I004", "I007", "I008"}


# --- the package writer: arbitrary records always verify --------------------------------------------------------

ANY_TEXT = st.text(max_size=60)  # every code point, lone surrogates included
RECORD_CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(ANY_TEXT, st.sampled_from(["../../x", "/etc/passwd", "C:\\x", "CON", "a" * 10_000, "\x00"])),
        "title": ANY_TEXT,
        "body": ANY_TEXT,
        "url": st.one_of(ANY_TEXT, st.just("https://www.sc.gov.cn/a b\x00.shtml")),
        "section": ANY_TEXT,
        "language": ANY_TEXT,
        "published_at": ANY_TEXT,
        "captured_at": ANY_TEXT,
        "unexpected": st.one_of(st.none(), st.integers(), ANY_TEXT, st.lists(ANY_TEXT, max_size=2)),
    },
)
FOOTER_CHANGES = st.dictionaries(
    st.sampled_from(["unit_in_charge", "organizer", "operator", "site_code", "icp", "public_security", "raw"]),
    st.one_of(ANY_TEXT, st.none(), st.integers()),
    max_size=4,
)


def _record(changes: dict[str, Any], footer: dict[str, Any], drop: list[str]) -> dict[str, Any]:
    record = valid_record(**changes)
    record["footer"].update(footer)
    for name in drop:
        record.pop(name, None)
    return record


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.builds(_record, RECORD_CHANGES, FOOTER_CHANGES, st.lists(st.sampled_from(["url", "title", "footer"]))),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["dir", "zip"]),
)
def test_packaged_arbitrary_records_always_verify(records: list[dict[str, Any]], container: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        engine = Engine()
        items = []
        for number, record in enumerate(records, 1):
            raw = json.dumps(record, ensure_ascii=True).encode()
            items.append(SourceRecord(record, Location("batch.jsonl", line=number), raw, "application/json"))
        with PackageWriter(out, container=container) as writer:  # type: ignore[arg-type]
            outcomes = [writer.add(result) for result in engine.check_items(items)]
        assert writer.summary.records == len(records)
        # Nothing lost: each record is packaged, or found already packaged (the same capture twice).
        assert all(o.status in ("packaged", "present") for o in outcomes), outcomes
        reports = Verifier().verify(out)
        assert len(reports) == sum(o.status == "packaged" for o in outcomes) >= 1
        assert all(r.intact for r in reports), [(r.path, [str(f) for f in r.failures]) for r in reports]
        for path in Path(scratch).rglob("*"):
            assert path.resolve().is_relative_to(out.resolve()) or path == out


# --- `make fuzz`: the properties above as fuzz targets ----------------------------------------------------------

FUZZ_TARGETS = {
    "html": test_the_html_extractor_never_raises_and_the_engine_never_fails_a_rule,
    "text": test_the_text_capture_reader_never_raises,
    "warc": test_a_damaged_warc_never_raises,
    "package": test_packaged_arbitrary_records_always_verify,
}


def fuzz(target: str, seconds: float, *, use_atheris: bool = True) -> None:
    """Drive one property with a fuzzer for `seconds`: atheris (coverage-guided) when installed, else random
    inputs through Hypothesis. A failure raises with the shrunk example and is saved in Hypothesis' example
    database (.hypothesis/), so the next `pytest tests/test_properties.py` replays it; add it as an
    `@example(...)` to keep it as a regression test."""
    run_one = FUZZ_TARGETS[target].hypothesis.fuzz_one_input  # type: ignore[attr-defined]
    try:
        if not use_atheris:
            raise ImportError("atheris not wanted")
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        deadline, runs = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            run_one(os.urandom(4096))
            runs += 1
        print(f"fuzz {target}: {runs} inputs in {seconds:.0f} s, no failure (random; install atheris for coverage)")
        return
    atheris.Setup([sys.argv[0], f"-max_total_time={int(seconds)}"], run_one)
    atheris.Fuzz()


if __name__ == "__main__":
    # python -m tests.test_properties [SECONDS [TARGET ...]]: each target (default: all) for SECONDS (default 60),
    # each in its own process (atheris exits the process when its time is up).
    import subprocess

    budget = sys.argv[1] if len(sys.argv) > 1 else "60"
    targets = sys.argv[2:] or list(FUZZ_TARGETS)
    if len(targets) == 1:
        fuzz(targets[0], float(budget))
    else:
        failed = [t for t in targets if subprocess.call([sys.executable, "-m", "tests.test_properties", budget, t])]
        sys.exit(f"fuzz: failures in {', '.join(failed)}" if failed else 0)


def test_every_fuzz_target_runs_without_atheris(capsys: pytest.CaptureFixture[str]) -> None:
    """`make fuzz` drives these targets; a short run of each proves the wiring (no time is asserted)."""
    for name in FUZZ_TARGETS:
        fuzz(name, 0.05, use_atheris=False)
    out = capsys.readouterr().out
    assert all(f"fuzz {name}:" in out for name in FUZZ_TARGETS)

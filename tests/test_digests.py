"""The text digest memo: a string's SHA-256 is computed once for reader and rules, and never confused."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from validator import digests
from validator.digests import text_sha256


@given(st.text())
def test_digest_is_sha256_of_utf8_with_surrogates_kept(text: str) -> None:
    expected = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    assert text_sha256(text) == expected and text_sha256(text) == expected


def test_equal_text_in_another_object_is_hashed_not_trusted(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = []
    real = hashlib.sha256

    def counting(data: bytes) -> object:
        calls.append(data)
        return real(data)

    monkeypatch.setattr(digests.hashlib, "sha256", counting)
    body = "".join(["正文", "x" * 100])
    assert text_sha256(body) == text_sha256(body) and len(calls) == 1  # the same object: remembered
    twin = "".join(["正文", "x" * 100])
    assert twin is not body and text_sha256(twin) == text_sha256(body) and len(calls) == 2


def test_memo_stays_bounded() -> None:
    for i in range(1000):
        text_sha256(f"page {i}")
    assert len(digests._memo) <= digests._MEMO_SIZE


def test_reader_and_rule_hash_a_page_body_once(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import SAMPLES
    from validator.engine import Engine
    from validator.sources import iter_source_items

    calls = []
    real = hashlib.sha256
    monkeypatch.setattr(digests.hashlib, "sha256", lambda data: calls.append(data) or real(data))
    results = list(Engine().check_items(iter_source_items([str(SAMPLES / "pages" / "sichuan-expo-zh.html")])))
    (result,) = results
    assert result.source is not None and not [f for f in result.findings if f.rule == "R002"]
    body = result.source.data["body"].encode("utf-8")
    assert calls.count(body) == 1  # the body: hashed by the reader, the digest reused by R002

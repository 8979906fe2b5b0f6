"""Readers: JSON Lines and JSON arrays stream records with locations; broken input becomes findings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import valid_record, write_jsonl
from validator.findings import Finding
from validator.sources import InputError, SourceRecord, expand_inputs, iter_source_items, json_records
from validator.sources.json_records import read_head, read_json_file, read_jsonl


def kinds(items: list[SourceRecord | Finding]) -> list[tuple[str, int | None]]:
    return [("record", i.location.line) if isinstance(i, SourceRecord) else (i.rule, i.location.line) for i in items]


def test_jsonl_broken_lines_in_the_middle_do_not_stop_the_reader(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "batch.jsonl",
        [
            valid_record(id="a"),
            '{"id": "b", "title": "trunc',
            b"\xff\xfe not utf-8",
            "[1, 2]",
            "",
            valid_record(id="c"),
            "null",
            valid_record(id="d"),
        ],
    )
    items = list(iter_source_items([str(path)]))
    assert kinds(items) == [
        ("record", 1),
        ("I002", 2),
        ("I005", 3),
        ("I003", 4),
        ("record", 6),
        ("I003", 7),
        ("record", 8),
    ]
    assert [i.data["id"] for i in items if isinstance(i, SourceRecord)] == ["a", "c", "d"]
    assert all(i.location.file == str(path) for i in items)


def test_jsonl_messages_name_the_problem(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "b.jsonl", ['{"a": 1,}', b'{"t": "\xb6\xcf"}'])
    first, second = iter_source_items([str(path)])
    assert isinstance(first, Finding) and "invalid JSON" in first.message and "column" in first.message
    assert isinstance(second, Finding) and "not valid UTF-8" in second.message and "0xb6" in second.message


def test_jsonl_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a"}).encode() + b"\r\n" + b'{"id": "b"}\r\n')
    assert kinds(list(iter_source_items([str(path)]))) == [("record", 1), ("record", 2)]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_inputs_are_findings(tmp_path: Path, content: bytes) -> None:
    for suffix in (".jsonl", ".json"):
        path = tmp_path / f"empty{suffix}"
        path.write_bytes(content)
        (item,) = iter_source_items([str(path)])
        assert isinstance(item, Finding) and item.rule == "I004"


def test_empty_json_array_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    path.write_text("[ ]")
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, Finding) and item.rule == "I004"


def test_json_single_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(valid_record(), indent=2, ensure_ascii=False), encoding="utf-8")
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, SourceRecord) and item.data["id"] == "sc-gov-zh-1"
    assert item.location.line is None and item.location.index is None


def test_json_array_elements_keep_line_and_index(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text("[\n" + ",\n".join(json.dumps({"id": f"r{i}"}, indent=1) for i in range(3)) + "\n]\n")
    items = list(iter_source_items([str(path)]))
    assert [(i.location.line, i.location.index) for i in items] == [(2, 0), (5, 1), (8, 2)]


def test_json_array_streams_across_small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # A tiny chunk size forces every element, string and number to straddle chunk boundaries.
    monkeypatch.setattr(json_records, "CHUNK_SIZE", 7)
    records = [valid_record(id=f"r{i}") for i in range(5)]
    text = json.dumps(records, ensure_ascii=False, indent=2).encode()
    items = list(read_json_file(io.BytesIO(text), "x.json"))
    assert [i.data for i in items if isinstance(i, SourceRecord)] == records
    numbers = list(read_json_file(io.BytesIO(b'[12345678, {"id": "a"}]'), "n.json"))
    assert isinstance(numbers[0], Finding) and numbers[0].rule == "I003" and "number" in numbers[0].message


def test_json_array_memory_does_not_hold_consumed_elements(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_records, "CHUNK_SIZE", 64)
    element = json.dumps({"id": "x", "body": "y" * 500})
    text = ("[" + ",".join([element] * 200) + "]").encode()
    buffer_sizes = []
    original_drop = json_records._TextBuffer.drop

    def drop(self: json_records._TextBuffer, pos: int) -> int:
        result = original_drop(self, pos)
        buffer_sizes.append(len(self.text))
        return result

    monkeypatch.setattr(json_records._TextBuffer, "drop", drop)
    assert sum(1 for _ in read_json_file(io.BytesIO(text), "big.json")) == 200
    assert max(buffer_sizes) < 2 * len(element)  # never the whole 100 KB file


def test_json_array_broken_element_reports_and_stops(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n{"id": "a"},\n{"id": "b",,},\n{"id": "c"}\n]')
    items = list(iter_source_items([str(path)]))
    assert kinds(items) == [("record", 2), ("I002", 3)]
    assert "rest of the file was not read" in items[1].message  # type: ignore[union-attr]


def test_json_truncated_array(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[{"id": "a"}, {"id": "b"}')
    items = list(iter_source_items([str(path)]))
    assert kinds(items)[:2] == [("record", 1), ("record", 1)]
    assert isinstance(items[2], Finding) and items[2].rule == "I002" and "truncated" in items[2].message


def test_json_extra_data_after_record(tmp_path: Path) -> None:
    path = tmp_path / "extra.json"
    path.write_text('{"id": "a"}\n{"id": "b"}\n')
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, Finding) and item.rule == "I002" and "extra data" in item.message
    assert item.location.line == 2


def test_json_scalar_document_is_not_a_record(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('"hello"')
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, Finding) and item.rule == "I003"


def test_json_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes('{"title": "蜀ICP备"}'.encode("gbk"))
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, Finding) and item.rule == "I005"


def test_deeply_nested_json_is_refused_not_crashed(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path = write_jsonl(tmp_path / "deep.jsonl", [deep, valid_record()])
    items = list(iter_source_items([str(path)]))
    assert kinds(items) == [("I002", 1), ("record", 2)]
    one = tmp_path / "deep.json"
    one.write_text('{"a": ' + deep + "}")
    (item,) = iter_source_items([str(one)])
    assert isinstance(item, Finding) and item.rule == "I002"


def test_directories_recurse_sorted_and_skip_hidden_and_other_types(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/2.jsonl", "a.json", "b/1.ndjson", ".git/x.json", "notes.md", ".hidden.json"):
        (tmp_path / name).write_text("{}")
    assert [Path(p).relative_to(tmp_path).as_posix() for p in expand_inputs([str(tmp_path)])] == [
        "a.json",
        "b/1.ndjson",
        "b/2.jsonl",
    ]


def test_missing_and_unsupported_inputs_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(expand_inputs([str(tmp_path / "nope.jsonl")]))
    (tmp_path / "page.pdf").write_text("x")
    with pytest.raises(InputError, match="unsupported input type"):
        list(expand_inputs([str(tmp_path / "page.pdf")]))


def test_stdin_is_jsonl() -> None:
    stream = io.BytesIO(b'{"id": "a"}\nnope\n{"id": "b"}\n')
    items = list(read_jsonl(stream, "-"))
    assert kinds(items) == [("record", 1), ("I002", 2), ("record", 3)]
    assert items[0].location.file == "-"


def test_unreadable_file_in_a_folder_is_a_finding_and_the_rest_is_read(tmp_path: Path) -> None:
    # Root can read any file regardless of mode; a dangling link fails to open for everyone.
    (tmp_path / "a.jsonl").symlink_to(tmp_path / "gone.jsonl")
    write_jsonl(tmp_path / "b.jsonl", [valid_record()])
    items = list(iter_source_items([str(tmp_path)]))
    assert isinstance(items[0], Finding) and items[0].rule == "I001" and "a.jsonl" in items[0].message
    assert isinstance(items[1], SourceRecord)


def test_records_keep_their_original_bytes(tmp_path: Path) -> None:
    # Archival packages store what was received, byte for byte.
    line = json.dumps(valid_record(), ensure_ascii=False).encode()
    path = tmp_path / "a.jsonl"
    path.write_bytes(line + b"\n")
    (item,) = iter_source_items([str(path)])
    assert isinstance(item, SourceRecord) and item.raw == line + b"\n" and item.media_type == "application/json"
    array = tmp_path / "a.json"
    array.write_text("[\n  " + json.dumps({"id": "a", "t": "中"}, ensure_ascii=False) + "\n]")
    (element,) = iter_source_items([str(array)])
    assert isinstance(element, SourceRecord) and element.raw == '{"id": "a", "t": "中"}'.encode()


_JSON_FILES = st.one_of(
    st.builds(
        lambda v: json.dumps(v, ensure_ascii=False).encode(),
        st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=10), max_size=4),
    ),
    st.sampled_from(
        [
            b"",
            b"  \n",
            b'\xef\xbb\xbf{"id": "x"}',
            b'\n\t {"id": 1}\n\n',
            b'{"a": 123456789012345678901234567890}',
            b'{"a": 1} {"b": 2}',
            b'{"a": 1}\n]',
            b'{"a": "\\ud800"}',
            b'{"a": NaN}',
            b'{"a": 1',
            b'{"a": "\xff"}',
            b'[{"a": 1}, {"b": 2}]',
            b"[]",
            b'"text"',
            b"{" * 3000 + b"}" * 3000,
        ]
    ),
    st.binary(max_size=40),
)


@settings(max_examples=300, deadline=None)
@given(_JSON_FILES)
def test_small_json_files_read_as_the_streaming_reader_reads_them(data: bytes) -> None:
    # A small file holding one object takes a shortcut; every item must be the streaming reader's.
    from unittest import mock

    fast = list(read_json_file(io.BytesIO(data), "f.json"))
    with mock.patch.object(json_records, "_small_record", lambda data, name: None):
        streamed = list(read_json_file(io.BytesIO(data), "f.json"))
    assert fast == streamed


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 102, 5000])
def test_a_json_file_s_head_is_read_by_its_size_as_read_limit_reads_it(tmp_path: Path, size: int) -> None:
    # read_head asks a regular file for just over its size; what it gives is stream.read(limit)'s, for files
    # below, at and over the limit, and for streams that are no file.
    content = bytes(range(256)) * (size // 256 + 1)
    path = tmp_path / "r.json"
    path.write_bytes(content[:size])
    with path.open("rb") as sized, path.open("rb") as plain:
        assert read_head(sized, 101) == plain.read(101)
    assert read_head(io.BytesIO(content[:size]), 101) == content[: min(size, 101)]
    with path.open("rb") as peeked:  # as _open_and hands it over: peeked for pav's own output first
        peeked.peek(10)
        assert read_head(peeked, 101) == content[: min(size, 101)]


def test_a_json_file_that_grew_after_its_size_was_taken_is_read_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    path = tmp_path / "r.json"
    path.write_bytes(b"a" * 100)
    real_fstat = os.fstat

    def fstat_then_grow(fd: int) -> os.stat_result:
        status = real_fstat(fd)
        with path.open("ab") as more:
            more.write(b"b" * 2000)
        return status

    monkeypatch.setattr(os, "fstat", fstat_then_grow)
    with path.open("rb") as stream:
        assert read_head(stream, 1001) == b"a" * 100 + b"b" * 901


def test_a_json_file_from_a_pipe_is_read_to_the_limit() -> None:
    import os

    read_end, write_end = os.pipe()
    os.write(write_end, b"x" * 3000)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        assert read_head(stream, 1001) == b"x" * 1001

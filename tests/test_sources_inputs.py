"""Inputs of every kind, mixed in one run: suffixes, folders, URLs; reader notes through the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import valid_record, write_jsonl
from tests.test_warc import Crawl, html_page
from validator.sources import InputError, expand_inputs, is_url, iter_source_items


def test_folders_are_recursed_by_file_type(tmp_path: Path) -> None:
    names = (
        "a.json", "b.jsonl", "c.ndjson", "d.html", "e.HTM", "f.shtml", "g.txt", "h.warc", "i.warc.gz",
        "skip.gz", "skip.pdf", "skip.xml", "sub/j.html", ".hidden/k.html", ".l.html",
    )  # fmt: skip
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_inputs([str(tmp_path)])]
    assert found == [
        "a.json", "b.jsonl", "c.ndjson", "d.html", "e.HTM", "f.shtml", "g.txt", "h.warc", "i.warc.gz", "sub/j.html",
    ]  # fmt: skip


def test_urls_pass_through_and_other_files_are_rejected(tmp_path: Path) -> None:
    assert list(expand_inputs(["https://www.sc.gov.cn/a.shtml", "HTTP://x.gov.cn"])) == [
        "https://www.sc.gov.cn/a.shtml",
        "HTTP://x.gov.cn",
    ]
    assert is_url("https://x") and not is_url("ftp://x") and not is_url("page.html")
    (tmp_path / "page.pdf").write_text("x")
    with pytest.raises(InputError, match=r"unsupported input type '\.pdf'"):
        list(expand_inputs([str(tmp_path / "page.pdf")]))
    (tmp_path / "crawl.gz").write_text("x")
    with pytest.raises(InputError, match="unsupported input type"):
        list(expand_inputs([str(tmp_path / "crawl.gz")]))


def test_every_kind_in_one_run(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    write_jsonl(isolated / "records.jsonl", [valid_record(id="json-1")])
    (isolated / "page.html").write_bytes(html_page("网页"))
    (isolated / "capture.txt").write_text(
        "标题\n\n正文。\n\n网站标识码：5100000062 蜀ICP备13001288号\n", encoding="utf-8"
    )
    crawl = Crawl(isolated / "crawl.warc.gz")
    crawl.response("https://www.sc.gov.cn/w.shtml", html_page("存档"))
    crawl.close()
    run = pav("check", "--format", "json", "--fail-on", "never", ".")
    report = run.json()
    assert report["summary"]["records"] == 4
    assert report["summary"]["files"] == 4
    files = {f["location"]["file"] for f in report["findings"]}
    assert {"./capture.txt", "./page.html"} <= files  # a text capture lacks a URL; the page lacks one too
    assert run.code == 0


def test_reader_problems_of_pages_do_not_stop_the_run(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated / "empty.html").write_bytes(b"")
    (isolated / "broken.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    write_jsonl(isolated / "ok.jsonl", [valid_record()])
    run = pav("check", "--format", "json", "empty.html", "broken.warc", "ok.jsonl")
    report = run.json()
    rules = sorted({(f["location"]["file"], f["rule"]) for f in report["findings"]})
    assert ("empty.html", "I004") in rules
    assert any(file == "broken.warc" and rule in ("I004", "I008") for file, rule in rules)
    assert report["summary"]["records"] == 1
    assert "Traceback" not in run.err


def test_api_reads_pages_too(tmp_path: Path) -> None:
    from validator import iter_findings

    (tmp_path / "p.html").write_text(
        '<html lang="zh-CN"><body><div class="footer">蜀ICP备13001288号</div></body></html>', encoding="utf-8"
    )
    rules = {f.rule for f in iter_findings([tmp_path / "p.html"])}
    assert {"F201", "F601", "S001"} <= rules


def test_json_records_keep_working_beside_pages(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(valid_record()), encoding="utf-8")
    (item,) = iter_source_items([str(path)])
    assert getattr(item, "notes", ()) == ()


def test_checking_named_inputs_does_not_walk_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from validator import sources

    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.json").write_text(json.dumps(valid_record()))
    (tmp_path / "pages" / "notes.docx").write_text("not an input")
    walked = []
    real_walk = sources._walk
    monkeypatch.setattr(sources, "_walk", lambda folder, options: walked.append(folder) or real_walk(folder, options))
    folder = str(tmp_path / "pages")
    assert list(expand_inputs([folder], walk=False)) == [folder] and walked == []
    assert list(expand_inputs([folder])) == [str(tmp_path / "pages" / "a.json")] and len(walked) == 1
    with pytest.raises(InputError, match="unsupported input type"):
        list(expand_inputs([str(tmp_path / "pages" / "notes.docx")], walk=False))


def test_a_big_folder_is_walked_in_order_holding_its_names_not_its_entries(tmp_path: Path) -> None:
    # The walk lists and sorts a folder whole (its order is the report's), in the main process: it holds the
    # names and the kinds of the few entries that are not files, not one DirEntry object per file (about 260
    # bytes each), so a folder of a million pages costs the main process tens of MB, not hundreds.
    import os
    import tracemalloc

    folder = tmp_path / "crawl"
    folder.mkdir()
    count = 5000
    for i in reversed(range(count)):
        (folder / f"page-{i:08d}.html").touch()
    (folder / "notes.csv").touch()  # not an input pav reads
    (folder / ".hidden.html").touch()
    (folder / "sub").mkdir()
    (folder / "sub" / "a.html").touch()
    os.symlink(folder / "sub", folder / "link")
    tracemalloc.start()
    try:
        found = [str(item) if isinstance(item, str) else item.rule for item in expand_inputs([str(folder)])]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    pages = [str(folder / f"page-{i:08d}.html") for i in range(count)]
    assert found == ["I007", *pages, str(folder / "sub" / "a.html")]  # the folder link skipped, in name order
    assert peak - sum(len(name) + 49 for name in pages) < 120 * count  # the names found, and 120 bytes a name


def test_a_folder_is_walked_in_sorted_order_from_sorted_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import validator.sources as sources

    monkeypatch.setattr(sources, "_RUN", 3)  # names sorted and joined three at a time, then merged
    names = ["b.html", "a.html", "中文.html", "Z.html", "a-b.html", "é.html", "x.pdf", ".h.html", "a.json", "😀.html"]
    for name in names:
        (tmp_path / name).write_text("x")
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "in.html").write_text("x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_inputs([str(tmp_path)])]
    readable = [name for name in names if not name.startswith(".") and not name.endswith(".pdf")]
    assert found == [*sorted(readable), "m/in.html"]  # a folder's files in sorted order, then its folders


def test_a_folder_being_walked_holds_a_few_bytes_a_name(tmp_path: Path) -> None:
    import tracemalloc

    count = 6_000
    for number in range(count):
        (tmp_path / f"page-{number:06d}.html").touch()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        walk = expand_inputs([str(tmp_path)])
        first = next(walk)
        held = tracemalloc.get_traced_memory()[0] - before
        rest = sum(1 for _ in walk)
    finally:
        tracemalloc.stop()
    assert first == str(tmp_path / "page-000000.html") and rest == count - 1
    assert held / count < 32  # 17 characters a name, joined; a list of the names held ~85 bytes a name

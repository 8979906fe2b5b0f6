"""Reports in Chinese (issue 15): `--lang zh-CN|en`, the config's `lang`, the locale; the gettext catalog.

The catalog is held to the code: every text marked in validator/ (and every rule and requirement title) has its
zh-CN translation with the same placeholders, and the committed .mo is the .po compiled. The CLI is run for real:
in-process where the language is the only thing tested, as a subprocess where the locale or worker processes
matter. English output is byte-identical to what the code says; structure (rule ids, JSON keys) never changes.
"""

from __future__ import annotations

import gettext
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from tests.conftest import SAMPLES, Run, valid_record, write_jsonl
from tests.i18n_catalog import (
    MO,
    all_messages,
    compiled,
    placeholders,
    read_po,
    source_messages,
    translations,
    untranslated_messages,
)
from validator.i18n import (
    CHINESE,
    ENGLISH,
    _,
    current_language,
    language_from_environment,
    parse_language,
    use_language,
)
from validator.rules import CATALOG
from validator.rules.base import rule_title
from validator.rules.docs import display_width

REPO = Path(__file__).resolve().parent.parent
PAGES = SAMPLES / "pages"
PAV = [sys.executable, "-m", "validator"]


def _environment(**values: str) -> dict[str, str]:
    """The process environment without any locale variable, plus `values`."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(values)
    env["PYTHONIOENCODING"] = "utf-8:strict"
    return env


def _pav(*args: str, cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PAV, *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=_environment(**env), check=False
    )


# --- the catalog --------------------------------------------------------------------------------------------


def test_every_marked_text_has_its_zh_cn_translation() -> None:
    """Fails for a message added with _() (or a rule title) that pav.po does not translate: run `make i18n`,
    then fill in its msgstr."""
    catalog = {msgid: (strings, fuzzy) for msgid, strings, fuzzy in translations(read_po())}
    missing = []
    for msgid, where in all_messages().items():
        strings, fuzzy = catalog.get(msgid, (("",), False))
        if fuzzy or not all(strings):
            missing.append(f"{where[0]}: {msgid!r}")
    assert missing == [], "untranslated (make i18n, then translate in pav.po):\n" + "\n".join(missing)
    assert len(catalog) >= 280  # every rule title and message of today, as a floor


def test_translations_fill_exactly_the_placeholders_of_their_msgid() -> None:
    # A misspelt {name} in a translation would be a KeyError in a Chinese run only.
    wrong = []
    for msgid, strings, _fuzzy in translations(read_po()):
        for english in msgid if isinstance(msgid, tuple) else (msgid,):
            for string in strings:
                if string and placeholders(string) != placeholders(english):
                    wrong.append(f"{english!r} -> {string!r}")
    assert wrong == []


def test_texts_are_marked_as_templates_never_formatted_first() -> None:
    found, wrong = source_messages()
    assert wrong == []  # _(f"...") or _("...".format()) would look up a text no catalog holds
    assert "the footer shows no ICP filing or licence number" in found
    assert ("{count} file", "{count} files") in found


def test_every_rule_message_goes_through_the_catalog() -> None:
    """Fails for a rule whose Violation message is a literal or an f-string (not `_()`): wrap it as
    `_("... {name} ...").format(name=...)` and run `make i18n` (validator/rules/base.py says how)."""
    assert untranslated_messages() == []


def test_the_committed_mo_is_the_po_compiled() -> None:
    """Fails when pav.po was edited and pav.mo not rebuilt (`make i18n`)."""
    from_po = gettext.GNUTranslations(__import__("io").BytesIO(compiled(read_po())))
    shipped = gettext.GNUTranslations(MO.open("rb"))
    assert shipped._catalog == from_po._catalog  # type: ignore[attr-defined]
    assert shipped.info()["plural-forms"] == "nplurals=1; plural=0;"


def test_every_rule_title_reads_in_chinese() -> None:
    use_language(CHINESE)
    english = [entry.id for entry in CATALOG.values() if rule_title(entry) == entry.title]
    assert english == []
    assert rule_title(CATALOG["F301"]) == "政府网站显示网站标识码"
    use_language(ENGLISH)
    assert rule_title(CATALOG["F301"]) == "A government site shows its website identification code"


def test_terms_follow_the_regulations() -> None:
    use_language(CHINESE)
    assert _("the footer names no organizer (承办单位)") == "页脚未写明承办单位"
    assert _("the footer shows no public security filing number") == "页脚未显示公安机关备案号"
    assert "党政机关网站标识" in rule_title(CATALOG["F701"])
    assert "我为政府网站找错" in rule_title(CATALOG["F702"])
    assert rule_title(CATALOG["F401"]) == "政府网站写明主办单位"
    assert rule_title(CATALOG["F403"]) == "政府网站写明运行维护单位"


# --- which language ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh_CN.UTF-8", CHINESE),
        ("zh_CN", CHINESE),
        ("zh-Hans", CHINESE),
        ("zh", CHINESE),
        ("zh-CN", CHINESE),
        ("zh_CN.GB18030@pinyin", CHINESE),
        ("en_US.UTF-8", ENGLISH),
        ("C.UTF-8", ENGLISH),
        ("POSIX", ENGLISH),
        ("zh_TW.UTF-8", None),
        ("zh-Hant", None),
        ("fr_FR.UTF-8", None),
    ],
)
def test_locale_names(value: str, expected: str | None) -> None:
    assert parse_language(value) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, CHINESE),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, CHINESE),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, ENGLISH),  # LC_ALL comes first, as in gettext
        ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, CHINESE),  # the first of the list pav has
        ({"LANGUAGE": "fr", "LANG": "zh_CN.UTF-8"}, ENGLISH),  # only the first variable set is read
        ({"LANG": "zh_TW.UTF-8"}, ENGLISH),
        ({}, ENGLISH),
    ],
)
def test_language_from_the_environment_as_gettext_reads_it(environ: dict[str, str], expected: str) -> None:
    assert language_from_environment(environ) == expected


def test_locale_zh_cn_makes_the_report_chinese() -> None:
    done = _pav("check", "--format", "text", str(PAGES), LANG="zh_CN.UTF-8")
    assert done.returncode == 0, done.stderr  # warnings and info only
    assert "警告 F602" not in done.stdout  # the severity word stays as tools match it
    assert "warning F602 ICP备案号链接指向 'http://www.miibeian.gov.cn/'" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("发现 10 个问题（3 个警告，7 个提示）")


def test_lang_en_keeps_english_output_byte_identical_under_a_chinese_locale() -> None:
    english = _pav("check", "--format", "text", str(PAGES), LANG="C.UTF-8")
    forced = _pav("check", "--format", "text", "--lang", "en", str(PAGES), LANG="zh_CN.UTF-8", LANGUAGE="zh_CN")
    assert forced.stdout == english.stdout
    assert "the ICP link points to 'http://www.miibeian.gov.cn/', a retired address" in english.stdout
    assert english.stdout.splitlines()[-1].startswith("Found 10 findings (3 warnings, 7 info) in 5 of 6 records")


def test_config_lang_and_flag_precedence(isolated: Path, pav: Any) -> None:
    (isolated / "pav.toml").write_text('lang = "zh-CN"\n', encoding="utf-8")
    chinese: Run = pav("check", "--format", "text", str(PAGES))
    assert "仅由脚本写入" in chinese.out
    english: Run = pav("check", "--format", "text", "--lang", "en", str(PAGES))
    assert "is only written by a script" in english.out and "仅由脚本写入" not in english.out
    (isolated / "pav.toml").write_text('lang = "fr"\n', encoding="utf-8")
    bad: Run = pav("check", str(PAGES))
    assert bad.code == 2 and "lang 'fr' is not one of zh-CN, en" in bad.err


def test_lang_flag_rejects_a_language_pav_lacks(pav: Any) -> None:
    done: Run = pav("rules", "--lang", "de")
    assert done.code == 2 and "'de' is not one of zh-CN, en" in done.err


# --- what is translated --------------------------------------------------------------------------------------


def test_rules_table_in_chinese(pav: Any) -> None:
    done: Run = pav("rules", "--lang", "zh-CN")
    lines = done.out.splitlines()
    assert lines[0].split() == ["编号", "级别", "适用配置", "名称", "检查内容"]
    row = next(line for line in lines if line.startswith("F101 "))
    assert row.split() == ["F101", "error", "全部", "icp-missing", "页脚显示ICP备案号或ICP经营许可证号"]
    # Columns line up by display width (a Chinese character takes two columns).
    assert display_width(lines[0][: lines[0].index("检查内容")]) == display_width(row[: row.index("页脚")])
    as_json = json.loads(pav("rules", "--lang", "zh-CN", "--format", "json").out)
    f101 = next(item for item in as_json if item["id"] == "F101")
    assert set(f101) == {"id", "name", "severity", "profiles", "title", "doc"}
    assert f101["title"] == "页脚显示ICP备案号或ICP经营许可证号"
    doc: Run = pav("rules", "F101", "--lang", "zh-CN")
    assert doc.out.splitlines()[:2] == [
        "F101 icp-missing  [error；适用配置：全部]",
        "页脚显示ICP备案号或ICP经营许可证号",
    ]
    assert "Every website operated in mainland China" in doc.out  # the documentation stays English


def test_check_prints_chinese_messages_and_summary(pav: Any) -> None:
    done: Run = pav("check", "--format", "text", "--lang", "zh-CN", str(PAGES))
    assert done.code == 0  # warnings and info only
    assert (
        "samples/pages/bad-F604-stale-siteidcode.html:9: warning F604 SiteIDCode meta 标签为 '5100000026'，"
        "但页脚显示的网站标识码为 '5100000062' [/evidence/found/site_code/1]"
    ) in done.out.replace(str(SAMPLES.parent) + "/", "")
    assert (
        done.out.splitlines()[-1]
        == "发现 10 个问题（3 个警告，7 个提示），涉及 6 个文件中 6 条记录里的 5 条。检查配置：gov 6。"
    )


def test_reader_messages_in_chinese(pav: Any, tmp_path: Path) -> None:
    broken = write_jsonl(tmp_path / "a.jsonl", [valid_record(), "{broken"])
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    folder = tmp_path / "nothing"
    folder.mkdir()
    done: Run = pav("check", "--format", "text", "--lang", "zh-CN", str(broken), str(empty), str(folder))
    assert (
        f"{broken}:2: error I002 JSON 无效，位于第 2 列：Expecting property name enclosed in double quotes" in done.out
    )
    assert f"{empty}: error I004 {empty} 中没有记录" in done.out
    assert f"error I004 文件夹 {folder} 中没有 pav 可读取的文件" in done.out
    records: Run = pav("check", "--format", "text", "--lang", "zh-CN", "--select", "I", str(SAMPLES / "records"))
    assert "batch.jsonl:21: error I003 应为 JSON 对象（一条记录），实际为 数组" in records.out


def test_markdown_html_sarif_junit_in_chinese(pav: Any, tmp_path: Path) -> None:
    out = {name: tmp_path / f"r.{name}" for name in ("md", "html", "sarif", "xml")}
    pav(
        "check",
        "--lang",
        "zh-CN",
        "--format",
        f"markdown={out['md']}",
        "--format",
        f"html={out['html']}",
        "--format",
        f"sarif={out['sarif']}",
        "--format",
        f"junit={out['xml']}",
        str(PAGES),
    )
    markdown = out["md"].read_text(encoding="utf-8")
    assert "### ✅ pav: 0 个错误，3 个警告，7 个提示" in markdown
    assert (
        "#### 按规则统计" in markdown
        and "| F602 | `icp-link-retired-host` | warning | 1 | ICP备案号链接未指向" in markdown
    )
    assert "#### 网站检查结果表" in markdown and "| 网站 | 页面 | 显示ICP备案号 | ICP备案号链接正确 |" in markdown
    document = lxml_html.fromstring(out["html"].read_bytes())
    assert document.get("lang") == "zh-CN"
    columns = document.xpath("//table[@id='scorecard-table']//th[@data-requirement]")
    headings = [th.text_content() for th in columns]
    assert headings[:2] == ["显示ICP备案号", "ICP备案号链接正确"] and "党政机关网站标识" in headings
    keys = [th.get("data-requirement") for th in columns]
    assert keys[:2] == ["icp", "icp-link"]  # the requirement ids, as the JSON keys, stay
    assert document.xpath("//section[@id='chart']/h2")[0].text_content() == "各规则问题数"
    texts = json.loads(document.xpath("//script[@id='pav-texts']")[0].text)
    assert texts["more"] == "再显示 {count} 个"
    assert document.xpath("//div[@data-figure='records checked']/span")[0].text_content() == "已检查记录"
    sarif = json.loads(out["sarif"].read_text(encoding="utf-8"))
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["F602"]["shortDescription"]["text"] == "ICP备案号链接未指向已停用的地址"
    results = sarif["runs"][0]["results"]
    assert {result["ruleId"] for result in results} == {"C003", "C004", "F602", "F603", "F604", "F605"}
    assert any("仅由脚本写入" in result["message"]["text"] for result in results)
    junit = out["xml"].read_text(encoding="utf-8")
    assert "<testsuites" in junit and "仅由脚本写入" in junit


def test_xlsx_in_chinese_with_its_sheet_names_kept(pav: Any, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "r.xlsx"
    pav("check", "--lang", "zh-CN", "--format", f"xlsx={path}", str(PAGES))
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Scorecard", "Findings", "Rules", "Run"]  # names stay, as JSON keys do
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert findings[0] == ("网站", "页面网址", "规则", "级别", "说明", "位置", "JSON 指针")
    assert any(row[2] == "F605" and "仅由脚本写入" in row[4] for row in findings[1:])
    scorecard = list(book["Scorecard"].iter_rows(values_only=True))
    assert scorecard[0][:2] == ("网站", "页面") and "显示ICP备案号" in scorecard[0]
    rules = {row[0]: row for row in book["Rules"].iter_rows(values_only=True)}
    assert rules["F101"][3:5] == ("显示ICP备案号", "页脚显示ICP备案号或ICP经营许可证号")
    run = {row[0]: row[1] for row in book["Run"].iter_rows(values_only=True)}
    assert run["退出码"] == 0 and str(run["概要"]).startswith("发现 10 个问题")


def test_json_report_keys_and_rule_ids_are_the_same_in_every_language(pav: Any) -> None:
    def keys(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: keys(item) for key, item in value.items() if key not in ("by_site",)}
        if isinstance(value, list):
            return [keys(item) for item in value]
        return type(value).__name__

    english = json.loads(pav("check", "--format", "json", "--lang", "en", str(PAGES)).out)
    chinese = json.loads(pav("check", "--format", "json", "--lang", "zh-CN", str(PAGES)).out)
    assert keys(chinese) == keys(english)
    assert [f["rule"] for f in chinese["findings"]] == [f["rule"] for f in english["findings"]]
    assert [f["path"] for f in chinese["findings"]] == [f["path"] for f in english["findings"]]
    assert chinese["summary"] == english["summary"]
    assert [f["message"] for f in chinese["findings"]] != [f["message"] for f in english["findings"]]


def test_report_rerenders_headings_in_the_language_asked(pav: Any, tmp_path: Path) -> None:
    saved = tmp_path / "run.json"
    pav("check", "--lang", "en", "--format", f"json={saved}", str(PAGES))
    done: Run = pav("report", str(saved), "--lang", "zh-CN", "--format", "markdown")
    assert "#### 按规则统计" in done.out
    assert "the ICP link points to" in done.out  # the saved run's messages, in the language it was checked in


def test_compare_in_chinese(pav: Any, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    pav("check", "--lang", "en", "--format", f"json={old}", str(PAGES))
    pav("check", "--lang", "en", "--ignore", "F602", "--format", f"json={new}", str(PAGES))
    done: Run = pav("report", "--compare", str(old), str(new), "--lang", "zh-CN")
    assert done.code == 0
    lines = done.out.splitlines()
    assert "已修正的问题（1 个，最严重的在前）：" in lines and "新问题：无。" in lines
    assert lines[-1] == "新增 0 个，已修正 1 个，仍存在 9 个；失败阈值 error：没有达到或高于该级别的新问题。"
    header = next(line for line in lines if line.strip().startswith("规则"))
    row = next(line for line in lines if line.strip().startswith("F602"))
    assert display_width(header) == display_width(row)  # columns line up by display width
    assert (
        "www.sc.gov.cn，ICP备案号链接正确：不达标：6 个页面中的 1 个（17%），最严重的规则 F602 -> 达标（fixed）"
        in done.out
    )
    english: Run = pav("report", "--compare", str(old), str(new), "--lang", "en")
    assert english.out.splitlines()[-1] == (
        "0 new, 1 fixed, 9 remaining; failing on error: nothing new at or above it."
    )


# --- where messages are made: worker processes ----------------------------------------------------------------


def test_jobs_2_workers_make_chinese_messages(tmp_path: Path) -> None:
    # Many small files make many partitions, so worker processes (not this one) check them.
    for number in range(600):
        (tmp_path / f"p{number:03}.jsonl").write_text(
            json.dumps(valid_record(id=f"r{number}", title="")) + "\n", encoding="utf-8"
        )
    done = _pav("check", "--jobs", "2", "--lang", "zh-CN", "--format", "text", str(tmp_path), LANG="C.UTF-8")
    lines = done.stdout.splitlines()
    assert len([line for line in lines if " S005 title 不得为空" in line]) == 600, done.stderr
    serial = _pav("check", "--jobs", "1", "--lang", "zh-CN", "--format", "text", str(tmp_path), LANG="C.UTF-8")
    assert serial.stdout == done.stdout


def test_worker_processes_take_the_language_from_the_config_not_from_this_process(tmp_path: Path) -> None:
    from validator.config import Config
    from validator.parallel import Partition, check_parallel

    paths = [write_jsonl(tmp_path / f"{n}.jsonl", [valid_record(id=f"r{n}", title="")]) for n in range(4)]
    use_language(ENGLISH)  # workers forked from here start English: only the config can make them Chinese
    results = list(check_parallel([Partition(str(path)) for path in paths], Config(lang=CHINESE), jobs=2))
    assert [finding.message for result in results for finding in result.findings] == ["title 不得为空"] * 4
    assert current_language() == ENGLISH


def test_dask_workers_make_chinese_messages(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    del distributed
    from validator.config import Config
    from validator.distributed import check_dask
    from validator.parallel import partitions

    path = write_jsonl(tmp_path / "a.jsonl", [valid_record(id=f"r{i}", title="") for i in range(3)])
    use_language(ENGLISH)  # this process stays English: only the config carries the language
    results = list(check_dask(partitions([str(path)]), Config(lang=CHINESE), workers=1))
    messages = [finding.message for result in results for finding in result.findings]
    assert messages == ["title 不得为空"] * 3
    assert current_language() == ENGLISH


# --- start-up and hostile text --------------------------------------------------------------------------------


def test_an_english_run_never_loads_gettext_or_the_catalog() -> None:
    # (The CLI's argparse imports gettext for its own texts; the engine and the rules never do, and no catalog is
    # read for English.)
    code = (
        "import sys; from validator.engine import Engine; from validator.config import Config; "
        "import validator.i18n as i18n; "
        "found = Engine(Config(lang='en')).check_record({'title': ''}, None); "
        "print('gettext' in sys.modules, i18n._loaded, found[0].message)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "False {} the footer shows no ICP filing or licence number"


def test_hostile_footer_text_is_escaped_in_chinese_reports(pav: Any, tmp_path: Path) -> None:
    hostile = "\u202e\x1b[31m<script>alert(1)</script>##[error]x"
    record = valid_record()
    record["footer"] = {**record["footer"], "icp": hostile}
    path = write_jsonl(tmp_path / "h.jsonl", [record])
    text: Run = pav("check", "--lang", "zh-CN", "--format", "text", str(path))
    assert "无法从" in text.out
    assert "\x1b" not in text.out and "\u202e" not in text.out
    page = tmp_path / "h.html"
    pav("check", "--lang", "zh-CN", "--format", f"html={page}", str(path))
    document = lxml_html.fromstring(page.read_bytes())
    assert len(document.xpath("//script")) == 6  # texts, findings, sites, files, requirements, code: none injected
    rows = json.loads(document.xpath("//script[@id='pav-findings']")[0].text)
    assert any("无法从" in row[7] and "<script>" in row[7] and "\u202e" not in row[7] for row in rows)


def test_notes_about_pages_and_crawls_in_chinese(pav: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """I006 (a page lying about its encoding), I007 (records skipped, by kind), I008 (a WARC cut short) and I011 (a
    page over the size limit) read in Chinese too; the kinds of skipped records keep their English order."""
    from tests.test_html_encoding import gov_page
    from tests.test_warc import Crawl, html_page

    (tmp_path / "lie.html").write_bytes(gov_page('<meta charset="utf-8">').encode("gbk"))
    crawl = Crawl(tmp_path / "cut.warc.gz")
    for index in range(4):
        crawl.response(f"https://www.sc.gov.cn/p{index}.shtml", html_page(f"第{index}篇"))
    crawl.response("https://www.sc.gov.cn/logo.png", b"\x89PNG", "image/png")
    crawl.response("https://www.sc.gov.cn/gone", b"<html>404</html>", status="404 Not Found")
    crawl.other("revisit", "https://www.sc.gov.cn/p0.shtml")
    crawl.response("https://www.sc.gov.cn/p9.shtml", html_page("第9篇"))
    cut = crawl.close()
    cut.write_bytes(cut.read_bytes()[:-200])
    done: Run = pav("check", "--select", "I", "--lang", "zh-CN", str(tmp_path / "lie.html"), str(cut))
    lie = tmp_path / "lie.html"
    assert f"{lie}: warning I006 {lie} 声明的字符集为 utf-8，实际为 gb18030；已按 gb18030 读取" in done.out
    assert (
        f"{cut}: info I007 已跳过 8 条 WARC 记录中不是 HTML 页面的 3 条：非 HTML 响应：1（image/png 1），"
        "HTTP 状态码为 404 的响应：1，revisit 记录（去重的抓取）：1"
    ) in done.out
    assert (
        f"{cut}: error I008 {cut} 在第 7 条记录（https://www.sc.gov.cn/p9.shtml）中间结束：该页面被截断，未检查；"
        "其前面的记录已检查"
    ) in done.out

    monkeypatch.setenv("PAV_MAX_PAGE_BYTES", "100")
    big: Run = pav("check", "--select", "I", "--lang", "zh-CN", str(lie))
    too_big = f"{lie}: error I011 {lie} 大小为 263 字节；pav 读取的页面最大为 100 字节（PAV_MAX_PAGE_BYTES）：未检查"
    assert too_big in big.out

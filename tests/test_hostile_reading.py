"""Hostile pages against the reader paths issue 12 added (stray closing tags, title and date readers, scripts that
hold their footer, JSON-LD, the declared language, the marks of a government footer, boilerplate trimming): never
a traceback, each reader still giving its answer, and the run goes on with the next page. (The pages are built
here without a headline or date of their own, so that each attacked reader is the one that answers.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.hostile_support import good_page, run_check

FOOTER = "<div class='footer'>蜀ICP备13001288号 川公网安备51010402000507号</div>"


def _page(body: str, head: str = "", lang: str = "zh-CN") -> str:
    head = f'<head><meta charset="utf-8"><title>标题</title>{head}</head>'
    return f'<html lang="{lang}">{head}<body>{body}{FOOTER}</body></html>'


HOSTILE = {
    # 200,000 stray closing tags before the article
    "closers": _page("</body></html>" * 200_000 + "<h1>标题</h1><p>" + "正文" * 50 + "</p>"),
    # a script holding 100,000 strings that each look like a footer
    "held-strings": _page("<script>var a=[" + ",".join(["'蜀ICP备13001288号'"] * 100_000) + "];</script>"),
    # JSON-LD nested 30,000 levels deep, within the 64 KB pav reads: Python's JSON reader gives up, pav goes on
    "json-ld": _page(
        "<p>正文</p>",
        head='<script type="application/ld+json">{"datePublished": ' + "[" * 30_000 + "]" * 30_000 + "}</script>",
    ),
    # a language tag of 100,000 characters, and one of control characters
    "lang-long": _page("<p>正文正文正文</p>", lang="zh-" + "a" * 100_000),
    "lang-control": _page("<p>正文正文正文</p>", lang="\x01\x02\x7f"),
    # 50,000 headings, each a near copy of the title
    "headings": _page("".join(f"<h2>标题{n}</h2>" for n in range(50_000))),
    # a title of 100,000 tags
    "title-markup": _page("<p>正文</p>").replace("<title>标题</title>", "<title>" + "&lt;b&gt;" * 100_000 + "</title>"),
    # 50,000 short lines that each start a related-article list, each followed by a longer one (quadratic once)
    "tail": _page("<div>" + "".join("<p>相关阅读</p><p>" + "文" * 70 + "</p>" for _ in range(50_000)) + "</div>"),
    # 100,000 date-like strings in one metadata line and in the URL
    "dates": _page("<h1>标题</h1><div>发布时间：" + "2023-13-45 " * 100_000 + "</div>").replace(
        "<head>", '<head><link rel="canonical" href="https://a.gov.cn/' + "2023/13/45/" * 10_000 + '">'
    ),
    # a conac link under 250 hidden elements (libxml2 keeps 255 levels)
    "marks": _page("<div style='display:none'>" * 250 + "<a href='https://bszs.conac.cn/'>x</a>" + "</div>" * 250),
}


# What each hostile page reads as: the reader path it attacks still gives its answer.
EXPECTED: dict[str, dict[str, Any]] = {
    "closers": {"body_start": "正文正文", "icp": "蜀ICP备13001288号"},
    "held-strings": {"icp": "蜀ICP备13001288号", "body": None},
    "json-ld": {"published_at": None, "body": "正文"},
    "lang-long": {"language": "zh", "declared": "zh-" + "a" * 97 + "…"},
    "lang-control": {"language": "zh", "declared": "\x01\x02\x7f"},
    "headings": {"title": "标题", "body_start": "标题0\n标题1"},
    "title-markup": {"title": None, "body": "正文"},
    "tail": {"body_lines": 100_000},
    "dates": {"published_at": None, "body_start": "发布时间：2023-13-45"},
    "marks": {"marks": None},  # the only mark is hidden by its style
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_page_is_read_and_the_run_goes_on(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from validator.sources.html import extract_html

    extract = extract_html(HOSTILE[name])
    read = {
        "icp": extract.footer.get("icp"),
        "body": extract.body,
        "title": extract.title,
        "language": extract.language,
        "published_at": extract.published_at,
        "declared": (extract.evidence.get("language") or {}).get("declared"),
        "marks": extract.evidence.get("marks"),
        "body_lines": extract.body.count("\n") + 1 if extract.body else 0,
    }
    for key, expected in EXPECTED[name].items():
        if key == "body_start":
            assert (extract.body or "").startswith(expected), (name, (extract.body or "")[:40])
        else:
            assert read[key] == expected, (name, key, str(read[key])[:80])
    # The CLI: no rule crashed on it, and both pages (the hostile one and a good one after it) became records.
    hostile = tmp_path / f"{name}.html"
    hostile.write_text(HOSTILE[name], encoding="utf-8")
    checked = run_check(capsys, tmp_path, str(hostile), str(good_page(tmp_path)))
    assert "X001" not in checked.rules(str(hostile))
    checked.accounted(records=2, problems=0)


def test_a_held_string_footer_is_read_once_however_often_it_is_repeated() -> None:
    from validator.sources.html import extract_html

    extract = extract_html(HOSTILE["held-strings"].replace(FOOTER, ""))
    assert extract.footer["icp"] == "蜀ICP备13001288号"
    assert extract.footer["raw"].count("蜀ICP备13001288号") <= 200  # the held lines are bounded


def test_a_language_tag_that_is_too_long_or_not_text_is_no_language_tag() -> None:
    from validator.sources.html.language import is_language_tag

    assert not is_language_tag("zh-" + "a" * 100_000)
    assert not is_language_tag("\x01\x02")
    assert not is_language_tag("中文")
    assert is_language_tag("zh-Hans-CN")

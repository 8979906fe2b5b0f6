"""The body: the article's text, without the page around it.

The main element is the one whose paragraphs hold the most text (`layout.scan_body`). Many government CMSs
write articles in <div>s (one per paragraph) or as one element of text broken by <br>: when no element's
paragraphs hold a full article's worth of text, `dense_element` finds the element whose own text and whose
text-only children hold the most non-link text (links are navigation, not article text).

Either way the element often holds more than the article: breadcrumbs, the metadata line (来源, 字号,
浏览次数), the government information-disclosure table (索引号, 发文机关, 成文日期) above it; 【纠错】, 责任编辑,
share buttons, "+1", video-player captions, "扫一扫", "打印本页", related-article lists ("相关阅读",
"热点排行") below it. `trim_boilerplate` removes such lines from both ends (short lines only, so an article
paragraph that names these words stays) and noise lines anywhere ("【纠错】", "+1", "分享到：").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree

from validator.sources.html.layout import BLOCK, CHROMEISH, FOOTERISH, SKIP, attr_marks
from validator.sources.html.tree import element_text
from validator.sources.pages import Line

__all__ = ["FULL_ARTICLE", "deck_lines", "dense_element", "trim_boilerplate"]

# Characters of paragraph text under one element that make it an article without looking further.
FULL_ARTICLE = 200

# Lines above the article: breadcrumbs, the metadata line, the information-disclosure table. Patterns that
# start the line are matched there; the others are searched behind a first-character guard (Python's regex
# engine would otherwise try every alternative at every position of every line).
_LEAD_START = re.compile(
    r"(?:发布时间|发布日期|发表时间|时间|日期|来源|信息来源|文章来源|作者|编辑|责编|字号|字体|浏览次数|阅读次数|点击数|点击量|访问量"
    r"|索引号|分类|发文机关|发布机构|成文日期|发文字号|主题分类|公文种类|文号|有效性|主题词|生成日期|组配分类|体裁分类|所属机构|标题"
    r"|(?i:Source|Author|Editor|Published|Updated|Date))\s*[:：]"
    # a date line: the date alone, or followed by the source, author or editor
    r"|\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
    r"\s*(?:$|来源|作者|编辑|责编|浏览|字号|点击|发布|(?i:Source|By\b))"
)
_LEAD_ANY = re.compile(
    r"(?=[当您所首>＞»›【大小打关收分])(?:当前位置|您的位置|您现在的位置|所在位置|当前页面|首页\s*[>＞»›]"
    r"|[>＞»›]\s*(?:正文|详情|内容)$"
    r"|【?\s*(?:大|小)\s*(?:中\s*)?(?:小|大)\s*】?|【\s*字[号体]|(?:打印|关闭|收藏|分享)(?:本页|窗口)?\s*】?$)"
)
# A byline or photo credit: a reporter's or editor's name line, or a caption's credit (short, no sentence).
_BYLINE = re.compile(
    r"(?:本报记者|本报通讯员|记者|通讯员|实习生|特约撰稿|撰文|编辑|责编|校对|审核|审校|摄影|供图|/文|文/|图/"
    # the editorial credits under a commentary or a feature: 总监制：…, 监制：…, 审读：…, 策划：…
    r"|监制|审读|策划|统筹|出品|终审|二审|三审|主编)"
)
_CREDIT_END = re.compile(
    r"(?:供图|摄|摄影|资料图?|图片来源[:：].*|视觉中国.*|图源[:：].*|\[Photo[^\]]*\]|\(Photo[^)]*\)"
    r"|[A-Z][A-Z .'-]+/(?:FOR )?[A-Z][A-Z .'-]+|/(?:XINHUA|VCG|CHINA DAILY|IC|CFP))\s*$"
)
# A photo credit on a line of its own after the text: "新华社发（刘满仓摄）", "（新华社记者 李贺 摄）".
_TAIL_CREDIT = re.compile(r"(?:供图|摄|摄影)\s*[)）]?\s*$")
# The paper a reprint comes from: 《人民日报》（2024年05月10日 04版）
_PRINT_SOURCE = re.compile(r"^[（(]?\s*《\s*[^》]{1,20}\s*》\s*[（(][^）)]*版\s*[）)]\s*[）)]?$")
# Lines above the article that are no sentence: the original title, a gallery or video label, a column tag.
_LEAD_LABEL = re.compile(r"^(?:原标题[:：]|图集$|组图[:：]?|视频[-:：]|【[^】]{1,12}】$)")
# Lines below the article, and the lines after which only such lists follow.
_TAIL = re.compile(
    r"(?=[责【纠我分扫微打关pP下相延热推猜上返网发\sESPRespr^])(?:责任编辑|责编|【纠错】|纠错|我要纠错|分享到|分享至|扫一扫|微信扫|打印本页|打印此页|关闭窗口|关闭本页|pdf下载|PDF下载"
    r"|下载文档|相关阅读|相关新闻|相关链接|相关文章|相关稿件|延伸阅读|热点排行|热点新闻|热门推荐|推荐阅读|猜你喜欢|上一篇|下一篇"
    r"|返回顶部|返回首页|网友评论|发表评论|我要评论|\s(?i:Editor|Share|Print|Related)\b|【?(?:打印|关闭|收藏)】?$)"
    r"|^(?i:Editor|Share|Print|Related)\b",
)
_TAIL_START = re.compile(
    r"^(?:\(|（|【|\[)?\s*(?:责任编辑|责编|编辑|相关阅读|相关新闻|相关链接|相关文章|相关报道|延伸阅读|热点排行|推荐阅读"
    r"|此前报道|点击进入专题|专题[:：])"
)
# The characters a tail block's first line or a notes heading starts with (checked before their patterns).
_TAIL_FIRST = frozenset("(（【[责编相延热推此点专注参NnRr")
# The heading of the notes or references after an article.
_NOTES = re.compile(r"^(?:Notes?|注释|注|参考文献|References)\s*[:：]?$", re.IGNORECASE)
# Lines that are noise wherever they are.
_NOISE = re.compile(
    r"^(?:【纠错】|\+1|分享到?\s*[:：]?|【?打印】?|【?关闭】?|收藏|点赞|视频加载中.*|您的浏览器不支持.*|扫一扫.*|微信扫一扫.*"
    r"|分享到.{0,20}|[A-Za-z]|(?:\[\d{1,3}\]\s*){2,}|(?:上一页|下一页|首页|尾页|\d{1,3})(?:\s+(?:上一页|下一页|首页|尾页|\d{1,3}))+"
    r"|\|?(?:<<|«)\s*(?:(?:\d{1,3}|上一页|下一页)\s*)*(?:>>|»)\|?"
    r"|手机(?:扫码|看).*|字号\s*[:：]?\s*大\s*中\s*小|[0-9]{1,3}|播放|暂停|全屏|(?i:Loading).*|\d{1,2}:\d\d\s*/\s*\d{1,2}:\d\d)$",
)
_SHORT = 100  # characters: boilerplate lines are short; an article paragraph that names these words is not
_CAPTION = 400  # characters: a photo caption with its credit may be longer
_NOISE_MAX = 40  # characters: a noise line (a button, a player's label, a pager) is shorter
_CREDIT_TAIL = 60  # characters at the end of a line where a photo credit stands (searched there only)
_TAIL_LINES = 80  # lines: how far from the end a related-article list or the notes may start
_LIST_LINE = 60  # characters: a related-article list is titles


def deck_lines(main: Any) -> set[str]:
    """The texts of the bold-only paragraphs the article element starts with (<p><strong>15家企业</strong></p>):
    a deck above the article, not its text."""
    found: set[str] = set()
    for el in main:
        if el.tag != "p":
            continue
        if (
            len(el) == 1
            and el[0].tag in ("strong", "b")
            and not (el.text or "").strip()
            and not (el[0].tail or "").strip()
        ):
            text = " ".join(element_text(el).split())
            if text:
                found.add(text)
            continue
        if (el.text or "").strip() or len(el):
            break  # the first paragraph of the article itself
    return found


def trim_boilerplate(
    lines: Sequence[Line],
    headings: Sequence[str] = (),
    deck: set[str] | None = None,
    heading_lines: tuple[int, int] | None = None,
    is_heading: Callable[[str, int], bool] | None = None,
) -> list[Line]:
    """The article's lines without the page's boilerplate at both ends and noise lines anywhere; a leading
    line that is the headline (one of `headings`) goes too, and so do the deck's lines (`deck_lines`) unless
    they are part of the headline (a document title in bold at the top of its text is the document's).
    `heading_lines` (first, last source line) of the headline element: when the article element holds the
    headline element itself, its lines go even when a <br> splits them. A leading line with the headline's text
    from elsewhere goes only when `is_heading(text, line)` says a heading shows it there (a second heading
    repeating the headline), not when the document's own text starts with its title."""
    kept = [line for line in lines if not (len(line[0]) <= _NOISE_MAX and _NOISE.match(line[0]))]
    start = _headline_run(kept, headings, heading_lines)
    while start < len(kept):
        text = kept[start][0]
        if len(text) > _SHORT and not (len(text) <= _CAPTION and _CREDIT_END.search(text, len(text) - _CREDIT_TAIL)):
            break
        # (only the headline element's own line: a document title written in its text, whole or over lines, is the
        # document's)
        if not (
            _is_lead(text)
            or _is_headline(text, kept[start][1], headings, heading_lines, is_heading)
            or (deck and text in deck and not any(text in h for h in headings))
        ):
            break
        start += 1
    end = len(kept)
    # A tail block (责任编辑, 相关阅读 …) with nothing but short lines after it ends the article; so do notes. Both
    # lie in the run of shortish lines the article ends with (found from the end: articles end in paragraphs).
    tail = end
    while tail > start + 1 and end - tail < _TAIL_LINES and len(kept[tail - 1][0]) <= _CAPTION:
        tail -= 1
    tail = max(tail, start)
    longest_after: list[int] | None = None  # (worked out once, when a tail block may start: never quadratic)
    for index in range(tail, end):
        text = kept[index][0]
        if text[:1] not in _TAIL_FIRST:  # (most lines: one set lookup instead of two regex matches)
            continue
        if len(text) <= _SHORT and _TAIL_START.match(text):
            if longest_after is None:
                longest_after = _longest_after(kept, tail, end)
            if longest_after[index - tail] <= _LIST_LINE:
                end = index
                break
        if index > start and _NOTES.match(text):
            end = index
            break
    while end > start and len(kept[end - 1][0]) <= _SHORT and _is_tail(kept[end - 1][0]):
        end -= 1
    return kept[start:end]


def _headline_run(lines: Sequence[Line], headings: Sequence[str], heading_lines: tuple[int, int] | None) -> int:
    """How many leading lines are the headline element's own lines, split by <br> (0 when they are not): the
    headline element inside the article element, not a document title written over lines of its text."""
    if heading_lines is None or not headings:
        return 0
    first, last = heading_lines
    wanted = {"".join(heading.split()) for heading in headings}
    joined = ""
    for index, (text, number) in enumerate(lines[:_HEADLINE_LINES]):
        if not first <= number <= last:
            break
        joined += "".join(text.split())
        if joined in wanted:
            return index + 1 if index else 0  # (one whole line: the headline test below takes it)
    return 0


def _is_headline(
    text: str,
    number: int,
    headings: Sequence[str],
    heading_lines: tuple[int, int] | None,
    is_heading: Callable[[str, int], bool] | None,
) -> bool:
    """Whether a line is the headline: its text, from the headline element when that is known, or from another
    heading showing it (a title line of a document's own text, under the page's headline, is the document's)."""
    if text not in headings:
        return False
    if heading_lines is None or heading_lines[0] <= number <= heading_lines[1]:
        return True
    return is_heading is not None and is_heading(text, number)


_HEADLINE_LINES = 6  # lines: a headline split by <br> over more is no headline


def _longest_after(lines: Sequence[Line], start: int, end: int) -> list[int]:
    """For each line from `start`, the length of the longest line from it to `end`."""
    longest_after = [0] * (end - start + 1)
    longest = 0
    for index in range(end - 1, start - 1, -1):
        size = len(lines[index][0])
        if size > longest:
            longest = size
        longest_after[index - start] = longest
    return longest_after


_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


# Full-width digits and letters and the ideographic space are folded to ASCII before the patterns are matched
# ("发布时间：２０２３" is a date line); full-width punctuation is left as it is, and the patterns take both forms
# of it. (NFKC would also fold "，" to ",", and the byline test tells a sentence by its "，".)
_WIDE = re.compile("[\u3000\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FOLD_WIDE = {0x3000: " ", **{code: chr(code - 0xFEE0) for code in range(0xFF10, 0xFF5B) if chr(code).isalnum()}}


def fold_wide(text: str) -> str:
    """The text with full-width letters and digits and ideographic spaces as ASCII (see _WIDE)."""
    return text.translate(_FOLD_WIDE) if _WIDE.search(text) is not None else text


def _is_lead(text: str) -> bool:
    text = fold_wide(text)
    norm = _CJK_SPACE.sub("", text) if " " in text else text  # ("索 引 号：" is 索引号)
    return (
        _LEAD_START.match(norm) is not None
        or _LEAD_ANY.search(norm) is not None
        or _LEAD_LABEL.search(norm) is not None
        or _is_byline(norm)
        or _CREDIT_END.search(norm, len(norm) - _CREDIT_TAIL) is not None
    )


def _is_tail(text: str) -> bool:
    norm = fold_wide(text)
    norm = _CJK_SPACE.sub("", norm) if " " in norm else norm  # ("监 制：" is 监制：)
    return (
        _TAIL.search(norm) is not None
        or _is_byline(norm)
        or _PRINT_SOURCE.match(norm) is not None
        or _is_photo_credit(norm)
    )


def _is_photo_credit(text: str) -> bool:
    # (short and no sentence: a caption that says what the photo shows ends with "。" before its credit)
    return len(text) <= _BYLINE_MAX and "。" not in text and _TAIL_CREDIT.search(text) is not None


def _is_byline(text: str) -> bool:
    # A short line naming reporters or editors, no sentence: "光明日报记者 王建宏 张文攀", "□ 本报记者 葛灵丹",
    # "（松花江网编辑 孙桂芳）", "顶端新闻·河南商报记者马俊峰/文受访者供图".
    return len(text) <= _BYLINE_MAX and "。" not in text and "，" not in text and _BYLINE.search(text) is not None


_BYLINE_MAX = 60


# Elements that may hold an article's text themselves (a <div> per paragraph, or text broken by <br>).
_HOLDERS = frozenset(("div", "td", "section", "article", "main", "font", "center", "span", "p", "li", "blockquote"))


def dense_element(body: Any) -> tuple[Any | None, int]:
    """The element holding the most article text, counting its own text and that of its children that hold
    text but no blocks, without link text; outside footers, navigation and scripts. (None, 0) when none.

    One walk of the body: each piece of text counts for the nearest holder around it.
    """
    own: dict[Any, int] = {}  # element -> characters of non-link text directly in it (or in its inline children)
    has_block: set[Any] = set()  # holders with a block child
    parents: dict[Any, Any] = {}  # holder -> the holder around it
    stack: list[Any] = []  # open holders
    link_depth = 0
    iterator = etree.iterwalk(body, events=("start", "end"))
    for event, el in iterator:
        tag = el.tag
        if tag.__class__ is not str:
            continue
        if event == "start":
            if tag in SKIP:
                iterator.skip_subtree()
                continue
            ident, cls = el.get("id"), el.get("class")
            if (ident is not None or cls is not None or tag in ("footer", "nav", "header", "aside")) and (
                tag in ("footer", "nav", "header", "aside") or attr_marks(ident, cls) & (FOOTERISH | CHROMEISH)
            ):
                iterator.skip_subtree()
                text = el.tail
                if text and stack and not link_depth:
                    own[stack[-1]] = own.get(stack[-1], 0) + len(text.strip())
                continue
            if tag in BLOCK and stack:
                has_block.add(stack[-1])
            if tag == "a":
                link_depth += 1
            if tag in _HOLDERS:
                if stack:
                    parents[el] = stack[-1]
                stack.append(el)
            text = el.text
            if text and stack and not link_depth:
                own[stack[-1]] = own.get(stack[-1], 0) + len(text.strip())
        else:
            if tag == "a":
                link_depth -= 1
            if stack and stack[-1] is el:
                stack.pop()
            text = el.tail
            if text and stack and not link_depth:
                own[stack[-1]] = own.get(stack[-1], 0) + len(text.strip())
    scores: dict[Any, int] = {}
    for el, count in own.items():
        if not count:
            continue
        scores[el] = scores.get(el, 0) + count
        parent = parents.get(el)
        if parent is not None and el not in has_block:
            scores[parent] = scores.get(parent, 0) + count  # a text-only child counts for its parent too
    if not scores:
        return None, 0
    best = max(scores.items(), key=lambda item: item[1])
    return best

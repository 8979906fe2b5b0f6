"""Hosts of URLs (validator/urls.py): the regex `url_host` gives urllib's host, and the remembered
`host_and_path` gives what splitting each time gives."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from validator import urls
from validator.urls import host_and_path, url_host


def reference_host(url: str) -> str:
    """What urllib says the host is (the reference `url_host` is held to)."""
    return (urlsplit(url).hostname or "").rstrip(".")


def test_url_host_extraction_matches_urllib() -> None:
    for url in (
        "https://WWW.SC.GOV.CN./a?b#c",
        "http://user:pw@www.gov.cn:8080/x",
        "http://[::1]:8080/a",
        "https://www.sc.gov.cn",
        "http://10.0.0.1",
        "https://例子.中国/路径",
        "https://h/#frag@x",
    ):
        assert url_host(url) == reference_host(url), url
    assert url_host("not a url") == "" and url_host("mailto:a@b.cn") == ""


# URLs of RFC 3986's form: scheme, optional userinfo and port, a registered name, IPv4 or IPv6 host, any path,
# query and fragment (where "@", ":" and brackets may appear again).
_LABEL = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-例子中国", min_size=1, max_size=10)
_HOST = st.one_of(
    st.lists(_LABEL, min_size=1, max_size=4).map(".".join).flatmap(lambda h: st.sampled_from([h, h + "."])),
    st.ip_addresses(v=4).map(str),
    st.ip_addresses(v=6).map(lambda ip: f"[{ip}]"),
)
_USERINFO = st.one_of(st.just(""), st.text("abcXYZ019-._~:%!$&'()*+,;=", max_size=10).map(lambda u: u + "@"))
_PORT = st.one_of(st.just(""), st.integers(0, 65535).map(lambda p: f":{p}"))
_REST = st.text("abc/?#@:[]=&%.-_~例", max_size=20).map(lambda r: r if not r or r[0] in "/?#" else "/" + r)
_SCHEME = st.sampled_from(["http", "https", "HTTP", "ftp", "git+ssh", "a.b-c"])


@given(_SCHEME, _USERINFO, _HOST, _PORT, _REST)
@example("https", "", "WWW.Gov.CN.", ":443", "/a@b:c")
@example("http", "user:pw@", "[2001:db8::1]", ":8080", "?x=[1]#@y")
def test_url_host_is_urllib_s_host_on_any_well_formed_url(
    scheme: str, userinfo: str, host: str, port: str, rest: str
) -> None:
    url = f"{scheme}://{userinfo}{host}{port}{rest}"
    assert url_host(url) == reference_host(url)


@given(st.text(st.characters(codec="utf-8"), max_size=80))
@example("//www.beian.gov.cn/portal?recordcode=1")
@example("beian.miit.gov.cn/")
@example("http://[::1")  # urllib refuses it: ("", "")
def test_host_and_path_remembered_is_host_and_path_split_each_time(url: str) -> None:
    urls._MEMO.clear()
    first = host_and_path(url)
    assert first == urls._split(url)
    assert host_and_path(url) == first  # from the memo when short enough
    assert (url in urls._MEMO) == (len(url) <= urls._MEMO_KEY_MAX)


def test_host_and_path_reads_links_as_the_filing_rules_need() -> None:
    assert host_and_path(" HTTP://WWW.Beian.GOV.cn./portal/registerSystemInfo?recordcode=1") == (
        "www.beian.gov.cn",
        "/portal/registersysteminfo",
    )
    assert host_and_path("//beian.miit.gov.cn/") == ("beian.miit.gov.cn", "/")
    assert host_and_path("beian.miit.gov.cn") == ("beian.miit.gov.cn", "")
    assert host_and_path("http://[::1") == ("", "")


def test_the_host_memo_stays_bounded_and_skips_long_links() -> None:
    urls._MEMO.clear()
    for number in range(urls._MEMO_MAX + 10):
        host_and_path(f"https://h{number}.gov.cn/")
    assert 0 < len(urls._MEMO) <= urls._MEMO_MAX
    long = "https://beian.miit.gov.cn/" + "a" * urls._MEMO_KEY_MAX
    assert host_and_path(long) == ("beian.miit.gov.cn", "/" + "a" * urls._MEMO_KEY_MAX)
    assert long not in urls._MEMO

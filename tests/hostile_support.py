"""Helpers of the hostile-input tests (tests/test_hostile_*.py): inputs are generated here, never committed.

`run_check` runs the real CLI in-process with a JSON report and returns it with stdout/stderr, so each test can
prove the three promises at once: no traceback, a finding naming the input, and counts that add up (records +
non-record inputs in the summary equal what was read).
"""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from validator.cli import main

FOOTER = (
    '<div class="footer"><p>主办单位：四川省人民政府办公厅</p><p>网站标识码：5100000062 '
    '<a href="https://beian.miit.gov.cn/">蜀ICP备13001288号</a> '
    '<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=51010402000507">川公网安备51010402000507号</a>'
    "</p></div>"
)


def page(title: str = "正常页面", body: str = "", footer: str = FOOTER, head: str = "") -> str:
    """A small, well-formed government page (UTF-8), with hostile parts spliced in where a test wants."""
    return (
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>{head}'
        '<meta name="PubDate" content="2023-11-22 10:55"></head>'
        f"<body><h1>{title}</h1><div class='content'><p>{title}的正文，内容足够长，足够长，足够长。</p>{body}</div>"
        f"{footer}</body></html>"
    )


@dataclass
class Checked:
    code: int
    report: dict[str, Any]
    out: str
    err: str

    @property
    def summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = self.report["summary"]
        return summary

    def rules(self, file: str | None = None) -> list[str]:
        return [f["rule"] for f in self.report["findings"] if file is None or f["location"]["file"] == file]

    def messages(self, rule: str) -> list[str]:
        return [f["message"] for f in self.report["findings"] if f["rule"] == rule]

    def accounted(self, records: int, problems: int) -> None:
        """Every item read is in the summary: `records` records and `problems` non-record inputs."""
        assert (self.summary["records"], self.summary["problems"]) == (records, problems), self.summary


def run_check(capsys: pytest.CaptureFixture[str], tmp: Path, *inputs: str, extra: tuple[str, ...] = ()) -> Checked:
    """`pav check INPUTS --format json=… --format text` in-process; asserts no traceback reached the user."""
    report = tmp / "report.json"
    capsys.readouterr()
    code = main(["check", *inputs, "--format", f"json={report}", "--format", "text", "--fail-on", "never", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err and "Traceback" not in captured.out
    return Checked(code, json.loads(report.read_text(encoding="utf-8")), captured.out, captured.err)


def good_page(folder: Path, name: str = "zz-good.html") -> Path:
    """A clean page checked after the hostile input: proves the run went on."""
    path = folder / name
    path.write_text(page("后续页面"), encoding="utf-8")
    return path


def write_warc(path: Path, payloads: list[bytes], gz: bool = True) -> Path:
    """A WARC of HTML responses, written by warcio."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for number, payload in enumerate(payloads):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://www.sc.gov.cn/{number}.shtml",
                "response",
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2023-11-23T01:02:03Z"},
            )
            writer.write_record(record)
    return path


@dataclass
class Server:
    """A real HTTP server on 127.0.0.1 that counts every request it gets."""

    base: str = ""
    routes: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)


@contextlib.contextmanager
def http_server() -> Iterator[Server]:
    state = Server()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits[self.path] += 1
            body, kind = state.routes.get(self.path, (b"", ""))
            if not kind:
                self.send_error(404, "Not Found")
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


BILLION_LAUGHS_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + "]>"
)

"""What a reader reports when an input cannot become a record (the I rule family).

Defined here, in the source stage, so readers need nothing from later stages; `validator.rules.reader`
registers them in the rule catalog for docs, severity overrides and summaries.
"""

from __future__ import annotations

from dataclasses import dataclass

from validator.findings import Finding, Location, Severity


@dataclass(frozen=True, slots=True)
class ReaderProblem:
    id: str
    name: str
    severity: Severity
    title: str
    doc: str

    def finding(self, message: str, location: Location) -> Finding:
        return Finding(self.id, self.severity, message, "", None, location)


UNREADABLE = ReaderProblem(
    "I001",
    "input-unreadable",
    Severity.ERROR,
    "The input file can be read",
    """The file exists but cannot be read (permissions, an I/O error).

    Failing: a file with mode 000 -> I001 naming the file.
    """,
)
INVALID_JSON = ReaderProblem(
    "I002",
    "input-invalid-json",
    Severity.ERROR,
    "Every line (or file) is valid JSON",
    """A JSON Lines line, or a JSON file, does not parse: truncated, a trailing comma, an unquoted key.

    The finding names the file and line; the reader goes on with the next line. In a `.json` array the rest
    of the file after a broken element cannot be split reliably: the finding says so, and how far it read.

    Passing: {"id": "a1", ...}
    Failing: {"id": "a1", "title": "Expo -> I002 at that line
    """,
)
NOT_AN_OBJECT = ReaderProblem(
    "I003",
    "input-not-object",
    Severity.ERROR,
    "Every record is a JSON object",
    """A line of a JSON Lines file, an element of a JSON array, or a whole JSON file is valid JSON but not an
    object (a string, number, list or null), so it cannot be a record.

    Failing: a line holding [1, 2, 3] -> I003 at that line
    """,
)
EMPTY = ReaderProblem(
    "I004",
    "input-empty",
    Severity.ERROR,
    "An input holds at least one record",
    """A file (or standard input) holds no record at all: empty, only white space, or an empty JSON array.

    An error by default: a CI gate that checked nothing must not pass as if everything were clean.
    """,
)
BAD_ENCODING = ReaderProblem(
    "I005",
    "input-encoding",
    Severity.ERROR,
    "JSON input is UTF-8",
    """A JSON or JSON Lines input is not valid UTF-8 (RFC 8259 requires it). The finding names the line;
    the reader goes on with the next line.

    Failing: a line written in GBK -> I005 at that line
    """,
)


# --- Pages (HTML, text captures, WARC, live URLs): issue 4 ------------------------------------------------

PAGE_CHARSET = ReaderProblem(
    "I006",
    "page-charset",
    Severity.WARNING,
    "A page decodes in the character encoding it declares",
    """A page's bytes are not valid in the encoding it declares (HTTP Content-Type charset, <meta charset>),
    or not valid in any encoding pav can find. Browsers then show garbled text, and so would an archive.

    pav honours a byte order mark first, then the HTTP charset, then the <meta> charset, and detects the
    encoding (charset-normalizer) when none is declared or the declared one fails; GB2312 and GBK are read
    as GB18030, their superset, as browsers do. When the declared encoding is wrong but another one reads
    the page cleanly (a page that says UTF-8 but is GBK), the page is read with that one and this finding
    names both. When no encoding reads every byte, the page is read with the best one and each undecodable
    byte is replaced with U+FFFD; the finding gives their count and the line of the first. The record is
    still made and checked: this finding is attached to it.

    Passing: a GBK page with <meta charset="gb2312">
    Failing: a GBK page with <meta charset="utf-8"> -> I006 ("declares utf-8 but is gb18030")
    """,
)
SKIPPED = ReaderProblem(
    "I007",
    "input-skipped",
    Severity.INFO,
    "Every input item that is not a page is accounted for",
    """An item of an input that is not an HTML page was skipped, and is counted here so nothing read is
    dropped silently: WARC records other than HTML `response` records (requests, metadata, revisits,
    images, scripts, responses with an HTTP status other than 200), and URLs that answer with something
    other than HTML (a PDF in a sitemap), and pages a sitemap run lists more than once (fetched once; one
    finding per --sitemap counts the rest). For a WARC file one finding sums up the skipped records by kind.
    Informational.

    Failing: a WARC with 3 pages and 40 images -> one I007 "skipped 40 of 43 records: 40 non-HTML responses
    (image/png 40)"
    """,
)
WARC_DAMAGED = ReaderProblem(
    "I008",
    "warc-damaged",
    Severity.ERROR,
    "A WARC file can be read to its end",
    """A WARC file is truncated or corrupt (a cut gzip member, a record whose length is wrong or missing, a
    header that does not parse). The records read before the damage are checked as usual; this finding names
    the offset where reading stopped and how many records were read.

    A record whose bytes do not match the digest its writer recorded (WARC-Block-Digest, or WARC-Payload-Digest
    when there is no block digest) is damaged too: its page is not checked, because its text is not what was
    captured, and reading goes on with the next record. (A payload digest that disagrees beside a matching
    block digest is no damage: writers differ on whether it covers a chunked payload as sent.)

    Failing: crawl.warc.gz cut in the middle of its fourth record -> 3 records checked, then I008
    Failing: one byte of a page changed in crawl.warc -> "record 1 (…) is damaged: its bytes do not match its
    WARC-Block-Digest (sha1:…); the page was not checked"
    """,
)
FETCH_FAILED = ReaderProblem(
    "I009",
    "fetch-failed",
    Severity.ERROR,
    "A URL to check answers with its page",
    """A URL given on the command line (or listed by a sitemap) could not be fetched: an HTTP status other than
    200 after redirects, no complete answer within the --timeout deadline (which covers redirects and
    retries), a refused connection, a DNS or TLS failure, an answer cut short or larger than pav reads, or a
    URL pav discovered (a sitemap entry, a redirect target) at a non-public address, refused without
    --allow-private. Timeouts, connection errors, 429 and 5xx answers are retried with exponential backoff
    (--retries) while the deadline allows. The finding names the URL, the status or error, and the number
    of attempts.

    Passing: a URL answering 200 with text/html
    Failing: a URL answering 404 -> I009 "HTTP 404 Not Found"; no answer within --timeout -> I009
    Failing: a sitemap listing http://10.0.0.5/admin -> I009 "refused: 10.0.0.5 is at 10.0.0.5, a private address"
    """,
)
SITEMAP_INVALID = ReaderProblem(
    "I010",
    "sitemap-invalid",
    Severity.ERROR,
    "A sitemap lists pages in the sitemap format",
    """A sitemap given with --sitemap (or listed by a sitemap index) is not a sitemap: not well-formed XML,
    a root other than <urlset> or <sitemapindex>, no <loc> at all, <loc> values that are not http(s)
    URLs, or a sitemap index nested too deep or in a loop. The pages a broken sitemap does list are still
    checked. XML entities are never expanded and nothing but the sitemap URLs themselves is fetched.

    Failing: a sitemap that is an HTML error page -> I010
    """,
)

TOO_LARGE = ReaderProblem(
    "I011",
    "input-too-large",
    Severity.ERROR,
    "An input is within pav's resource limits",
    """A page or line is larger than pav reads, so it was refused rather than read into memory: a page (an
    HTML or text file, a WARC response payload) over PAV_MAX_PAGE_BYTES (default 32 MiB), an HTML page with
    more than PAV_MAX_PAGE_ELEMENTS elements (default 1,000,000, counted as `<` characters), a JSON Lines
    line over PAV_MAX_LINE_BYTES (default 64 MiB). The finding names the input, its size and the limit; the
    run goes on with the next input. Raise a limit with its environment variable (see SECURITY.md).

    Passing: a 30 KB government page
    Failing: a 40 MiB HTML file -> I011 "is 41943040 bytes (40.0 MiB); pav reads pages up to 33554432 bytes"
    """,
)

PAGE_PROBLEMS = (PAGE_CHARSET, SKIPPED, WARC_DAMAGED, FETCH_FAILED, SITEMAP_INVALID, TOO_LARGE)
ALL_PROBLEMS = (UNREADABLE, INVALID_JSON, NOT_AN_OBJECT, EMPTY, BAD_ENCODING, *PAGE_PROBLEMS)

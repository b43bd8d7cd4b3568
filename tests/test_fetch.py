"""`refs fetch` and `refs check --sources` against a real HTTP server on 127.0.0.1 serving pages
written for these tests (Azerbaijani, Russian, English; with and without the claimed facts, one
with a contradicting number, one with a contradicting date)."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import refs_cli

from refs import api
from refs.fetch import FetchError, download, private_address, snapshot_names
from refs.model import Library, Reference
from refs.snapshots import read_snapshots


def page(title: str, body: str, lang: str = "en", published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | News</title>{meta}'
            f'</head><body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>'
            f'<header>Daily News Portal</header><main><article><h1>{title}</h1>{body}</article></main>'
            f'<aside><h3>Most read</h3><ul><li>Weather for the weekend</li><li>Football results</li></ul></aside>'
            f'<footer>© 2023 Daily News Portal. All rights reserved. Contact us.</footer></body></html>').encode()


PAGES = {
    # English: the claimed facts
    "/en-port": page("New ferry terminal opens at Alyat",
                     "<p>The new ferry terminal of the Port of Alyat was opened on 18 May 2021 by transport minister "
                     "Rauf Mammadzade.</p><p>The terminal can handle 15 million tonnes of cargo a year, up from 10 "
                     "million tonnes before the expansion.</p><p>Construction took three years.</p>",
                     published="2021-05-19"),
    # Russian: the claimed facts
    "/ru-school": page("В Шуше открылась новая школа",
                       "<p>1 сентября 2022 года в Шуше открылась новая общеобразовательная школа на 960 учеников.</p>"
                       "<p>В церемонии открытия приняли участие министр образования Эмин Амруллаев и глава "
                       "администрации Айдын Керимов.</p><p>Здание построено за 14 месяцев.</p>",
                       lang="ru", published="2022-09-02"),
    # Azerbaijani: the claimed facts
    "/az-book": page("Gəncədə kitab festivalı keçirilib",
                     "<p>2023-cü il iyunun 10-da Gəncə şəhərində ilk beynəlxalq kitab festivalı keçirilib.</p>"
                     "<p>Festivalda Azərbaycan, Türkiyə və Qazaxıstandan 120 nəşriyyat iştirak edib.</p>"
                     "<p>Üç gün ərzində festivalı 25 min nəfər ziyarət edib.</p>", lang="az", published="2023-06-11"),
    # English, on the same town, without the claimed facts
    "/en-other": page("Alyat free trade zone gets new investors",
                      "<p>Three companies from Turkey signed lease agreements in the Alyat free economic zone on "
                      "2 March 2023.</p><p>The zone's administration expects more investors next year.</p>",
                      published="2023-03-03"),
    # English, a contradicting number
    "/en-forum": page("Business forum ends with agreements",
                      "<p>The third Kazakh-Azerbaijani business forum was held in Almaty on 7 September 2023.</p>"
                      "<p>Delegations signed 45 agreements worth a total of 2.1 billion US dollars.</p>",
                      published="2023-09-08"),
    # Russian, a contradicting date
    "/ru-solar": page("Под Карагандой запущена солнечная электростанция",
                      "<p>26 октября 2023 года под Карагандой запущена солнечная электростанция мощностью 100 "
                      "мегаватт.</p><p>Станция будет вырабатывать около 170 миллионов киловатт-часов в год.</p>",
                      lang="ru", published="2023-10-27"),
    "/cp1251": (200, "text/html; charset=windows-1251",
                "<html><body><article><p>Токаев посетил Баку 24 августа 2022 года и встретился с "
                "президентом Азербайджана.</p></article></body></html>".encode("cp1251")),
    "/unknown-charset": (200, "text/html; charset=x-made-up-42",
                         b"<html><body><article><p>Plain ASCII text about Baku and its port.</p></article></body></html>"),
    "/plain": (200, "text/plain", b"Shusha, 12 March 2024: the festival opened."),
    "/missing": (404, "text/html", b"not here"),
    "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    "/huge": (200, "text/html", b"x" * 300_000),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path
        if path in ("/redirect", "/loop"):
            self.send_response(302)
            self.send_header("Location", "/en-port" if path == "/redirect" else "/loop")
            self.end_headers()
            return
        if path == "/slow":
            time.sleep(2)
        if path == "/drip":  # a byte at a time: each read is quick, the whole page never ends in time
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            return
        if path == "/long-header":
            self.send_response(200)
            self.send_header("X-Long", "a" * 70_000)
            self.end_headers()
            return
        if path == "/many-headers":
            self.send_response(200)
            for i in range(120):
                self.send_header(f"X-H{i}", "1")
            self.end_headers()
            return
        if path == "/pdf":
            body = self.server.pdf  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        found = PAGES.get(path if path != "/slow" else "/en-port")
        if isinstance(found, bytes):
            found = (200, "text/html; charset=utf-8", found)
        status, ctype, body = found or (404, "text/plain", b"")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from pdfmake import HEIGHT, column, write_pdf

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.pdf = write_pdf(tmp_path_factory.mktemp("pdf") / "s.pdf", [column(72, HEIGHT - 90, [
        "Annual report of the Caspian Shipping Company, 2022.",
        "The company's fleet carried 4.2 million tonnes of oil in 2022.",
        "Its new tanker, the Shusha, joined the fleet on 3 June 2022."])])
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def library(base: str, names: list[str]) -> Library:
    return Library(tuple(Reference(n, "webpage", {"URL": f"{base}/{n}"}) for n in names))


def test_fetch_saves_main_text_and_what_the_page_says_of_itself(server, tmp_path):
    into = tmp_path / "sources"
    results = {r.key: r for r in api.fetch_sources(library(server, ["en-port", "ru-school", "az-book", "pdf", "plain"]),
                                                   into, 5.0, 200_000)}
    assert all(r.ok for r in results.values()), results
    text = (into / "en-port.txt").read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    assert head.startswith("refs-snapshot: 1") and f"url: {server}/en-port" in head and "fetched: 20" in head
    assert "title: New ferry terminal opens at Alyat" in head and "published: 2021-05-19" in head
    assert "language: en" in head and "extractor: trafilatura" in head
    assert "15 million tonnes" in body
    for chrome in ("Home", "Most read", "Football results", "All rights reserved"):
        assert chrome not in body, chrome
    assert (into / "en-port.html").read_bytes() == PAGES["/en-port"]  # the download as it came
    assert "language: ru" in (into / "ru-school.txt").read_text(encoding="utf-8")
    assert "language: az" in (into / "az-book.txt").read_text(encoding="utf-8")
    pdf = (into / "pdf.txt").read_text(encoding="utf-8")
    assert "4.2 million tonnes" in pdf and "extractor: refs' PDF reader" in pdf and (into / "pdf.pdf").is_file()
    snaps = read_snapshots(into, ["en-port", "pdf", "plain"])
    assert snaps["en-port"].published == "2021-05-19" and snaps["en-port"].language == "en"
    assert snaps["plain"].text.startswith("Shusha, 12 March 2024")


def test_fetch_reports_each_failure_and_goes_on(server, tmp_path):
    names = ["missing", "image", "huge", "loop", "slow", "drip", "long-header", "many-headers", "unknown-charset",
             "cp1251", "redirect"]
    lib = Library(library(server, names).references + (Reference("nourl", "webpage", {"title": "T"}),
                                                       Reference("ftp", "webpage", {"URL": "ftp://example.org/x"})))
    started = time.monotonic()
    results = {r.key: r for r in api.fetch_sources(lib, tmp_path / "s", 1.0, 200_000)}
    assert time.monotonic() - started < 20
    assert results["missing"].message.startswith("HTTP 404")
    assert "image/png" in results["image"].message
    assert "larger than 200,000 bytes" in results["huge"].message
    assert "HTTP 302" in results["loop"].message
    assert "within 1 s" in results["slow"].message
    assert not results["drip"].ok and "1 s" in results["drip"].message  # one deadline for the whole page
    assert "longer than 64 KiB" in results["long-header"].message
    assert "more than 100 headers" in results["many-headers"].message
    assert results["unknown-charset"].ok and "Baku" in (tmp_path / "s" / "unknown-charset.txt").read_text(encoding="utf-8")
    assert results["cp1251"].ok and "Токаев посетил Баку" in (tmp_path / "s" / "cp1251.txt").read_text(encoding="utf-8")
    assert results["redirect"].ok and "redirected to" in results["redirect"].message
    assert results["nourl"].message == "has no URL" and not results["ftp"].ok


def test_redirects_from_a_public_address_to_a_private_one_are_refused():
    from refs.fetch import _Redirects

    assert private_address("127.0.0.1") and private_address("10.1.2.3") and private_address("169.254.169.254")
    assert private_address("::1") and not private_address("93.184.216.34")
    handler = _Redirects(inside=False)
    with pytest.raises(Exception, match="private or local address refused"):
        handler.redirect_request(None, None, 302, "Found", {}, "http://169.254.169.254/latest/meta-data")
    with pytest.raises(FetchError, match="not an http"):
        download("file:///etc/passwd")


def test_distinct_keys_never_share_a_file_name(tmp_path):
    keys = ["a/b", "a_b", "a:b", "Smith2020", "smith2020", "../../x", "ok-key"]
    names = snapshot_names(keys)
    assert len({n.lower() for n in names.values()}) == len(keys)
    assert names["ok-key"] == "ok-key" and "/" not in names["../../x"] and not names["../../x"].startswith(".")


def test_an_unresolvable_host_fails_that_url_only(tmp_path):
    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    with pytest.raises(FetchError, match="cannot reach it|refused"):
        download(f"http://127.0.0.1:{free_port()}/", timeout=2)


CLAIMS = """# Test article

The Alyat ferry terminal, opened on 18 May 2021 by Rauf Mammadzade, can handle 15 million tonnes of cargo a year [1].

1 sentyabr 2022-ci ildə Şuşada 960 şagird yerlik yeni məktəb açılıb [2].

Первый международный книжный фестиваль прошёл в Гяндже 10 июня 2023 года, в нём участвовали 120 издательств [3].

In 2021 the Alyat terminal created 3,000 new jobs and a direct railway to Turkmenbashi [4].

At the Almaty forum the delegations signed 45 agreements worth 3.5 billion dollars [5].

Qaraqanda yaxınlığındakı günəş elektrik stansiyası 2023-cü il oktyabrın 6-da işə salınıb [6].

The minister also opened a museum of the port's history [7].
"""


def test_fetch_then_check_sources_gives_each_claim_its_verdict(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    urls = {"en-port": "2021-05-19", "ru-school": "2022-09-02", "az-book": "2023-06-11", "en-other": "2023-03-03",
            "en-forum": "2023-09-08", "ru-solar": "2023-10-27"}
    bib = "".join(f"@online{{k{i}, title={{Page {i}}}, url={{{server}/{u}}}, date={{{d}}}}}\n"
                  for i, (u, d) in enumerate(urls.items(), start=1))
    bib += "@online{k7, title={The port's museum}, note={The minister opened the museum: confirmed.}}\n"
    Path("refs.bib").write_text(bib, encoding="utf-8")
    Path("paper.md").write_text(CLAIMS, encoding="utf-8")
    fetched = refs_cli("fetch", "refs.bib", "--into", "snap", "--timeout", "5")
    assert "6 saved, 1 failed" in fetched.stderr, fetched.stderr
    checked = refs_cli("check", "paper.md", "--bib", "refs.bib", "--sources", "snap", "--format", "json")
    data = json.loads(checked.stdout)
    verdicts = {v["key"]: v for v in data["verdicts"]}
    assert {k: v["verdict"] for k, v in verdicts.items()} == {
        "k1": "supported", "k2": "supported", "k3": "supported", "k4": "not found in source",
        "k5": "contradicted", "k6": "contradicted", "k7": "unverifiable"}
    assert "15 million tonnes" in verdicts["k1"]["passage"]["text"]
    assert any(c["source"] == "2.1 billion" for c in verdicts["k5"]["passage"]["conflicts"])
    assert "26 октября 2023 года" in verdicts["k6"]["reason"]
    codes = {(f["code"], tuple(f["references"])) for f in data["findings"]}
    assert ("claim-contradicted", ("k5",)) in codes and ("claim-contradicted", ("k6",)) in codes
    assert ("claim-not-found", ("k4",)) in codes and ("claim-unverifiable", ("k7",)) in codes
    assert checked.returncode == 1  # a contradicted claim is an error
    # the same verdicts in the claim map, and the HTML report shows the passage
    claims = json.loads(refs_cli("claims", "paper.md", "--bib", "refs.bib", "--sources", "snap").stdout)
    assert [c["status"] for c in claims["claims"]] == ["supported", "supported", "supported", "not found in source",
                                                       "contradicted", "contradicted", "unverifiable"]
    html = refs_cli("claims", "paper.md", "--bib", "refs.bib", "--sources", "snap", "--format", "html").stdout
    assert 'class="passage"' in html and '<mark class="hit">15 million</mark>' in html
    assert "3 supported, 2 contradicted, 1 not found in source, 1 unverifiable" in html
    # into Zotero: each source's note says what it says of the claim, its tag names the verdict
    items = {i["id"]: i for i in json.loads(refs_cli(
        "export", "refs.bib", "--to", "csljson", "--manuscript", "paper.md", "--sources", "snap").stdout)}
    assert "claim:supported" in items["k1"]["keyword"] and "claim:contradicted" in items["k5"]["keyword"]
    assert "claim:not-found" in items["k4"]["keyword"] and "claim:unverifiable" in items["k7"]["keyword"]
    assert "This source: supported" in items["k1"]["note"] and "The terminal can handle 15 million" in items["k1"]["note"]
    assert "the claim says 3.5 billion, the source 2.1 billion" in items["k5"]["note"]

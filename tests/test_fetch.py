"""`refs fetch` against a real HTTP server on 127.0.0.1 serving pages written for these tests."""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import pytest

from refs.fetch import fetch_all, safe_name
from refs.model import Library, Reference

PAGES = {
    "/ok": (200, "text/html; charset=utf-8", b"<html><body><p>Tokayev visited Baku on 24 August 2022.</p></body></html>"),
    "/cp1251": (200, "text/html; charset=windows-1251", "<p>Токаев посетил Баку</p>".encode("cp1251")),
    "/meta": (200, "text/html", '<html><head><meta charset="cp1254"></head><body>Türkiye ve Azerbaycan işbirliği</body></html>'.encode("cp1254")),
    "/plain": (200, "text/plain", b"Shusha, 12 March 2024"),
    "/missing": (404, "text/html", b"not here"),
    "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    "/huge": (200, "text/html", b"x" * 300_000),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(2)
        status, ctype, body = PAGES.get(self.path, PAGES["/ok"] if self.path == "/slow" else (404, "text/plain", b""))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def library(base):
    names = ["ok", "cp1251", "meta", "plain", "missing", "image", "huge", "redirect", "loop", "slow"]
    refs = [Reference(n, "webpage", {"URL": f"{base}/{n}"}) for n in names]
    refs.append(Reference("../../escape", "webpage", {"URL": f"{base}/ok"}))
    refs.append(Reference("nourl", "webpage", {"title": "T"}))
    refs.append(Reference("ftp", "webpage", {"URL": "ftp://example.org/x"}))
    return Library(tuple(refs))


def test_fetch_reports_every_outcome(server, tmp_path):
    results = {r.key: r for r in fetch_all(library(server), tmp_path / "src", timeout=1.0, max_bytes=200_000)}
    assert results["ok"].ok and (tmp_path / "src" / "ok.html").read_text(encoding="utf-8").count("Tokayev") == 1
    assert results["cp1251"].ok and "Токаев посетил Баку" in (tmp_path / "src" / "cp1251.html").read_text(encoding="utf-8")
    assert results["meta"].ok and "işbirliği" in (tmp_path / "src" / "meta.html").read_text(encoding="utf-8")
    assert results["plain"].ok and (tmp_path / "src" / "plain.txt").is_file()
    assert results["redirect"].ok and "redirected to" in results["redirect"].message
    assert not results["missing"].ok and results["missing"].message.startswith("HTTP 404")
    assert not results["image"].ok and "image/png" in results["image"].message
    assert not results["huge"].ok and "larger than 200,000 bytes" in results["huge"].message
    assert not results["loop"].ok and "HTTP 302" in results["loop"].message
    assert not results["slow"].ok and "no answer within 1 s" in results["slow"].message
    assert not results["nourl"].ok and results["nourl"].message == "has no URL"
    assert not results["ftp"].ok
    # a key cannot steer the file out of the folder
    assert results["../../escape"].ok and results["../../escape"].path.parent == tmp_path / "src"
    assert safe_name("../../x") == "_.._x"
    assert not (tmp_path / "x.html").exists()


def test_check_uses_the_snapshots(server, tmp_path, monkeypatch):
    from refs import api

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.bib").write_text(f"@online{{ok, title={{A page}}, url={{{server}/ok}}}}\n")
    (tmp_path / "m.md").write_text("# A\n\nTokayev came to Baku on August 24, 2022 [1].\n")
    weak = [f for f in api.check(Path("r.bib"), Path("m.md")) if f.code == "weak-support"]
    assert weak and "Tokayev" in weak[0].message
    fetch_all(api.load_library(Path("r.bib")).library, tmp_path / "sources", timeout=5)
    assert [f for f in api.check(Path("r.bib"), Path("m.md"), sources=Path("sources")) if f.code == "weak-support"] == []

"""Small PDFs for the PDF reader's tests, drawn with reportlab's canvas.

A page is a list of lines; a line is a baseline position and runs of text, each run with its own
font, size and rise (a superscript is a run in a smaller size with a positive rise)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = A4  # 595 x 842 points
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


@dataclass
class Run:
    text: str
    size: float = 10.0
    font: str = "Times-Roman"
    rise: float = 0.0  # text rise (the PDF's Ts operator)
    shift: float = 0.0  # drawn as a text object of its own this far above the baseline


@dataclass
class Line:
    x: float
    y: float
    runs: list[Run] = field(default_factory=list)


def line(x: float, y: float, *parts: str | Run, size: float = 10.0, font: str = "Times-Roman") -> Line:
    """A line at (x, y): strings in the given font and size, runs as they are."""
    return Line(x, y, [p if isinstance(p, Run) else Run(p, size, font) for p in parts])


def sup(text: str, size: float = 6.5, rise: float = 3.5, font: str = "Times-Roman", moved: bool = False) -> Run:
    """A superscript: a smaller size on a raised baseline, by text rise or (``moved``) by a text
    object of its own placed higher, as LaTeX and Word do."""
    return Run(text, size, font, 0.0, rise) if moved else Run(text, size, font, rise)


def column(x: float, top: float, rows: list[str | list[str | Run]], leading: float = 12.0,
           size: float = 10.0, font: str = "Times-Roman", indent: dict[int, float] | None = None) -> list[Line]:
    """Lines from ``top`` down, ``leading`` apart; ``indent`` moves row i right."""
    out = []
    for i, row in enumerate(rows):
        parts = [row] if isinstance(row, str) else row
        out.append(line(x + (indent or {}).get(i, 0.0), top - i * leading, *parts, size=size, font=font))
    return out


def dejavu() -> str | None:
    """Register DejaVu Serif (for characters outside WinAnsi) when the system has it."""
    if not os.path.exists(DEJAVU):
        return None
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSerif", DEJAVU))
    return "DejaVuSerif"


def write_pdf(path: Path, pages: list[list[Line]], *, user_password: str | None = None,
              images: dict[int, list[tuple[float, float, float, float]]] | None = None) -> bytes:
    """Draw the pages into ``path`` and return the file's bytes. ``images`` puts a small
    raster image (an RGB gradient) at (x, y, width, height) on the page of that index."""
    encrypt = None
    if user_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(user_password, "owner-secret", strength=128)
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    for k, page in enumerate(pages):
        for box in (images or {}).get(k, []):
            _image(c, *box)
        for ln in page:
            x = ln.x
            for run in ln.runs:
                t = c.beginText(x, ln.y + run.shift)
                t.setFont(run.font, run.size)
                t.setRise(run.rise)
                t.textOut(run.text)
                c.drawText(t)
                x += c.stringWidth(run.text, run.font, run.size)
        c.showPage()
    c.save()
    return Path(path).read_bytes()


def _image(c: canvas.Canvas, x: float, y: float, w: float, h: float) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (32, 24))
    img.putdata([(i * 8 % 256, j * 10 % 256, 128) for j in range(24) for i in range(32)])
    c.drawImage(ImageReader(img), x, y, w, h)
    c.rect(x, y, w, h)


def image_only_pdf(path: Path, pages: int = 2) -> bytes:
    """A scan-like PDF: images and rectangles, no text at all."""
    return write_pdf(path, [[] for _ in range(pages)],
                     images={k: [(72, 300, 450, 450)] for k in range(pages)})

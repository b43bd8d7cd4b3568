"""Patterns that every reader of pages shares: where a sentence ends, what a page number and a
figure or table caption look like. Kept in one place so that the text and the PDF readers agree."""

from __future__ import annotations

import re

__all__ = ["TERMINAL", "PAGE_NUMBER", "CAPTION"]

#: a sentence (or a clause list) ends here: a stop, then closing quotes or brackets
TERMINAL = re.compile(r"[.!?…:;][\"'”»’)\]]*$")

#: a page number alone on its line: "12", "— 2 —", "xiii", "Page 3 of 9", "стр. 4", "6 / 14"
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:\d{1,4}|(?-i:[ivxlcdm]{1,7}))(?:\s*[-–—])?\s*$"
    r"|^\s*(?:page|p\.|səh\.?|səhifə|стр\.?|с\.|бет|sayfa|s\.)\s*\d{1,4}(?:\s*(?:of|/|из)\s*\d{1,4})?\s*$"
    r"|^\s*\d{1,4}\s*(?:/|of|из)\s*\d{1,4}\s*$",
    re.I,
)

#: a figure or table caption's label: "Figure 1.", "Fig. 2:", "Table 3 —", "Рис. 4", "Şekil 2.3",
#: "Cədvəl 1"; ``after`` is what follows the number
CAPTION = re.compile(
    r"^\s*(?:supplementary\s+|suppl\.\s+)?(?:fig(?:ure)?s?\.?|tables?|tab\.|scheme|chart|plate|graph|map|"
    r"photo|box|рис(?:унок)?\.?|таблица|табл\.|схема|şekil|tablo|çizelge|grafik|şəkil|cədvəl|сурет|кесте)"
    r"\s*(?:[A-Z]?\d+(?:[.\-–]\d+)*[a-z]?|[IVXLC]+)(?P<after>\s*.?)",
    re.I,
)

from __future__ import annotations

import codecs
import os

import pytest

from refs.errors import EncodingError, InputError, OutputError
from refs.io import check_output_path, read_text, write_atomic

AZ = "Qazaxıstan və Azərbaycan arasında əlaqələrin inkişafı"
RU = "Казахстанско-азербайджанское сотрудничество находится на новом этапе. " * 3


@pytest.mark.parametrize(
    "data, encoding",
    [
        (AZ.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + AZ.encode("utf-8"), "utf-8-sig"),
        (AZ.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + AZ.encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_encodings(tmp_path, data, encoding):
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    t = read_text(p)
    assert t.text == AZ and t.encoding == encoding


def test_legacy_cyrillic_is_detected(tmp_path):
    p = tmp_path / "ru.txt"
    p.write_bytes(RU.encode("cp1251"))
    assert read_text(p).text == RU


def test_explicit_encoding_overrides(tmp_path):
    p = tmp_path / "tr.txt"
    text = "Türkiye ve Azerbaycan işbirliği, Şuşa"
    p.write_bytes(text.encode("cp1254"))
    assert read_text(p, "cp1254").text == text
    with pytest.raises(EncodingError) as info:
        read_text(p, "utf-8")
    assert info.value.location.line == 1 and info.value.location.col == 2


def test_binary_and_missing(tmp_path):
    p = tmp_path / "x.bib"
    p.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(EncodingError, match="binary|cannot read"):
        read_text(p)
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "absent.bib")
    with pytest.raises(InputError, match="folder"):
        read_text(tmp_path)
    with pytest.raises(EncodingError, match="unknown encoding"):
        read_text(p, "no-such-codec")


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "out" / "r.json"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert os.listdir(target.parent) == ["r.json"]


def test_write_atomic_leaves_nothing_when_interrupted(tmp_path):
    target = tmp_path / "r.txt"
    target.write_text("old")

    with pytest.raises(TypeError):  # fails after the temporary file is opened
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["r.txt"]


def test_output_guards(tmp_path):
    inp = tmp_path / "references.bib"
    inp.write_text("@book{a, title={A}}")
    with pytest.raises(OutputError, match="over an input"):
        check_output_path(inp, tmp_path, [inp])
    with pytest.raises(OutputError, match="outside the working folder"):
        check_output_path(tmp_path.parent / "x.json", tmp_path)
    assert check_output_path(tmp_path.parent / "x.json", tmp_path, explicit=True)
    assert check_output_path(tmp_path / "out" / "x.json", tmp_path) == (tmp_path / "out" / "x.json").resolve()


def test_a_utf8_file_with_a_few_latin1_bytes_is_read_whole():
    from refs.io import MIXED, decode_bytes

    data = ("Besançon, Laboratório, mapper—can, Zürich, Ñandú\n".encode() + b"Laborat\xf3rio \x96 caf\xe9\n")
    text = decode_bytes(data, "m.bib")
    assert text.encoding == MIXED
    assert text.text == "Besançon, Laboratório, mapper—can, Zürich, Ñandú\nLaboratório – café\n"

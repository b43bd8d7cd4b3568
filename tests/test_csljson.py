from __future__ import annotations

import json

from refs.formats import bibtex, csljson


def test_example_to_csl_json(example):
    lib = bibtex.parse((example / "references.bib").read_text(encoding="utf-8")).library
    items = json.loads(csljson.dump(lib))
    assert len(items) == 16
    first = items[0]
    assert first["type"] == "webpage"
    assert first["citation-key"] == first["id"] == "presidentaz2022kurmangazyproject"
    assert first["URL"] == "https://president.az/en/articles/view/57011"
    assert first["issued"] == {"date-parts": [[2022, 8, 24]]}
    assert first["container-title"].startswith("President of the Republic of Azerbaijan")
    assert first["language"] == "en"
    assert "accessed" not in first
    assert all(i["type"] == "webpage" and "annote" in i for i in items)


def test_csl_json_round_trip(example, fixtures):
    for path in (example / "references.bib", fixtures / "all-types-and-fields.bib"):
        lib = bibtex.parse(path.read_text(encoding="utf-8")).library
        text = csljson.dump(lib)
        back = csljson.parse(text)
        assert not back.errors
        assert [r.to_csl_json() for r in back.library] == json.loads(text)


def test_csl_json_errors_have_positions():
    parsed = csljson.parse('[{"id": "a",}]', "x.json")
    [err] = parsed.errors
    assert err.location.file == "x.json" and err.location.line == 1 and err.location.col == 13


def test_csl_json_to_bibtex_uses_default_names():
    lib = csljson.parse(json.dumps([{
        "id": "w", "type": "webpage", "title": "Page", "URL": "https://x.az",
        "container-title": "Site", "issued": {"date-parts": [[2024, 3, 11]]},
        "author": [{"literal": "Xalq qəzeti"}],
    }])).library
    text = bibtex.dump(lib)
    assert text.startswith("@online{w,")
    assert "organization = {Site}" in text and "date         = {2024-03-11}" in text
    assert "{{Xalq qəzeti}}" in text
    again = bibtex.parse(text).library["w"]
    assert again["container-title"] == "Site" and again["author"][0].literal == "Xalq qəzeti"


def test_export_for_zotero_and_what_it_says_it_loses():
    """The export's rules (types Zotero's importer rejects, the annote as lines of the note) are
    exactly what ``losses`` names, and everything else comes back as it was."""
    from refs.dates import Date
    from refs.model import Library, Name, Reference

    ref = Reference("s", "software", {"title": "Tool", "annote": "Read it.", "note": "Version two",
                                      "author": (Name(family="Dev", given="Ann"),), "issued": Date(start=(2021, 5)),
                                      "keyword": "a, b"}, "software", (("file", "t.pdf"),))
    item = json.loads(csljson.export(Library((ref,))))[0]
    assert item["type"] == "book" and "annote" not in item
    assert item["note"] == "Citation Key: s\nVersion two\nRead it."
    back = csljson.parse(csljson.export(Library((ref,)))).library["s"]
    assert back.key == "s" and back["note"] == "Version two\nRead it."
    lost = csljson.losses(ref)
    assert set(lost) == {"type", "annote", "note", "field:file"}
    assert all(back[var] == ref[var] for var in ref.fields if var not in lost)
    plain = Reference("p", "book", {"title": "P", "note": "Citation Key: other\nkept"})
    assert list(csljson.losses(plain)) == ["note"]  # its first line would be read as the key

"""The corpus renderer: reproducible files, OCR-like damage, and a source that parses back."""

from parse_support import SAMPLE

from corpus_samples.render import ocr_damage, parse_source, render


def test_rendering_is_reproducible(tmp_path, sample_source):
    for fmt in ("pdf", "docx", "txt"):
        first = render(sample_source, tmp_path / f"a.{fmt}", fmt=fmt)
        second = render(sample_source, tmp_path / f"b.{fmt}", fmt=fmt)
        assert first.read_bytes() == second.read_bytes(), fmt


def test_output_dir_names_the_file_after_the_id(tmp_path, sample_source):
    assert render(sample_source, tmp_path, fmt="docx").name == "fixture_so_2020.docx"
    assert render(sample_source, tmp_path, fmt="scan").name == "fixture_so_2020.pdf"


def test_source_structure(sample_source):
    assert sample_source.meta["running_header"].startswith("Björkviks kommun")
    kinds = [part.kind for part in sample_source.parts]
    assert kinds.count("heading") == 5 and kinds.count("table") == 1 and kinds.count("pagebreak") == 1
    table = next(part for part in sample_source.parts if part.kind == "table")
    assert table.rows[0] == ["Åtgärd", "Ansvarig", "När"] and len(table.rows) == 3


def test_ocr_damage_is_seeded_and_partial():
    text = "Lägesbilden för överenskommelsen om brottsförebyggande arbete i Höör och Åkerby " * 5
    damaged = ocr_damage(text, "seed")
    assert damaged == ocr_damage(text, "seed") != ocr_damage(text, "annat frö")
    assert len(damaged) == len(text)
    assert "ä" in damaged and "ö" in damaged  # not every occurrence
    assert any(c in damaged for c in "6é") and "lagesbild" in damaged.lower()


def test_ocr_damage_front_matter_reaches_the_file(tmp_path):
    source = parse_source(SAMPLE.replace("format: pdf", "format: txt\nocr_damage: true"))
    text = render(source, tmp_path).read_text(encoding="utf-8")
    assert text.count("ä") < SAMPLE.split("---", 2)[2].count("ä")

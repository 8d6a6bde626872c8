import json
import subprocess
import sys

from click.testing import CliRunner

from auditor.cli import cli


def test_summary_in_swedish(rendered):
    result = CliRunner().invoke(cli, ["parse", str(rendered("pdf")), str(rendered("docx"))])
    assert result.exit_code == 0, result.output
    assert "Format: PDF, 3 sidor" in result.stdout
    assert "Format: DOCX, 2 sidor" in result.stdout
    assert "Rubriker: 5" in result.stdout and "2.1 Åtgärdsplan" in result.stdout
    assert "tabellrader: 3" in result.stdout
    assert "Sidhuvud/sidfot: Björkviks kommun" in result.stdout


def test_json_is_the_document(rendered):
    result = CliRunner().invoke(cli, ["parse", "--json", str(rendered("txt"))])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["format"] == "txt"
    block = data["blocks"][1]
    assert data["text"][block["start"]:block["end"]] == block["text"] == "Samverkansöverenskommelse"


def test_bad_input_exits_2_with_swedish_message(tmp_path, rendered):
    junk = tmp_path / "skräp.pdf"
    junk.write_bytes(b"\x00\x01 inte en pdf")
    result = CliRunner().invoke(cli, ["parse", str(rendered("txt")), str(junk)])
    assert result.exit_code == 2
    assert "skräp.pdf: Filen kunde inte läsas: PDF-filen verkar vara skadad" in result.stderr
    assert "Format: TXT" in result.stdout  # the good file is still reported


def test_console_script_prints_no_traceback(tmp_path):
    empty = tmp_path / "tom.docx"
    empty.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-c", "from auditor.cli import main; main()", "parse", str(empty)],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "Filen är tom" in result.stderr and "Traceback" not in result.stderr

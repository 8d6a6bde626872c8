"""Word files as people send them, written for the tests: python-docx makes the package and lxml the markup
python-docx cannot write (tracked changes, content controls, text boxes, fields, footnotes, numbering)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_CHANGE = 'w:author="Anna Berg" w:date="2024-11-02T10:00:00Z"'


def r(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(text: str) -> str:
    return f'<w:ins w:id="1" {_CHANGE}>{r(text)}</w:ins>'


def deleted(text: str) -> str:
    return f'<w:del w:id="2" {_CHANGE}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def p(*runs: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    return f"<w:p>{'<w:pPr>' + props + '</w:pPr>' if props else ''}{''.join(runs)}</w:p>"


def write(path: Path, body: str, *, parts: dict[str, str] | None = None, setup=None) -> Path:
    """A .docx whose body is `body` (w:p/w:tbl markup). `parts` adds a footnotes or numbering part by kind;
    `setup(document)` may add what python-docx writes itself (headers, comments)."""
    document = docx.Document()
    body_element = document.element.body
    for child in list(body_element):
        if child.tag != body_element.sectPr.tag:
            body_element.remove(child)
    for child in parse_xml(f"<w:body {NS}>{body}</w:body>"):
        body_element.sectPr.addprevious(child)
    for kind, xml in (parts or {}).items():
        _add_part(document, kind, xml)
    if setup:
        setup(document)
    document.save(str(path))
    return path


def _add_part(document, kind: str, xml: str) -> None:
    element = parse_xml(xml)
    if kind == "numbering":
        document.part.numbering_part._element = element
        return
    content_type, reltype = {
        "footnotes": (CT.WML_FOOTNOTES, RT.FOOTNOTES),
        "endnotes": (CT.WML_ENDNOTES, RT.ENDNOTES),
    }[kind]
    from lxml import etree

    part = Part(PackURI(f"/word/{kind}.xml"), content_type, etree.tostring(element), document.part.package)
    document.part.relate_to(part, reltype)


def footnotes(*texts: str) -> str:
    notes = "".join(
        f'<w:footnote w:id="{i}">{p(r(text))}</w:footnote>' for i, text in enumerate(texts, start=1)
    )
    separator = f'<w:footnote w:type="separator" w:id="-1">{p("<w:r><w:separator/></w:r>")}</w:footnote>'
    return f"<w:footnotes {NS}>{separator}{notes}</w:footnotes>"


def tracked_draft(path: Path) -> Path:
    """The draft of the issue: the period exists only as a tracked insertion, the old wording as a deletion;
    the kommun's template puts the kommun in the header and a comment asks about the period."""
    body = "".join([
        p(r("Samverkansöverenskommelse mellan Lunds kommun och lokalpolisområde Lund"), style="Heading1"),
        p(r("Överenskommelsen gäller "), ins("från 1 januari 2025 till 31 december 2027"), deleted(" tills vidare"),
          r(".")),
        p(r("Syftet är att minska brottsligheten och öka tryggheten i centrum. Prioriterade fokusområden är "
            "bostadsinbrott och otrygghet i centrum.")),
        p(r("Kommunen åtar sig att förbättra belysningen. Polisen åtar sig att genomföra riktade insatser.")),
    ])

    def setup(document) -> None:
        document.sections[0].header.paragraphs[0].text = "Lunds kommun · Utkast"
        period = document.paragraphs[1]
        document.add_comment(period.runs[0], text="Ska perioden vara tre år?", author="Per Holm", initials="PH")

    return write(path, body, setup=setup)

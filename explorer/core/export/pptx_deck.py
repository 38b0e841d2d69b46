"""The PowerPoint file around the slides: a true 16:9 widescreen size, the master and layouts
stretched to it, the protective marking on the slide master (so a slide added later in
PowerPoint is marked too), and the document's own properties set at export.
"""

from __future__ import annotations

import datetime as _dt

from explorer.core.shown_text import xml_safe

WIDTH_EMU, HEIGHT_EMU = 12192000, 6858000  # 13.333 × 7.5 in: PowerPoint's "Widescreen (16:9)"
_OLD_WIDTH = 9144000  # python-pptx's default template is 4:3 (10 × 7.5 in)
MARK_PT = 16
MARK_H_EMU = 365760  # 0.4 in
FONT = "DejaVu Sans"  # the slides' font (bundled with the app, explorer/ui/resources/fonts)


def new_presentation(marking: str):
    """An empty widescreen presentation whose master carries `marking` top and bottom."""
    from pptx import Presentation

    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH_EMU, HEIGHT_EMU
    # The default template tags its size "screen4x3"; widescreen has no type (PowerPoint writes
    # none for 13.333 × 7.5 in: "screen16x9" means 10 × 5.625 in).
    size = prs.part._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz"
    )
    if size is not None and "type" in size.attrib:
        del size.attrib["type"]
    from pptx.enum.text import MSO_AUTO_SIZE

    master = prs.slide_master
    for shapes in [master.shapes, *(layout.shapes for layout in prs.slide_layouts)]:
        for shape in shapes:
            if shape.left is not None and shape.width is not None:
                shape.left = int(shape.left * WIDTH_EMU / _OLD_WIDTH)
                shape.width = int(shape.width * WIDTH_EMU / _OLD_WIDTH)
            if shape.has_text_frame:  # the template's "shrink text on overflow": below 14 pt
                shape.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    _use_font(prs, FONT)
    _mark_master(prs, marking)
    return prs


def _use_font(prs, family: str) -> None:
    """The theme's heading and body fonts set to `family`: the font every fit on the slide was
    measured with (explorer.core.slides.measure), so LibreOffice draws what was measured rather
    than putting its widest face in for the template's Calibri; where the font is missing,
    PowerPoint falls back to a narrower one, which fits too."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for latin in root.iterfind(".//a:fontScheme/*/a:latin", ns):
        latin.set("typeface", family)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def band_colour(marking: str) -> str:
    """The marking band's colour, as the slide renderer draws it (darker when SENSITIVE)."""
    return "#1A1A1A" if marking.startswith("OFFICIAL-SENSITIVE") else "#2B2B2B"


def _mark_master(prs, marking: str) -> None:
    """Two text boxes on the master, built on a scratch slide and moved there."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Pt

    band = band_colour(marking)
    scratch = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    for name, top in (("Marking (top)", 0), ("Marking (bottom)", HEIGHT_EMU - MARK_H_EMU)):
        box = scratch.shapes.add_textbox(0, top, WIDTH_EMU, MARK_H_EMU)
        box.name = name
        box.fill.solid()  # the PDF's band: white capitals on near-black
        box.fill.fore_color.rgb = RGBColor.from_string(band.lstrip("#"))
        frame = box.text_frame
        frame.word_wrap = True  # the box keeps the slide's width (LibreOffice shrinks it else)
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        para = frame.paragraphs[0]
        para.alignment = PP_ALIGN.CENTER
        run = para.add_run()
        run.text = xml_safe(marking)
        run.font.size = Pt(MARK_PT)
        run.font.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        prs.slide_master.shapes._spTree.append(box._element)
    _drop_slide(prs, scratch)


def _drop_slide(prs, slide) -> None:
    ids = prs.slides._sldIdLst
    for entry in list(ids):
        if prs.part.related_part(entry.rId) is slide.part:
            prs.part.drop_rel(entry.rId)
            ids.remove(entry)


def master_marking(prs) -> list[str]:
    """The texts of the marking boxes on the master (for checks)."""
    return [s.text_frame.text for s in prs.slide_master.shapes if s.name.startswith("Marking")]


def set_properties(
    prs, *, title: str, marking: str, author: str, comments: str = "", now=None
) -> None:
    """Title, subject and keywords (the marking), author, and created/modified now, replacing
    the template's ("Steve Canny", 2013)."""
    now = now or _dt.datetime.now(_dt.UTC).replace(microsecond=0, tzinfo=None)
    # Office's core properties hold at most 255 characters each (python-pptx refuses more).
    title, marking, author = (xml_safe(t)[:255] for t in (title, marking, author))
    props = prs.core_properties
    props.title = title or "Briefing"
    props.subject = marking
    props.keywords = marking
    props.category = marking
    props.author = author or "Briefing Explorer"
    props.last_modified_by = author or "Briefing Explorer"
    props.created = now
    props.modified = now
    props.last_printed = now
    props.revision = 1
    props.comments = xml_safe(comments)[:255]
    props.content_status = marking

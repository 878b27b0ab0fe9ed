"""Paragraphs of the PDFs (Berita Acara, annexes, QR caption) built one way, so user text is never read as markup.

ReportLab's Paragraph parses a mini-markup (`<b>`, `<font>`, `<para>`, entities): a title with `&` or `<` made
finalization fail with a 500. Every paragraph goes through `para` (all text escaped) or `markup` (a fixed
template of ours, with only the values escaped).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

# C0 controls except tab and newline, DEL and C1 controls: they have no glyph and upset the paragraph parser.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text(value: object) -> str:
    """`value` as paragraph-safe text: markup characters escaped, controls dropped, line breaks kept."""
    cleaned = _CONTROL.sub("", "" if value is None else str(value))
    return escape(cleaned).replace("\r\n", "\n").replace("\n", "<br/>")


def para(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph showing `value` literally, whatever characters it holds."""
    return Paragraph(text(value), style)


def markup(template: str, style: ParagraphStyle, **values: object) -> Paragraph:
    """A paragraph from a fixed template of ours (which may use `<b>` or `<br/>`), every value escaped."""
    return Paragraph(template.format(**{name: text(value) for name, value in values.items()}), style)

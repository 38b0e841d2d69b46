"""Presentation mode: slides drawn for projection (one renderer shared with the PDF and PNG
exports), the full-screen audience view and the presenter's view with notes and the next slide."""

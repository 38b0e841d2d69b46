"""Slides as content: `SlideContent` (what one slide or view shows, built once from the data, the
view and the options) and the takeaway-number check. Every output format renders these."""

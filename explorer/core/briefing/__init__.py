"""Briefings: an ordered set of slides, each a saved view of the survey and the focus groups,
with its own store, autosave, data check and protective marking."""

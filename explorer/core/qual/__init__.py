"""Qualitative half: coded focus-group projects (REFI-QDA, segment tables), quote queries."""

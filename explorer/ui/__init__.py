"""The Qt layer: widgets that show core objects and turn user actions into core calls."""

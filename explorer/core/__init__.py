"""The Qt-free core: data models, loaders, statistics, filters, briefings and exports.

Nothing under this package may import Qt; it serves the window and the command line alike.
"""

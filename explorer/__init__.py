"""Briefing Explorer: weighted survey results and coded focus groups, sliced together.

`explorer.core` is Qt-free (models, loaders, statistics); `explorer.ui` shows it.
"""

__version__ = "0.1.0"

"""Application resources (icons, desktop entry, freezer spec): installed as `explorer.app_resources`.

Code reads them through `importlib.resources`; the build files here are used by `resources/build_app.py`.
"""

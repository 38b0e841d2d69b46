"""Packages for setuptools: everything under `explorer/`, plus two folders kept at the top level of the
repository and installed inside the package so that `importlib.resources` finds them in a checkout,
an editable install, a wheel and a frozen app alike: `data/sample` and `resources`.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["explorer", "explorer.*"]),
        "explorer.sample_data",
        "explorer.app_resources",
    ],
    package_dir={"explorer.sample_data": "data/sample", "explorer.app_resources": "resources"},
)

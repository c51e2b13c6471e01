"""Only what scrapyd-deploy needs to build the project's egg: the package and its data.

Installing the project is ``pip install -r requirements.txt``; this file is not for that.
Tests, benchmarks and docs stay out of the egg: only ``newsscraper`` and its
subpackages are packed, with every JSON file under them (``schemas/*.json`` and any
added later), which code must read through ``importlib.resources`` because scrapyd
runs the egg as a zip file.
"""

import re
from pathlib import Path

from setuptools import find_packages, setup

VERSION = re.search(
    r'^__version__ = "([^"]+)"', Path("newsscraper/__init__.py").read_text(encoding="utf-8"), re.M
)[1]

setup(
    name="newsscraper",
    version=VERSION,
    packages=find_packages(include=["newsscraper", "newsscraper.*"]),
    package_data={"newsscraper": ["**/*.json"]},
    entry_points={"scrapy": ["settings = newsscraper.settings"]},
    python_requires=">=3.11",
    zip_safe=True,
)

"""Only what scrapyd-deploy needs to build the project's egg (tests excluded)."""

from setuptools import find_packages, setup

setup(
    name="newsscraper",
    version="0.1.0",
    packages=find_packages(include=["newsscraper", "newsscraper.*"]),
    package_data={"newsscraper": ["*.json", "schemas/*.json"]},
    entry_points={"scrapy": ["settings = newsscraper.settings"]},
    python_requires=">=3.11",
)

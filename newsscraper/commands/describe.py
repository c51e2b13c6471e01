"""``scrapy describe SPIDER``: what a spider crawls and which arguments it takes."""

from __future__ import annotations

import argparse
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.spiderloader import get_spider_loader

from newsscraper import exitcodes
from newsscraper.arguments import SPIDER_ARGUMENTS
from newsscraper.errors import fail


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "<spider>"

    def short_desc(self) -> str:
        return "Describe a spider: its site, languages and arguments"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        loader = get_spider_loader(self.settings)
        if len(args) != 1 or args[0] not in loader.list():
            known = ", ".join(sorted(loader.list()))
            fail("describe", f"name one spider; known: {known}")
            self.exitcode = exitcodes.CONFIG_ERROR
            return
        site = getattr(loader.load(args[0]), "site", None)
        print(f"spider {args[0]}")
        if site is not None:
            print(f"  site       {site.title or site.name} ({site.base_url or 'no default URL'})")
            print(f"  languages  {', '.join(site.languages) or 'any'}")
            print(f"  time zone  {site.timezone or 'none (naive times stay naive)'}")
        print("arguments (-a NAME=VALUE):")
        for name, meaning in SPIDER_ARGUMENTS.items():
            print(f"  {name:<9}  {meaning}")

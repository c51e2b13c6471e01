"""What the figures were measured on, in one line."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    """Cores, CPU model, memory, Python and Scrapy versions."""
    import scrapy

    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
        platform.processor(),
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {cpu}, {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}, Scrapy {scrapy.__version__}"
    )

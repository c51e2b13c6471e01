"""newsscraper: news sites into clean, deduplicated article datasets."""

__version__ = "0.1.0"

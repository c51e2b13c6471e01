"""Downloader middlewares of newsscraper."""

"""Scrapy extensions of newsscraper."""

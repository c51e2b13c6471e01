"""Building blocks of article markup: head metadata, credits, inline markup, broken HTML."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from .furniture import LABELS, attr, esc, meta_tags
from .model import Article, Photo

_QUOTED = re.compile(r'(«[^»]+»|„[^“]+“|"[^"]+")')
_LONG_WORD = re.compile(r"(?<= )[A-Za-zÀ-ÿ]{9,}(?= )")


def page_title(article: Article) -> str:
    return f"{article.title} - {article.headline}"


def credit_label(article: Article) -> str:
    """The credit's label: ``Foto:``, ``Fotografia:`` or ``Photo:``, at times followed by ``©``."""
    number = int(article.article_id)
    label = LABELS[article.language]["credit"]
    if article.language == "pt" and number % 3 == 0:
        label = "Photo:"
    return label + (" ©" if number % 4 == 3 else "")


def credit_line(article: Article, photo: Photo) -> str:
    """``caption / Foto: credit`` as plain text."""
    return f"{photo.caption} / {credit_label(article)} {photo.credit}"


def inline_html(text: str, index: int, link: str) -> str:
    """A paragraph as HTML with some inline markup; the text itself is unchanged."""
    parts = _QUOTED.split(text)
    if index % 3 == 0 and len(parts) > 1:
        return "".join(f"<em>{esc(p)}</em>" if i % 2 else esc(p) for i, p in enumerate(parts))
    words = text.split(" ")
    if index % 3 == 1 and len(words) > 4:
        return f"<b>{esc(' '.join(words[:3]))}</b> {esc(' '.join(words[3:]))}"
    match = _LONG_WORD.search(text)
    if match is None:
        return esc(text)
    start, end = match.span()
    return f'{esc(text[:start])}<a href="{link}">{esc(match.group())}</a>{esc(text[end:])}'


def open_graph(article: Article, base: str, *, url: bool = True, times: bool = False) -> str:
    """Description, keywords, Open Graph and Twitter metas; with ``times`` the article:*_time
    metas and og:image:alt (the caption), as the classic template has them."""
    photo = article.photo
    return meta_tags(
        [
            ("name", "description", article.summary),
            ("name", "keywords", ", ".join(article.keywords)),
            ("property", "og:site_name", article.title),
            ("property", "og:type", "article"),
            ("property", "og:title", page_title(article)),
            ("property", "og:description", article.summary),
            ("property", "og:image", base + photo.path if photo else None),
            ("property", "og:image:alt", photo.caption if photo and times else None),
            ("property", "og:url", base + article.path if url else None),
            ("property", "og:locale", LABELS[article.language]["locale"]),
            ("property", "article:section", article.section),
            ("property", "article:published_time", _naive(article.published) if times else None),
            ("property", "article:modified_time", _naive(article.modified) if times else None),
            ("name", "twitter:card", "summary_large_image"),
            ("name", "twitter:site", f"@{article.site}"),
        ]
    )


def _naive(moment: datetime | None) -> str | None:
    """``2024-11-30 07:41:00``: how the CMS prints a time in metas (Lisbon, no offset)."""
    return None if moment is None else f"{moment:%Y-%m-%d %H:%M:%S}"


def canonical(article: Article, base: str) -> str:
    return f'<link rel="canonical" href="{attr(base + article.path)}">'


def json_ld(article: Article, base: str) -> str:
    """NewsArticle whose author is the publisher (the byline in the text is the real author)."""
    organization = {"@type": "Organization", "name": article.title, "url": base + "/"}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": base + article.path},
        "headline": article.headline,
        "description": article.summary,
        "image": [base + p.path for p in article.photos],
        "datePublished": article.iso(article.published),
        "dateModified": article.iso(article.modified or article.published),
        "author": organization,
        "publisher": {
            **organization,
            "logo": {"@type": "ImageObject", "url": base + "/static/img/logo.png"},
        },
        "inLanguage": LABELS[article.language]["lang"],
        "articleSection": article.section,
        "keywords": ", ".join(article.keywords),
    }
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": base + path}
            for n, (name, path) in enumerate(
                [
                    (article.title, "/"),
                    (article.section, article.section_path),
                    (article.headline, article.path),
                ],
                start=1,
            )
        ],
    }
    blocks = ({k: v for k, v in data.items() if v}, crumbs)
    return "\n".join(
        '<script type="application/ld+json">'
        + json.dumps(block, ensure_ascii=False).replace("</", "<\\/")
        + "</script>"
        for block in blocks
    )


def break_markup(page: str) -> str:
    """The same page as a careless CMS template would emit it: unclosed and stray tags."""
    edits = (
        ("</p>", ""),
        ("</strong>", ""),
        ("</li>", ""),
        ("</header>", "</header>\n</div></div></span>"),
        ('class="news-title"', "class=news-title"),
        ('<div class="news-content">', '<div class="news-content"><font face=Arial>'),
        ('<div id="news-body"', '</div>\n<div id="news-body"'),
        ("<footer", "<table><tr><td>Termos & Condições\n<footer"),
        ("</body>\n</html>", ""),
    )
    for old, new in edits:
        page = page.replace(old, new)
    return page

"""The article page in four markup variants (plus "broken"), as the CMS rendered it over time.

classic    seed-like: h1, ``<img title="caption / Foto: credit">``, article:published_time
           without offset, JSON-LD whose author is the publisher, signature in its own ``<p>``.
figure     2025 redesign: ``<figure>``/``<figcaption>`` with a credit ``<span>``, ``<time>``,
           no structured data but metas, ad and iframe in the body, signature in a ``<span>``.
legacy     old CMS in windows-1252: tables, no lang, headline in a ``<div>`` (the h1 is the
           logo), date only as visible text, ``<br><br>`` paragraphs, signature after a ``<br>``.
microdata  schema.org microdata: itemprop headline/articleBody/datePublished, caption and
           credit in separate elements, signature in a ``<div>`` inside articleBody.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .furniture import (
    LABELS,
    ad,
    attr,
    day_date,
    esc,
    footer,
    head,
    long_date,
    nav,
    numeric_date,
    related,
    share,
    site_header,
    textsize,
    ticker,
)
from .markup import (
    break_markup,
    canonical,
    credit_label,
    credit_line,
    inline_html,
    json_ld,
    open_graph,
    page_title,
)
from .model import Article, Photo

Links = Sequence[tuple[str, str]]
_UTF8 = '<meta charset="utf-8">'


def page_encoding(article: Article) -> str:
    """The charset a page is written in (and declares in its ``<meta>``)."""
    return "windows-1252" if article.variant == "legacy" else "utf-8"


def render_article(article: Article, base_url: str, links: Links) -> str:
    """The whole article page; ``links`` fills the related-articles box."""
    return _RENDERERS[article.variant](article, base_url.rstrip("/"), links)


Wrap = Callable[[str], str]


def _blocks(article: Article, wrap: Wrap, photo: Callable[[Photo], str]) -> list[str]:
    """Paragraphs after the lead, then extra photos after the second; ``wrap`` marks up one."""
    out = []
    for index, text in enumerate(article.paragraphs[1:], start=1):
        out.append(wrap(inline_html(text, index, article.section_path)))
        if index == 2:
            out.extend(photo(extra) for extra in article.extra_photos)
    return out


def _classic(article: Article, base: str, links: Links) -> str:
    lang = article.language

    def picture(photo: Photo, css: str = "news-image") -> str:
        return (
            f'<div class="{css}"><img src="{photo.path}" alt="{attr(article.headline)}" '
            f'title="{attr(credit_line(article, photo))}" width="1024" height="576"></div>'
        )

    metas = open_graph(article, base, times=True)
    extra = canonical(article, base) + "\n" + json_ld(article, base)
    body = "\n".join(
        _blocks(article, lambda p: f"<p>{p}</p>", lambda p: picture(p, "news-image inline"))
    )
    return f"""<!DOCTYPE html>
<html lang="{LABELS[lang]["lang"]}">
{head(page_title(article), _UTF8, metas, extra, article.title)}
<body class="article-page section-{article.section.lower()}">
{site_header(lang, site=article.info)}
{ticker(lang)}
<div class="container">
{ad(lang, "leaderboard")}
<div class="row">
<div class="col-md-8 main-column">
<article class="news-article" id="article-{article.article_id}">
<div class="breadcrumb"><a href="/">{LABELS[lang]["home"]}</a> &rsaquo;
<a href="{article.section_path}">{esc(article.sections[article.section])}</a></div>
<h1 class="news-title">{esc(article.headline)}</h1>
{picture(article.photo) if article.photo else ""}
<div class="news-content">
<h2 class="news-subtitle">{esc(article.headline)}</h2>
<p class="news-lead"><strong>{esc(article.lead)}</strong></p>
{textsize(lang)}
<div id="news-body" class="news-body">
{body}
<p>{esc(article.byline)}</p>
</div>
</div>
{share(lang, base + article.path, article.headline)}
</article>
</div>
<aside class="col-md-4 sidebar">
{related(lang, links)}
{ad(lang, "sidebar")}
</aside>
</div>
</div>
{footer(lang, article.title)}
<script src="/static/js/site.js"></script>
</body>
</html>
"""


def _figure(article: Article, base: str, links: Links) -> str:
    lang = article.language

    def figure(photo: Photo) -> str:
        return f"""<figure class="story__figure">
<picture><source srcset="{photo.path}?w=640 640w, {photo.path}?w=1280 1280w">
<img src="{photo.path}" alt="{attr(photo.caption)}" loading="lazy"></picture>
<figcaption>{esc(photo.caption)} <span class="story__credit">/ {credit_label(article)} \
{esc(photo.credit)}</span></figcaption>
</figure>"""

    date = article.published and (
        f'<p class="story__meta"><time datetime="{article.iso(article.published)}">'
        f"{numeric_date(article.published, lang)}</time></p>"
    )
    blocks = _blocks(article, lambda p: f"<p>{p}</p>", figure)
    blocks.insert(
        2,
        f"""{ad(lang, "in-article")}
<iframe src="about:blank" data-src="/static/ads/frame.html" width="300" height="250"></iframe>
<style>.story__body p {{ margin: 0 0 1em; }}</style>""",
    )
    tags = "".join(f"<li>{esc(word)}</li>" for word in article.keywords)
    return f"""<!doctype html>
<html lang="{LABELS[lang]["lang"]}">
{head(page_title(article), _UTF8, open_graph(article, base), site_title=article.title)}
<body class="layout-2025">
<a class="skip-link" href="#conteudo">&#8595;</a>
{site_header(lang, "masthead", article.info)}
<div class="market-strip">{ticker(lang)}</div>
<main id="conteudo">
<article class="story story--{lang}" data-id="{article.article_id}">
<header class="story__header">
<p class="story__kicker"><a href="{article.section_path}">\
{esc(article.sections[article.section])}</a></p>
<h1 class="story__headline">{esc(article.headline)}</h1>
{date or ""}
</header>
{figure(article.photo) if article.photo else ""}
<div class="story__content">
<div class="story__intro"><strong>{esc(article.headline)}</strong>
<p class="story__lead">{esc(article.lead)}</p></div>
{textsize(lang, "font-size", "button")}
<div class="story__body">
{chr(10).join(blocks)}
<span class="story__signature">{esc(article.byline)}</span>
</div>
</div>
<footer class="story__footer">{share(lang, base + article.path, article.headline)}
<ul class="story__tags">{tags}</ul></footer>
</article>
<section class="more-news">{related(lang, links, "more-news__list")}</section>
</main>
{footer(lang, article.title)}
</body>
</html>
"""


def _legacy(article: Article, base: str, links: Links) -> str:
    lang = article.language

    def photo_box(photo: Photo) -> str:
        return (
            f'<div class="foto"><img src="{photo.path}" border="0" alt=""></div>\n'
            f'<div class="legenda">{esc(credit_line(article, photo))}</div>\n'
        )

    date = ""
    if article.published:
        shown = (long_date if lang == "de" else numeric_date)(article.published, lang)
        date = f'<div class="data-noticia">{shown}</div>'
    rest = "\n".join(_blocks(article, lambda p: p + "<br><br>", photo_box))
    charset = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
{head(page_title(article), charset, open_graph(article, base, url=False), canonical(article, base), article.title)}
<body bgcolor="#ffffff" topmargin="0">
<table width="100%" class="topo"><tr><td><h1 class="logo"><a href="/">{article.title}</a></h1>
</td><td>{nav(lang, "menu", article.info)}</td></tr></table>
{ticker(lang, "table")}
<table width="980" class="principal"><tr><td valign="top" class="coluna">
<div id="noticia">
<div class="seccao"><a href="{article.section_path}">{esc(article.section)}</a></div>
<div class="titulo-noticia"><b>{esc(article.headline)}</b></div>
{date}
{photo_box(article.photo) if article.photo else ""}
<div class="corpo">
<div class="titulo2"><b>{esc(article.headline)}</b></div>
<b>{esc(article.lead)}</b><br><br>
{textsize(lang, "tamanho")}
<script type="text/javascript">var pub_slot = "corpo-1";</script>
{rest.removesuffix("<br><br>")}<br>{esc(article.byline)}
</div>
{share(lang, base + article.path, article.headline, "partilha")}
</div>
</td><td valign="top" class="lateral">{related(lang, links, "relacionadas")}
{ad(lang, "lateral")}</td></tr></table>
{footer(lang, article.title)}
</body>
</html>
"""


def _microdata(article: Article, base: str, links: Links) -> str:
    lang = article.language
    schema = "https://schema.org/"

    def thumbnail(photo: Photo) -> str:
        return f"""<div class="post-thumbnail" itemprop="image" itemscope \
itemtype="{schema}ImageObject">
<img src="{photo.path}" alt="{attr(article.headline)}" itemprop="url">
<div class="wp-caption-text"><span class="caption-text" itemprop="caption">\
{esc(photo.caption)}</span>
<span class="photo-credit" itemprop="creditText">{credit_label(article)} {esc(photo.credit)}\
</span></div>
</div>"""

    times = "".join(
        f'<meta itemprop="{prop}" content="{article.iso(moment)}">\n'
        for prop, moment in (
            ("datePublished", article.published),
            ("dateModified", article.modified),
        )
        if moment
    )
    shown = article.published and (
        f'<span class="posted-on">{day_date(article.published, lang)}</span>'
    )
    blocks = _blocks(article, lambda p: f"<p>{p}</p>", thumbnail)
    blocks.insert(1, ad(lang, "inread"))
    return f"""<!DOCTYPE html>
<html lang="{LABELS[lang]["lang"]}" prefix="og: https://ogp.me/ns#">
{
        head(
            page_title(article),
            '<meta charset="UTF-8">',
            open_graph(article, base),
            canonical(article, base),
            article.title,
        )
    }
<body class="post-template-default single single-post">
<div id="page" class="site">
{site_header(lang, "top-bar", article.info)}
<section class="ticker-wrap">{ticker(lang)}</section>
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{article.article_id}" class="post type-post" itemscope \
itemtype="{schema}NewsArticle">
<meta itemprop="mainEntityOfPage" content="{base}{article.path}">
{times}<div itemprop="publisher" itemscope itemtype="{schema}Organization">\
<meta itemprop="name" content="{article.title}"></div>
<header class="entry-header">
<span class="cat-links"><a href="{article.section_path}" rel="category tag">\
{esc(article.sections[article.section])}</a></span>
<h1 class="entry-title" itemprop="headline">{esc(article.headline)}</h1>
<div class="entry-meta">{shown or ""}</div>
</header>
{thumbnail(article.photo) if article.photo else ""}
<div class="entry-content" itemprop="articleBody">
<h2 class="entry-subtitle">{esc(article.headline)}</h2>
<p class="intro"><strong>{esc(article.lead)}</strong></p>
{textsize(lang, "ts")}
{chr(10).join(blocks)}
<div class="signature">{esc(article.byline)}</div>
</div>
<footer class="entry-footer">{share(lang, base + article.path, article.headline)}</footer>
</article>
{related(lang, links, "jp-relatedposts")}
</main></div>
{footer(lang, article.title)}
</div>
</body>
</html>
"""


def _broken(article: Article, base: str, links: Links) -> str:
    return break_markup(_classic(article, base, links))


_RENDERERS: dict[str, Callable[[Article, str, Links], str]] = {
    "classic": _classic,
    "figure": _figure,
    "legacy": _legacy,
    "microdata": _microdata,
    "broken": _broken,
}

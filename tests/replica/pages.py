"""Pages that are not articles: home, section listings, furniture, a video page, a private page."""

from __future__ import annotations

from collections.abc import Sequence

from .content import DISALLOWED_PATH, ERROR_PATH, MISSING_PATH, NON_ARTICLE_PATH, TRACKING_SUFFIX
from .furniture import (
    LABELS,
    attr,
    day_date,
    esc,
    footer,
    head,
    meta_tags,
    numeric_date,
    related,
    share,
    site_header,
    ticker,
)
from .model import SECTIONS, SITE_NAME, Article, iso_lisbon, section_path


def listing_path(language: str, section: str, page: int) -> str:
    """``/Politica/``, ``/Politica/page/2/``…"""
    base = section_path(language, section)
    return base if page == 1 else f"{base}page/{page}/"


def _shell(language: str, title: str, main: str, metas: str = "") -> str:
    charset = '<meta charset="utf-8">'
    return f"""<!DOCTYPE html>
<html lang="{LABELS[language]["lang"]}">
{head(title, charset, metas)}
<body>
{site_header(language)}
{ticker(language)}
<main class="container">
{main}
</main>
{footer(language)}
</body>
</html>
"""


def _list_item(article: Article) -> str:
    moment = article.published
    date = moment and (
        f'<time datetime="{iso_lisbon(moment)}">{numeric_date(moment, article.language)}</time> '
    )
    return (
        f'<li class="news-item">{date or ""}<a href="{article.path}">'
        f'{esc(article.headline)}</a>\n<p class="teaser-text">{esc(article.summary)}</p></li>'
    )


def _teaser(article: Article) -> str:
    moment = article.published
    date = moment and f'<span class="date">{day_date(moment, article.language)}</span>'
    image = article.photo and (
        f'<a href="{article.path}" class="thumb"><img src="{article.photo.path}" alt=""></a>'
    )
    return (
        f'<div class="teaser">{image or ""}<h3><a href="{article.path}">'
        f"{esc(article.headline)}</a></h3>{date or ''}<p>{esc(article.summary)}</p></div>"
    )


def render_listing(
    language: str, section: str, articles: Sequence[Article], page: int, pages: int
) -> str:
    """One page of a section: a list with ``<time>`` and ``rel=next``, or numbered teasers."""
    labels = LABELS[language]
    name = SECTIONS[language][section]
    if list(SECTIONS[language]).index(section) % 2 == 0:
        items = "\n".join(_list_item(a) for a in articles)
        links = (
            [
                f'<a rel="prev" href="{listing_path(language, section, page - 1)}">'
                f"{labels['prev']}</a>"
            ]
            if page > 1
            else []
        )
        links += (
            [
                f'<a rel="next" href="{listing_path(language, section, page + 1)}">'
                f"{labels['next']}</a>"
            ]
            if page < pages
            else []
        )
        body = (
            f'<ul class="news-list">\n{items}\n</ul>\n'
            f'<nav class="pagination">{" ".join(links)}</nav>'
        )
    else:
        items = "\n".join(_teaser(a) for a in articles)
        numbers = [
            f'<span class="current">{n}</span>'
            if n == page
            else f'<a href="{listing_path(language, section, n)}">{n}</a>'
            for n in range(1, pages + 1)
        ]
        if page < pages:
            numbers.append(
                f'<a href="{listing_path(language, section, page + 1)}" '
                f'class="next">{labels["next"]}</a>'
            )
        body = (
            f'<div class="teasers">\n{items}\n</div>\n<div class="pages">{" ".join(numbers)}</div>'
        )
    title = f"{SITE_NAME} - {name}" + (f" ({page})" if page > 1 else "")
    metas = meta_tags([("property", "og:title", title), ("property", "og:type", "website")])
    return _shell(language, title, f'<h1 class="section-title">{esc(name)}</h1>\n{body}', metas)


def render_home(newest: Sequence[Article], tracked: Article | None) -> str:
    """Home: menus to every section, the newest stories, and links to the special pages."""
    top = "\n".join(f'<li><a href="{a.path}">{esc(a.headline)}</a></li>' for a in newest)
    tracking = [(tracked.path + TRACKING_SUFFIX, tracked.headline)] if tracked else []
    specials = "\n".join(
        f'<li><a href="{attr(path)}">{esc(text)}</a></li>'
        for path, text in (
            *tracking,
            (MISSING_PATH, "Notícia removida"),
            (ERROR_PATH, "Mercados: última hora"),
            (NON_ARTICLE_PATH, "Vídeo: temporal na Madeira em imagens"),
            (DISALLOWED_PATH, "Área reservada"),
        )
    )
    metas = meta_tags(
        [
            ("name", "description", "Notícias de Portugal e do mundo, em português e em alemão."),
            ("property", "og:title", SITE_NAME),
            ("property", "og:type", "website"),
            ("property", "og:locale", "pt_PT"),
        ]
    )
    main = f"""<section class="destaques"><h2>Destaques</h2>
<ul class="top-news">
{top}
</ul></section>
<section class="newsletter"><h2>Newsletter</h2>
<ul>
{specials}
</ul></section>"""
    return _shell("pt", f"{SITE_NAME} - Notícias", main, metas)


FURNITURE: dict[str, tuple[str, tuple[str, ...]]] = {
    "/Impressum.html": (
        "Impressum",
        (
            "Portugal Colonial é uma publicação digital de notícias de agência em português e alemão.",
            "Diretor: a redação. Morada: Rua do Exemplo 1, 1000-001 Lisboa.",
        ),
    ),
    "/Contactos.html": (
        "Contactos",
        (
            "Para contactar a redação escreva para redacao@portugalcolonial.pt.",
            "Publicidade: publicidade@portugalcolonial.pt.",
        ),
    ),
    "/Privacidade.html": (
        "Política de privacidade",
        (
            "Este sítio utiliza cookies técnicos e de medição de audiências.",
            "Pode retirar o seu consentimento a qualquer momento nas definições do navegador.",
        ),
    ),
}


def render_furniture(path: str) -> str:
    title, paragraphs = FURNITURE[path]
    text = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    return _shell(
        "pt", f"{SITE_NAME} - {title}", f'<div class="static-page"><h1>{title}</h1>\n{text}</div>'
    )


def render_video(base_url: str, links: Sequence[tuple[str, str]]) -> str:
    """An article-looking URL that holds only a title and a player."""
    title = "Vídeo: temporal na Madeira em imagens"
    metas = meta_tags(
        [
            ("property", "og:title", f"{SITE_NAME} - {title}"),
            ("property", "og:type", "video.other"),
            ("property", "og:video", base_url + "/media/video/700600.mp4"),
        ]
    )
    main = f"""<div class="video-page"><h1 class="news-title">{esc(title)}</h1>
<div class="player"><video controls preload="none" poster="/media/video/700600.jpg">
<source src="/media/video/700600.mp4" type="video/mp4"></video></div>
{share("pt", base_url + NON_ARTICLE_PATH, title)}
{related("pt", links)}</div>"""
    return _shell("pt", f"{SITE_NAME} - {title}", main, metas)


def render_private() -> str:
    """Behind robots.txt: a crawler must never fetch it."""
    main = """<article class="news-article"><h1 class="news-title">Nota interna da redação</h1>
<p>Documento interno. Não publicar.</p><p>X.Interno--PC</p></article>"""
    return _shell(
        "pt",
        f"{SITE_NAME} - Nota interna",
        main,
        meta_tags([("name", "robots", "noindex, nofollow")]),
    )

"""Page furniture shared by every page: head, ticker, menus, share links, boxes, footer.

Nothing here may end up in an article field; the replica prints it on every page so that an
extractor which picks it up fails the tests.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime

from .model import SITE, SITE_NAME, SITES, Site, section_path

LABELS: dict[str, dict[str, str]] = {
    "pt": {
        "ticker": "Bolsa",
        "textsize": "Tamanho do texto:",
        "share": "Partilhar",
        "related": "Leia também",
        "next": "Seguinte »",
        "prev": "« Anterior",
        "home": "Início",
        "ad": "Publicidade",
        "rights": "Todos os direitos reservados.",
        "locale": "pt_PT",
        "lang": "pt-PT",
        "credit": "Fotografia:",
        "email": "E-mail",
        "other": "Deutsch",
        "network": "A nossa rede",
        "latest": "Últimas notícias",
    },
    "de": {
        "ticker": "Börse",
        "textsize": "Textgröße:",
        "share": "Teilen",
        "related": "Mehr zum Thema",
        "next": "Weiter »",
        "prev": "« Zurück",
        "home": "Startseite",
        "ad": "Anzeige",
        "rights": "Alle Rechte vorbehalten.",
        "locale": "de_DE",
        "lang": "de",
        "credit": "Foto:",
        "email": "E-Mail",
        "other": "Português",
        "network": "Unser Netzwerk",
        "latest": "Neueste Meldungen",
    },
    "fr": {
        "ticker": "Bourse",
        "textsize": "Taille du texte :",
        "share": "Partager",
        "related": "À lire aussi",
        "next": "Suivant »",
        "prev": "« Précédent",
        "home": "Accueil",
        "ad": "Publicité",
        "rights": "Tous droits réservés.",
        "locale": "fr_FR",
        "lang": "fr",
        "credit": "Photo:",
        "email": "E-mail",
        "other": "Deutsch",
        "network": "Notre réseau",
        "latest": "Dernières nouvelles",
    },
    "el": {
        "ticker": "Χρηματιστήριο",
        "textsize": "Μέγεθος κειμένου:",
        "share": "Κοινοποίηση",
        "related": "Διαβάστε επίσης",
        "next": "Επόμενη »",
        "prev": "« Προηγούμενη",
        "home": "Αρχική",
        "ad": "Διαφήμιση",
        "rights": "Με την επιφύλαξη παντός δικαιώματος.",
        "locale": "el_GR",
        "lang": "el",
        "credit": "Φωτογραφία:",
        "email": "E-mail",
        "other": "Deutsch",
        "network": "Το δίκτυό μας",
        "latest": "Τελευταία νέα",
    },
    "ru": {
        "ticker": "Биржа",
        "textsize": "Размер текста:",
        "share": "Поделиться",
        "related": "Читайте также",
        "next": "Далее »",
        "prev": "« Назад",
        "home": "Главная",
        "ad": "Реклама",
        "rights": "Все права защищены.",
        "locale": "ru_RU",
        "lang": "ru",
        "credit": "Фото:",
        "email": "E-mail",
        "other": "Deutsch",
        "network": "Наша сеть",
        "latest": "Последние новости",
    },
    "ja": {
        "ticker": "株式市場",
        "textsize": "文字サイズ:",
        "share": "共有",
        "related": "関連記事",
        "next": "次へ »",
        "prev": "« 前へ",
        "home": "ホーム",
        "ad": "広告",
        "rights": "無断転載を禁じます。",
        "locale": "ja_JP",
        "lang": "ja",
        "credit": "写真:",
        "email": "メール",
        "other": "Deutsch",
        "network": "ネットワーク",
        "latest": "最新ニュース",
    },
    "ar": {
        "ticker": "البورصة",
        "textsize": "حجم الخط:",
        "share": "مشاركة",
        "related": "اقرأ أيضا",
        "next": "التالي »",
        "prev": "« السابق",
        "home": "الرئيسية",
        "ad": "إعلان",
        "rights": "جميع الحقوق محفوظة.",
        "locale": "ar_AE",
        "lang": "ar",
        "credit": "صورة:",
        "email": "البريد الإلكتروني",
        "other": "Deutsch",
        "network": "شبكتنا",
        "latest": "آخر الأخبار",
    },
}

TICKER: dict[str, tuple[tuple[str, str, str], ...]] = {
    "de": (
        ("EUR/USD", "-0.06%", "1.0595 $"),
        ("MDAX", "-0.82%", "26195.18"),
        ("Euro STOXX 50", "-0.09%", "4790.33"),
        ("DAX", "-0.11%", "19189.19"),
        ("TecDAX", "-0.56%", "3333.56"),
        ("SDAX", "0.02%", "13408.79"),
        ("Goldpreis", "0.19%", "2619.7 $"),
    ),
    "pt": (
        ("EUR/USD", "-0.06%", "1.0595 $"),
        ("PSI", "0.31%", "6412.55"),
        ("Euro STOXX 50", "-0.09%", "4790.33"),
        ("DAX", "-0.11%", "19189.19"),
        ("Brent", "0.42%", "72.94 $"),
        ("Ouro", "0.19%", "2619.7 $"),
    ),
}

NETWORK = (
    ("Münchener Post", "https://www.muenchenerpost.de/"),
    ("Globo Madrid", "https://www.globomadrid.es/"),
    ("Paris Soir", "https://www.parissoir.fr/"),
)

_MONTHS = {
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "pt": (
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    # Greek and Russian print the month in the genitive after a day number.
    "el": (
        "Ιανουαρίου",
        "Φεβρουαρίου",
        "Μαρτίου",
        "Απριλίου",
        "Μαΐου",
        "Ιουνίου",
        "Ιουλίου",
        "Αυγούστου",
        "Σεπτεμβρίου",
        "Οκτωβρίου",
        "Νοεμβρίου",
        "Δεκεμβρίου",
    ),
    "ru": (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
    "ar": (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ),
}
_WEEKDAYS = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "pt": (
        "segunda-feira",
        "terça-feira",
        "quarta-feira",
        "quinta-feira",
        "sexta-feira",
        "sábado",
        "domingo",
    ),
}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def long_date(moment: datetime, language: str) -> str:
    """The date as the old CMS prints it above an article.

    >>> long_date(datetime(2024, 11, 30, 7, 41), "de")
    'Samstag, 30. November 2024 - 07:41 Uhr'
    >>> long_date(datetime(2024, 11, 30, 7, 41), "pt")
    'sábado, 30 de novembro de 2024, 07:41'
    """
    day = _WEEKDAYS[language][moment.weekday()]
    month = _MONTHS[language][moment.month - 1]
    if language == "de":
        return f"{day}, {moment.day}. {month} {moment.year} - {moment:%H:%M} Uhr"
    return f"{day}, {moment.day} de {month} de {moment.year}, {moment:%H:%M}"


def day_date(moment: datetime, language: str) -> str:
    """The date alone: ``30.11.2024`` / ``30 de novembro de 2024`` / ``2024年11月30日``.

    >>> [day_date(datetime(2024, 11, 30), lang) for lang in ("el", "ru", "ar", "ja")]
    ['30 Νοεμβρίου 2024', '30 ноября 2024', '30 نوفمبر 2024', '2024年11月30日']
    """
    if language == "de":
        return f"{moment:%d.%m.%Y}"
    if language == "pt":
        return f"{moment.day} de {_MONTHS['pt'][moment.month - 1]} de {moment.year}"
    if language in ("ja", "zh"):
        return f"{moment.year}年{moment.month}月{moment.day}日"
    return f"{moment.day} {_MONTHS[language][moment.month - 1]} {moment.year}"


def numeric_date(moment: datetime, language: str) -> str:
    """``30.11.2024, 07:41 Uhr`` / ``30/11/2024 07:41``."""
    if language == "de":
        return f"{moment:%d.%m.%Y, %H:%M} Uhr"
    return f"{moment:%d/%m/%Y %H:%M}"


def meta_tags(metas: Iterable[tuple[str, str, str | None]]) -> str:
    """``<meta>`` lines from (attribute, key, value); a None or empty value leaves the tag out."""
    return "\n".join(
        f'<meta {kind}="{key}" content="{attr(value)}">' for kind, key, value in metas if value
    )


def head(
    title: str, charset_tag: str, metas: str, extra: str = "", site_title: str = SITE_NAME
) -> str:
    return f"""<head>
{charset_tag}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{metas}
<meta name="robots" content="index, follow, max-image-preview:large">
<meta name="theme-color" content="#7a1f1f">
<link rel="alternate" type="application/rss+xml" title="{site_title}" href="/rss.xml">
<link rel="icon" href="/static/img/favicon.png">
<link rel="stylesheet" href="/static/css/site.css">
{extra}
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"pageType": "news"}});</script>
<script async src="/static/js/ads.js"></script>
</head>"""


def ticker(language: str, tag: str = "ul") -> str:
    item = "tr><td" if tag == "table" else "li"
    close = "td></tr" if tag == "table" else "li"
    rows = "\n".join(
        f'<{item} class="quote">{esc(name)} <span class="{"down" if change[0] == "-" else "up"}">'
        f"{change}</span> {esc(value)}</{close}>"
        for name, change, value in TICKER.get(language, TICKER["pt"])
    )
    return (
        f'<div class="boerse-ticker" data-refresh="60"><strong>{LABELS[language]["ticker"]}'
        f'</strong>\n<{tag} class="quotes">\n{rows}\n</{tag}></div>'
    )


def nav(language: str, css: str = "main-nav", site: Site | None = None) -> str:
    """The menu: home, then the sections of the page's language, then the other ones'."""
    labels = LABELS[language]
    site = site or SITES[SITE]
    links = [f'<li><a href="/">{labels["home"]}</a></li>']
    others = [lang for lang in site.languages if lang != language]
    for lang in (language, *others):
        links += [
            f'<li><a href="{section_path(lang, key, site)}">{esc(name)}</a></li>'
            for key, name in site.sections[lang].items()
        ]
    links.append('<li><a href="/rss.xml">RSS</a></li>')
    return f'<nav class="{css}" aria-label="menu"><ul>\n' + "\n".join(links) + "\n</ul></nav>"


def site_header(language: str, css: str = "site-header", site: Site | None = None) -> str:
    site = site or SITES[SITE]
    return f"""<header class="{css}" id="top">
<a class="logo" href="/"><img src="/static/img/logo.png" alt="{site.title}"></a>
<form class="search" action="/pesquisa/" method="get"><input name="q" type="search"></form>
{nav(language, site=site)}
</header>"""


def textsize(language: str, css: str = "text-size", button: str = "a") -> str:
    label = LABELS[language]["textsize"]
    href = ' href="#"' if button == "a" else ""
    buttons = " ".join(
        f'<{button} class="{css}-{name}" data-step="{step}"{href}>{text}</{button}>'
        for name, step, text in (("minus", -1, "A-"), ("plus", 1, "A+"))
    )
    return f'<div class="{css}"><span>{label}</span> {buttons}</div>'


def share(language: str, url: str, title: str, css: str = "share") -> str:
    quoted = html.escape(url)
    return f"""<div class="{css}"><span>{LABELS[language]["share"]}</span>
<a href="https://www.facebook.com/sharer/sharer.php?u={quoted}" rel="nofollow">Facebook</a>
<a href="https://twitter.com/intent/tweet?url={quoted}" rel="nofollow">X</a>
<a href="mailto:?subject={attr(title)}&amp;body={quoted}">{LABELS[language]["email"]}</a>
</div>"""


def related(language: str, links: Sequence[tuple[str, str]], css: str = "related") -> str:
    """The "Mehr zum Thema" / "Leia também" box: (path, headline) pairs."""
    items = "\n".join(f'<li><a href="{path}">{esc(text)}</a></li>' for path, text in links)
    return f'<div class="{css}"><h3>{LABELS[language]["related"]}</h3>\n<ul>\n{items}\n</ul></div>'


def ad(language: str, slot: str) -> str:
    return f"""<div class="ad ad-{slot}" data-ad-slot="{slot}">
<span class="ad-label">{LABELS[language]["ad"]}</span>
<script>(window.adQueue = window.adQueue || []).push({{slot: "{slot}"}});</script>
</div>"""


def footer(language: str, site_title: str = SITE_NAME) -> str:
    labels = LABELS[language]
    sisters = " | ".join(f'<a href="{url}">{esc(name)}</a>' for name, url in NETWORK)
    return f"""<footer class="site-footer">
<p class="network">{labels["network"]}: {sisters}</p>
<p><a href="/Impressum.html">Impressum</a> | <a href="/Contactos.html">Contactos</a> |
<a href="/Privacidade.html">Privacidade</a></p>
<p class="copyright">© 2024 {site_title}. {labels["rights"]}</p>
</footer>"""

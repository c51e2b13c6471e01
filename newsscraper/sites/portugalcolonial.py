"""Portugal Colonial (portugalcolonial.pt): Portuguese and German agency copy.

Quirks: German pages live under ``/de/``; the signature is ``Initial.Surname--PC``;
the caption prints ``caption / Foto: credit``; naive times are Lisbon time.
"""

from newsscraper.sites import Selectors, SiteProfile

SITE = SiteProfile(
    name="portugalcolonial",
    title="Portugal Colonial",
    code="PC",
    base_url="https://www.portugalcolonial.pt",
    default_language="pt",
    languages=("pt", "de"),
    timezone="Europe/Lisbon",
    selectors=Selectors(
        headline=("article h1", ".article h1", "h1.title", "h1"),
        body=(
            "[itemprop=articleBody]",
            ".article-body",
            ".article-text",
            ".articleText",
            "#article-text",
            ".news-text",
            ".text",
            "article",
        ),
        lead=(".lead", ".article-lead", ".intro", ".teaser", "p.summary"),
        caption=("figcaption", ".caption", ".image-caption", ".legend", ".bildunterschrift"),
        credit=(".credit", ".copyright", ".photo-credit", ".source", ".image-credit"),
        signature=(".signature", ".author", ".byline", ".article-author"),
        date=(".date", ".article-date", ".published", ".datum", ".data"),
        furniture=(
            "script",
            "style",
            "noscript",
            "iframe",
            "template",
            "svg",
            "form",
            "button",
            "select",
            "input",
            "nav",
            "footer",
            "header nav",
            "[class*=ticker]",
            "[class*=boerse]",
            "[class*=share]",
            "[class*=social]",
            "[class*=related]",
            "[class*=textsize]",
            "[class*=font-size]",
            "[class*=fontsize]",
            "[class*=advert]",
            "[class*=newsletter]",
            "[class*=breadcrumb]",
            "[class*=comments]",
            "[id*=ticker]",
            "[id*=related]",
        ),
    ),
)

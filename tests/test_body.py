"""The article text on pages shaped like real ones: the traps that emptied bodies before.

Each page in ``tests/fixtures/generic/`` (written for these tests, not copied) prints the
same four paragraphs inside a trap: a class, tag or layout that a substring rule or a
"largest block" rule mistakes for furniture or for the article. The body must be those
four paragraphs and nothing else, read with no profile, and read after the Portugal
Colonial profile's furniture rules (``form``, and the class words ``fontsize``,
``advert``, ``breadcrumb``) have pruned the tree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html
from parsel import Selector

from newsscraper.extraction.body import (
    ArticleBody,
    BodyHints,
    Walk,
    boilerplate_rule,
    class_words,
)
from newsscraper.extraction.dom import pruned, text_blocks
from newsscraper.sites import get_site

PAGES = sorted((Path(__file__).parent / "fixtures" / "generic").glob("*.html"))
HEADLINE = "Council approves the northern tram line after a long night"
PARAGRAPHS = [
    "The city council approved the new tram line on Tuesday after a debate that lasted "
    "well into the night, ending a dispute that had split the coalition for two years.",
    "Supporters said the line would cut travel times from the northern districts by half, "
    "while opponents warned that the budget did not account for rising construction costs.",
    "Construction is due to begin next spring, and the first trams should run in three "
    "years, the mayor told reporters outside the town hall after the vote.",
    "Residents along the planned route will be invited to a series of public meetings in "
    "January, where engineers will present the final plans and answer questions.",
]
FURNITURE = get_site("portugalcolonial").selectors.furniture


def read(path: Path, furniture: tuple[str, ...] = ()) -> ArticleBody:
    page = Selector(text=path.read_text(encoding="utf-8"), type="html")
    clean = pruned(page, furniture)
    return ArticleBody(clean.root, BodyHints(headline=HEADLINE, language="en"), page.root)


def test_every_trap_has_a_page() -> None:
    assert [p.stem for p in PAGES] == [
        "advert-token-wrapper",
        "aspnet-form-wrapper",
        "body-font-size-class",
        "breadcrumb-article",
        "eight-articles",
        "related-lists",
    ]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_generic_body_is_the_article(path: Path) -> None:
    body = read(path)
    assert body.paragraphs == PARAGRAPHS
    assert body.rule in ("density", "article")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_substring_furniture_selectors_do_not_delete_the_article(path: Path) -> None:
    assert read(path, FURNITURE).paragraphs == PARAGRAPHS


def test_the_article_holding_the_headline_wins_over_a_larger_one() -> None:
    body = read(next(p for p in PAGES if p.stem == "eight-articles"))
    assert body.core.tag == "article" and body.core.get("class") == "main-story"
    assert body.rule == "article"


def test_boilerplate_boxes_are_counted_by_rule() -> None:
    body = read(next(p for p in PAGES if p.stem == "advert-token-wrapper"))
    _ = body.paragraphs
    assert body.pruned == {"tag:nav": 1, "tag:footer": 1, "word:ad": 1, "word:advertisement": 1}


def test_class_words_are_whole_words_or_camel_case_parts() -> None:
    make = lxml_html.fragment_fromstring
    assert class_words(make('<div class="shareholder-news header download"/>')).isdisjoint(
        {"share", "ad"}
    )
    assert boilerplate_rule(make('<div class="shareholder-news"/>')) is None
    assert boilerplate_rule(make('<div class="headerNav"/>')) == "word:nav"
    assert boilerplate_rule(make('<div id="related_posts"/>')) == "word:related"
    assert boilerplate_rule(make("<aside><p>x</p></aside>")) == "tag:aside"


def test_a_box_holding_most_of_the_prose_is_a_wrapper() -> None:
    page = lxml_html.document_fromstring(
        '<html><body><div class="comments-and-article">'
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + '</div><div class="comments"><p>'
        + PARAGRAPHS[0]
        + "</p></div></body></html>"
    )
    walk = Walk(page.find("body"), None)
    assert [walk.boxes[b] for b in walk.dropped] == ["word:comments"]
    assert len([b for b in walk.blocks if walk.kept(b)]) == 4


def test_link_lists_count_against_their_container() -> None:
    body = read(next(p for p in PAGES if p.stem == "related-lists"))
    text = "\n".join(body.paragraphs)
    assert "Read also" not in text and "Recent stories" not in text
    walk = body.walk
    links = [b for b in walk.blocks if b.text.startswith("Mayor opens")]
    assert links and links[0].link_density == 1.0


def test_text_after_an_html_comment_is_kept() -> None:
    page = lxml_html.fragment_fromstring(
        "<div><p>very<!-- --> recently <a href='/x'>explained</a>, is a<!-- x --> rare</p></div>"
    )
    assert [b.text for b in text_blocks(page)] == ["very recently explained, is a rare"]
    walk = Walk(page, None)
    assert [b.text for b in walk.blocks] == ["very recently explained, is a rare"]
    # the link's printed characters: 9 of 29 (spaces not counted)
    assert walk.blocks[0].link_density == pytest.approx(9 / 29, abs=0.02)


def test_pruning_keeps_the_wrapper_of_the_headline() -> None:
    page = Selector(
        text="<html><body><form id='aspnetForm'><h1>Title</h1><p>Text</p></form>"
        "<form class='search'><input name='q'></form></body></html>",
        type="html",
    )
    clean = pruned(page, ("form",))
    assert [f.get("id") for f in clean.root.iter("form")] == ["aspnetForm"]
    assert pruned(page, ()) is page  # nothing to prune: no copy


def test_a_label_printed_again_and_again_is_layout() -> None:
    paragraphs = "".join(f"<p>{p}</p><div>Article content</div>" for p in PARAGRAPHS[:3])
    page = Selector(
        text=f"<html><body><h1>{HEADLINE}</h1><div class='story'>{paragraphs}"
        f"<h2>Background</h2><p>{PARAGRAPHS[3]}</p><div>Article content</div></div>"
        "</body></html>",
        type="html",
    )
    body = ArticleBody(page.root, BodyHints(headline=HEADLINE), page.root)
    # a heading once is no label (the heading is followed by text: a heading after the
    # last paragraph is a label of what follows the article, see _trim_tail)
    assert body.paragraphs == [*PARAGRAPHS[:3], "Background", PARAGRAPHS[3]]


def test_furniture_rules_match_class_word_parts_never_substrings():
    """Tried: every profile's furniture against classes that hold a furniture word only
    as a substring, and against the spellings a CMS uses for the word itself."""
    from lxml.html import fragment_fromstring

    from newsscraper.extraction.dom import furniture_word
    from newsscraper.sites import COMMON_FURNITURE_WORDS, all_sites

    for site in all_sites():
        assert not any("*=" in query for query in site.selectors.furniture), site.name
    words = COMMON_FURNITURE_WORDS
    # a utility class that sets the type size wraps whole article texts (seen on a real
    # page: the body in <div class="text-size-20 ck-content">): not a text-size control
    for markup in (
        '<div class="shareholder-news"/>',
        '<div id="unrelated"/>',
        "<div/>",
        '<div class="text-size-20 ck-content"/>',
        '<div class="font-size-is-default"/>',
    ):
        assert not furniture_word(fragment_fromstring(markup), words), markup
    for markup in (
        '<div class="share-box"/>',
        '<div class="socialShare"/>',
        '<div class="news-ticker"/>',
        '<div id="newsTicker"/>',
        '<div class="jp-relatedposts"/>',
    ):
        assert furniture_word(fragment_fromstring(markup), words), markup


def _body_of(markup: str, headline: str, language: str) -> ArticleBody:
    page = Selector(text=markup, type="html")
    return ArticleBody(page.root, BodyHints(headline=headline, language=language), page.root)


JA_HEADLINE = "市議会、北部の路面電車新線を承認"
JA_PARAGRAPHS = [
    "市議会は火曜日、深夜まで続いた審議の末に北部の路面電車新線の建設を承認した。",
    "賛成派は北部地区からの移動時間が半分になると述べた。",
    "反対派は建設費の上昇が予算に含まれていないと警告した。",
    "工事は来年春に始まり、最初の電車は三年後に走る予定だと市長は記者団に語った。",
]


def test_japanese_paragraphs_with_topic_links_are_prose() -> None:
    """Tried: a Japanese article whose paragraphs link their place and agency names to
    topic pages (as Japanese dailies do), beside a short menu of regions. Links used to
    be measured in space-separated words, and a paragraph without spaces is one word:
    a paragraph with any link in it counted as a link list, and the body came back as
    the menu."""
    linked = [
        JA_PARAGRAPHS[0].replace("市議会", "<a href='/topics/council'>市議会</a>"),
        JA_PARAGRAPHS[1].replace("北部地区", "<a href='/area/north'>北部地区</a>"),
        *JA_PARAGRAPHS[2:],
    ]
    markup = (
        "<html lang=ja><body><div class='area'><div>北海道・東北</div><div>関東</div>"
        f"<div>近畿</div></div><div class='main'><h1>{JA_HEADLINE}</h1><div class='x1'>"
        + "".join(f"<p>\u3000{p}</p>" for p in linked)
        + "</div></div></body></html>"
    )
    body = _body_of(markup, JA_HEADLINE, "ja")
    assert body.paragraphs == JA_PARAGRAPHS
    first = next(b for b in body.walk.blocks if b.text.startswith("市議会は"))
    assert first.link_density < 0.1  # 3 linked characters of 38


def _paragraphs_html() -> str:
    return "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def test_bem_element_names_what_it_is() -> None:
    """Tried: the text in ``sidebar-grid__content`` blocks (a layout grid named after
    its sidebar), the real sidebar in ``sidebar-grid__sidebar``. The block name of a BEM
    class is the layout; the element after ``__`` is what the box is."""
    teasers = "".join(f"<p><a href='/n{i}'>Other story number {i} today</a></p>" for i in range(6))
    markup = (
        f"<html><body><main><article><h1>{HEADLINE}</h1><div class='sidebar-grid'>"
        f"<div class='sidebar-grid__content article__content'>{_paragraphs_html()}</div>"
        f"<div class='sidebar-grid__sidebar'><p>Most read</p>{teasers}</div>"
        "</div></article></main></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert sorted(body.pruned) == ["word:sidebar"]


def test_generic_profile_keeps_an_article_inside_a_share_container() -> None:
    """Tried with ``extract`` (generic profile): a theme that wraps share buttons and the
    text in one ``post-share-container``, on a page whose scripts outweigh its text.
    The pruning before the walk compared the box with all the page's characters, scripts
    included, and removed the article; the walk's own rule compares prose."""
    from newsscraper import extract

    script = "<script>var config = '" + "x" * 20000 + "';</script>"
    markup = (
        f"<html lang=en><head><title>{HEADLINE}</title>{script}</head><body>"
        f"<h1>{HEADLINE}</h1><div class='post-share-container'>"
        "<div class='social-button-holder'><a href='https://x.example/share'>X</a></div>"
        f"<div class='post-content entry-content'>{_paragraphs_html()}</div></div>"
        "</body></html>"
    )
    article = extract(markup, "https://bugle.example/2024/05/01/tram-line/")
    assert article["body"].split("\n\n") == PARAGRAPHS


def test_an_app_page_reads_its_text_from_the_json_in_a_script() -> None:
    """Tried: a Next.js-style page that prints no paragraph, only an app shell and the
    article's HTML in a JSON string of a script (``\\u003cp`` escapes, as such apps
    write it). The body used to be empty; it is the script's paragraphs."""
    import json

    article_html = "".join(f"<p class='editor-p'>{p}</p>" for p in PARAGRAPHS)
    state = json.dumps({"detail": {"title": HEADLINE, "contentHtml": article_html}})
    state = state.replace("<", "\\u003c").replace(">", "\\u003e")
    markup = (
        f"<html><head><title>{HEADLINE}</title></head><body><div id='root'>"
        "<div class='spinner'>Loading</div></div>"
        f"<script>window.__STATE__ = {state};</script></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.rule == "script:html"


def test_a_page_with_no_text_anywhere_falls_back_to_its_description() -> None:
    """Tried: an app shell with neither printed text, nor articleBody, nor HTML in a
    script: the meta description, rather than an empty body."""
    summary = "The council approved the northern tram line after a debate into the night."
    page = Selector(text="<html><body><div id='root'></div></body></html>", type="html")
    hints = BodyHints(headline=HEADLINE, language="en", description=summary)
    body = ArticleBody(page.root, hints, page.root)
    assert body.paragraphs == [summary]
    assert body.rule == "meta:description"


def test_boxes_inside_the_article_that_are_not_its_text() -> None:
    """Tried with ``extract``: an article whose own container holds, beside its four
    paragraphs, an author box with a byline and a bio, a photo caption box, a tag list, a
    teaser box and a sign-in prompt, each a box named by its class (whole words). The
    body is the four paragraphs; the author is still read from the author's box."""
    from newsscraper import extract

    bio = (
        "Jane Doe has covered city hall since 2015. Before that she reported on "
        "transport and housing for regional papers across the north of the country."
    )
    markup = (
        f"<html lang=en><head><title>{HEADLINE}</title></head><body><article>"
        f"<h1>{HEADLINE}</h1><div class='author-box'><p>By Jane Doe</p></div>"
        "<div class='story'>"
        f"<p>{PARAGRAPHS[0]}</p>"
        "<div class='image-caption'><p>The council chamber during the long debate on "
        "Tuesday night, when members voted on the plan.</p></div>"
        f"<p>{PARAGRAPHS[1]}</p>"
        "<div class='teaser'><p><a href='/guide'>Read our guide</a> to every tram line "
        "planned in the region over the next ten years, with maps and costs.</p></div>"
        f"<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
        "<div class='login-prompt'><p>Sign in to save this article and read it later on "
        "any of your devices, wherever you are.</p></div>"
        "<ul class='article-tags'><li>Trams</li><li>City council</li></ul>"
        f"<div class='author-bio'><p>{bio}</p></div>"
        "</div></article></body></html>"
    )
    article = extract(markup, "https://bugle.example/2024/05/01/tram-line/")
    assert article["body"].split("\n\n") == PARAGRAPHS
    assert article["authors"] == ["Jane Doe"]


def test_a_hidden_copy_of_the_article_is_not_read_twice() -> None:
    """Tried: a page that prints its article, then a ``display:none`` copy of it for
    schema.org microdata (headline, keywords, image URL, the whole text again), as
    real pages do. The hidden copy doubled the text; a reader never sees it."""
    hidden = (
        "<div style='display: none;' itemscope itemtype='http://schema.org/NewsArticle'>"
        "<div itemprop='keywords'>trams, council, city</div>"
        "<div itemprop='url'>https://bugle.example/img/tram-line-500-250.jpg</div>"
        f"<div itemprop='articleBody'>{_paragraphs_html()}</div></div>"
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='content'>"
        f"<div class='story'>{_paragraphs_html()}</div>{hidden}</div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"style:hidden": 1}


def test_a_box_with_the_hidden_attribute_is_not_text() -> None:
    """Tried: an offer box printed with the ``hidden`` attribute (shown by a script to
    some readers only) between the article's paragraphs."""
    offer = (
        "<div hidden class='x9'><p>Unlimited online access to every article from our "
        "newsroom and fifteen partner titles, for one low monthly price.</p></div>"
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>"
        f"<p>{PARAGRAPHS[1]}</p>{offer}<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
        "</div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"attr:hidden": 1}


def test_latest_lists_thumbnail_teasers_and_the_meta_line() -> None:
    """Tried: inside the article's own container, a meta line (date, reading time,
    section), a "latest news" box of headline teasers and a block of thumbnail teasers
    with one-line summaries, as sports and lifestyle sites print them."""
    teasers = "".join(
        f"<li class='col-4'><h4 class='latest-box-item-subline'>The coach said {n} players "
        "would miss the next match after the injuries</h4></li>"
        for n in ("two", "three", "four")
    )
    thumbs = "".join(
        f"<div class='thumb'><div class='body'>A popular plan for busy weeks, with results "
        f"in {n} days and a simple menu for every meal.</div></div>"
        for n in (7, 10, 14)
    )
    markup = (
        f"<html><body><div class='row'><h1>{HEADLINE}</h1>"
        "<div class='post-meta'>May 1, 2024 · 4 min read · City</div>"
        f"{_paragraphs_html()}<div class='latest-news-box'><ul>{teasers}</ul></div>"
        f"<div id='thumbblock'>{thumbs}</div></div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert sorted(body.pruned) == ["word:latest", "word:meta", "word:thumb"]


def test_info_boxes_and_premium_offers() -> None:
    """Tried: a live entry's info line (time, author) and a subscription offer printed
    as a list of benefits, both inside the article's container."""
    offer = "".join(
        f"<li>{benefit}, with one account on every one of your devices.</li>"
        for benefit in ("Unlimited online access", "The daily ePaper", "Puzzles and comics")
    )
    markup = (
        f"<html><body><article><h1>{HEADLINE}</h1>"
        "<div class='entry-info'>21 mins ago 11:48 Jane Doe</div>"
        f"{_paragraphs_html()}<div class='intro-body__premium'><ul>{offer}</ul></div>"
        "</article></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert sorted(body.pruned) == ["word:info", "word:premium"]


def test_a_video_players_fallback_line_is_furniture() -> None:
    """Tried: the line a video player prints where its script did not run, in English on
    a German page, between the paragraphs; and a sentence that only starts alike."""
    from newsscraper.extraction.text import is_furniture

    fallback = (
        "To view this video please enable JavaScript, and consider upgrading to a web "
        "browser that supports HTML5 video"
    )
    assert is_furniture(fallback)
    assert not is_furniture("To view this video, the council said, residents must register.")
    markup = (
        f"<html lang=de><body><h1>{HEADLINE}</h1><div class='story'>"
        f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p><div class='vjs'><p>{fallback}</p>"
        f"</div><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p></div></body></html>"
    )
    assert _body_of(markup, HEADLINE, "de").paragraphs == PARAGRAPHS


def test_an_h1_inside_the_text_is_the_pages_title_not_its_text() -> None:
    """Tried: the structured data's headline is shorter than the one printed in the
    ``<h1>`` at the top of the article's own box (so the two do not compare equal), and
    a second ``<h1>`` (the section's name) sits below the text: neither is the text."""
    markup = (
        "<html><body><div class='story'><h1>Council approves the northern tram line after "
        f"a long night of debate at the town hall</h1>{_paragraphs_html()}"
        "<h1>City news</h1></div></body></html>"
    )
    body = _body_of(markup, "Tram line approved", "en")
    assert body.paragraphs == PARAGRAPHS


def test_a_caption_printed_inline_beside_its_photo_is_not_text() -> None:
    """Tried: photos inside the text whose captions are ``<span>`` and ``<small>``
    elements named ``media-caption`` and ``imageLegend`` in the same ``<div>`` as the
    image (no block of their own), and a ``<span class="lead">`` that is the text."""
    photo = (
        "<div class='media'><img src='/p{n}.jpg'><span class='{klass}'>Members of the "
        "council leave the chamber after the vote on Tuesday night, when the plan "
        "passed.</span></div>"
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'>"
        f"<p><span class='lead'>{PARAGRAPHS[0]}</span></p>"
        + photo.format(n=1, klass="media-caption")
        + f"<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>"
        + photo.format(n=2, klass="imageLegend small").replace("span", "small")
        + f"<p>{PARAGRAPHS[3]}</p></div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"word:caption": 2}


def test_css_module_class_names_keep_their_words() -> None:
    """Tried: a Next.js page whose classes are CSS modules (``file_local__hash``): the
    five characters after ``__`` are a hash, not a BEM element, so the words before them
    name the box (``RelatedArticles_related__x7Q2a`` is a related box)."""
    related = "".join(
        f"<p>Another story about the city's trams and buses, number {n} of the week.</p>"
        for n in range(3)
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='Article_body__Ab3dE'>"
        f"{_paragraphs_html()}<div class='RelatedArticles_related__x7Q2a'>{related}</div>"
        "</div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"word:related": 1}


def test_a_teaser_that_links_nowhere_is_the_lead() -> None:
    """Tried: German newsrooms call the lead the "Teaser" (``article__teaser``); a
    teaser of another article links to it. The first is text, the second is not."""
    lead = (
        "After a debate that lasted well into the night, the council approved the tram "
        "line that had split the coalition for two years."
    )
    promo = (
        "<div class='teaser'><a href='/2024/buses'><h3>Night buses return</h3>"
        "<p>The night bus network is back after two years, with six new lines.</p></a></div>"
    )
    markup = (
        f"<html><body><article><h1>{HEADLINE}</h1><div class='content'>"
        f"<p class='article__teaser'>{lead}</p>{_paragraphs_html()}{promo}</div>"
        "</article></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == [lead, *PARAGRAPHS]
    assert body.pruned == {"word:teaser": 1}


def test_the_text_of_a_small_photo_box_is_its_caption() -> None:
    """Tried: photos in the text in boxes named ``image-widget`` (a CSS module's
    ``image_image-widget__LYZT4``) and ``article-img``, each with a caption paragraph
    and a credit line; and a recipe printed inside a box named ``recipe-image``, whose
    ingredients and steps are the text (a box with more than a caption's length)."""
    photo = (
        "<div class='{klass}'><img src='/p.jpg'><p>Members of the council leave the "
        "chamber after the vote on Tuesday night.</p><p>Image: Jane Doe</p></div>"
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>"
        + photo.format(klass="image_image-widget__LYZT4")
        + f"<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>"
        + photo.format(klass="article-img")
        + f"<p>{PARAGRAPHS[3]}</p></div></body></html>"
    )
    assert _body_of(markup, HEADLINE, "en").paragraphs == PARAGRAPHS
    steps = [
        "Peel and core the pears, then cut them into small cubes of the same size.",
        "Simmer the pears with the lemon juice for ten minutes, stirring now and then.",
        "Add the honey and the spices, bring to a boil and fill the warm jars at once.",
        "Close the jars and leave them upside down on a towel until they have cooled.",
        "Label each jar with the date; the jam keeps for a year in a cool, dark place.",
        "Serve it with fresh bread, with cheese, or stirred into plain yogurt for breakfast.",
    ]
    recipe = "".join(f"<p>{step}</p>" for step in steps)
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'>{_paragraphs_html()}"
        f"<div class='recipe-image'><img src='/jam.jpg'>{recipe}</div></div></body></html>"
    )
    assert _body_of(markup, HEADLINE, "en").paragraphs == [*PARAGRAPHS, *steps]


def test_a_furniture_word_spelled_in_two_parts_names_the_box() -> None:
    """Tried: a sign-in wall printed inside the article (``article__sign-in-group``) and
    a "most read" box (``most-read``): ``signin`` and ``mostread`` spelled as two words."""
    wall = (
        "<div class='article__sign-in-group'><p>Create an account or sign in to continue "
        "with your reading experience, on any of your devices.</p></div>"
    )
    most_read = "".join(
        f"<p>The {n} most read story of the day, about the city and its people.</p>"
        for n in ("first", "second", "third")
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>{wall}"
        f"<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
        f"<div class='box most-read'>{most_read}</div></div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"word:signin": 1, "word:mostread": 1}


def test_fact_boxes_are_not_the_text() -> None:
    """Tried: a fact box (``fact-box``, read ``factbox``) and an info box (``infobox``)
    beside the text, each a heading and two sentences of background."""
    box = (
        "<div class='{klass}'><h3>Background</h3><p>The northern line was first planned in "
        "1998 and shelved twice for lack of money.</p><p>It will have twelve stops and "
        "run every six minutes at peak times.</p></div>"
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>"
        + box.format(klass="fact-box")
        + f"<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
        + box.format(klass="infobox copytext")
        + "</div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"word:factbox": 1, "word:infobox": 1}


def test_a_sentence_with_a_long_link_in_it_is_text() -> None:
    """Tried: a paragraph of fifteen words whose first ten are a link (two thirds of its
    characters), as live blogs and tabloids link their own earlier stories; and a
    "Read more" line that is all link, which stays out."""
    linked = (
        "<p><a href='/2023/tram-vote'>The council first voted on the northern tram line "
        "in 2019</a>, but the plan stalled over money.</p>"
    )
    read_more = "<p>Read more: <a href='/buses'>Night buses return to the city centre</a></p>"
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>{linked}"
        f"<p>{PARAGRAPHS[1]}</p>{read_more}<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
        "</div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    first = (
        "The council first voted on the northern tram line in 2019, but the plan stalled "
        "over money."
    )
    assert body.paragraphs == [PARAGRAPHS[0], first, *PARAGRAPHS[1:]]


def test_a_read_next_box_is_furniture_and_the_next_app_root_a_wrapper() -> None:
    """Tried: a Next.js page (everything inside ``<div id="__next">``, with no ``<h1>``
    the headline matches) whose text is followed by an "up next" box of teasers."""
    teasers = "".join(
        f"<p>Night buses return to the city centre after {n} years without them.</p>"
        for n in ("two", "three", "four")
    )
    markup = (
        "<html><body><div id='__next'><div class='story'>"
        f"{_paragraphs_html()}</div><section class='up-next'>{teasers}</section></div>"
        "</body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"word:next": 1}


def test_lightboxes_noscript_copies_and_polls_are_not_the_text() -> None:
    """Tried: a lightbox repeating a photo's caption, a slideshow's line for readers
    without JavaScript (``robots-nocontent``), and a reader poll, inside the text."""
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>"
        "<div class='lightbox'><p class='lightbox__description'>Members of the council "
        "leave the chamber after the vote on Tuesday night, when the plan passed.</p></div>"
        f"<p>{PARAGRAPHS[1]}</p><p class='slideshow-noscript robots-nocontent'>This "
        "slideshow requires JavaScript to show the photos of the night.</p>"
        f"<p>{PARAGRAPHS[2]}</p><div class='article-poll'><p>Should the city build more "
        "tram lines, even if the budget must grow for them?</p><p>Yes, as soon as "
        f"possible.</p><p>No, buses are enough.</p></div><p>{PARAGRAPHS[3]}</p>"
        "</div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"word:lightbox": 1, "word:nocontent": 1, "word:poll": 1}


def test_what_the_container_prints_above_the_headline_is_not_the_text() -> None:
    """Tried: the article's own box prints a kicker and an issue line above the
    ``<h1>`` (a printed paper's "From: issue of 26.04.2024, page 1"); and a page whose
    only copy of the headline is printed below the text, whose text must stay."""
    markup = (
        "<html><body><div class='story'><p>Nationaler Veteranentag</p><p>From: issue of "
        f"26.04.2024, page 1 / Title page of the city section</p><h1>{HEADLINE}</h1>"
        f"{_paragraphs_html()}</div></body></html>"
    )
    assert _body_of(markup, HEADLINE, "en").paragraphs == PARAGRAPHS
    markup = (
        f"<html><body><div class='story'>{_paragraphs_html()}<h2>{HEADLINE}</h2></div>"
        "</body></html>"
    )
    assert _body_of(markup, HEADLINE, "en").paragraphs == PARAGRAPHS


def test_a_featured_story_inside_the_text_is_not_the_text() -> None:
    """Tried: a box of another story (``article--featured``: headline, summary) placed
    between the paragraphs, and a page whose own article is named ``featured``."""
    featured = (
        "<div class='article--featured'><p>Night buses return to the city centre after "
        "two years, with six new lines and a ticket valid on trams as well.</p></div>"
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>"
        f"<p>{PARAGRAPHS[1]}</p>{featured}<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
        "</div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"word:featured": 1}
    markup = (
        f"<html><body><div class='post featured'><h1>{HEADLINE}</h1>{_paragraphs_html()}"
        "</div></body></html>"
    )
    assert _body_of(markup, HEADLINE, "en").paragraphs == PARAGRAPHS


def test_a_generated_id_is_not_read_for_words() -> None:
    """Tried: each paragraph carries a generated id (``block-id-n1AuAdJlVL``) whose
    camelCase parts read ``Ad``: the paragraph is text; an ``ad-slot-3`` box is not."""
    ids = ["n1AuAdJlVL", "x7NavQ2kLm", "Tb9MetaXq4", "q2BioPz81K"]
    paragraphs = "".join(
        f"<p class='articleBodyBlock' id='block-id-{ident}'>{text}</p>"
        for ident, text in zip(ids, PARAGRAPHS, strict=True)
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'>{paragraphs}"
        "<div class='ad-slot-3'><p>Advertisement for a new car, with a test drive offered "
        "at every dealer in the region this month.</p></div></div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"word:ad": 1}


def test_labels_after_the_last_paragraph_are_not_the_text() -> None:
    """Tried: "Comments" and "Latest stories" printed after the last paragraph, inside
    the article's box and named by nothing; and a text that ends with a list of short
    items, which stays."""
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'>{_paragraphs_html()}"
        "<h3>Comments</h3><div>Latest stories</div></div></body></html>"
    )
    assert _body_of(markup, HEADLINE, "en").paragraphs == PARAGRAPHS
    stops = ["Central station", "Market square", "Old harbour", "University"]
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'>{_paragraphs_html()}"
        f"<p>The stops:</p><ul>{''.join(f'<li>{stop}</li>' for stop in stops)}</ul>"
        "</div></body></html>"
    )
    assert _body_of(markup, HEADLINE, "en").paragraphs == [*PARAGRAPHS, "The stops:", *stops]


def test_a_byline_line_inside_the_text_is_not_the_text() -> None:
    """Tried: a byline printed after the lead photo, between two paragraphs ("Von Anna
    Sleegers, Frankfurt"); a short sentence that starts with a byline word stays."""
    markup = (
        f"<html lang=de><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>"
        f"<p>Von Anna Sleegers, Frankfurt</p><p>{PARAGRAPHS[1]}</p><p>De facto, yes.</p>"
        f"<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p></div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "de")
    assert body.paragraphs == [*PARAGRAPHS[:2], "De facto, yes.", *PARAGRAPHS[2:]]


def test_a_short_block_that_names_a_newsletter_is_a_sign_up_call() -> None:
    """Tried: sign-up calls printed as plain paragraphs inside the text, in English and
    in German ("WAZ-Newsletter"), and a long paragraph of the article that mentions a
    newsletter, which stays."""
    long_one = (
        "The council's own newsletter had announced the vote a week earlier, but few "
        "residents of the northern districts read it, and the public meetings planned "
        "for the autumn were hardly attended, the opposition said after the debate on "
        "Tuesday night in the town hall."
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>"
        "<p>Sign up for our free weekly newsletter to get the city's news first.</p>"
        f"<p>{PARAGRAPHS[1]}</p><p>{long_one}</p><p>{PARAGRAPHS[2]}</p>"
        "<p>Duisburg-Newsletter: Jetzt kostenlos anmelden!</p>"
        f"<p>{PARAGRAPHS[3]}</p></div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == [*PARAGRAPHS[:2], long_one, *PARAGRAPHS[2:]]


def test_a_short_block_with_an_email_address_is_a_contact_line() -> None:
    """Tried: "Got a story? Email us at …" and a reporter's sign-off with an address,
    inside the text; a long paragraph that quotes an address stays."""
    quoted = (
        "Residents who want to comment on the plan can write to trams@city.example until "
        "the end of January, the mayor said, and every letter will be answered by the "
        "engineers before the final vote of the council in the spring."
    )
    markup = (
        f"<html><body><h1>{HEADLINE}</h1><div class='story'><p>{PARAGRAPHS[0]}</p>"
        f"<p>{PARAGRAPHS[1]}</p><p>{quoted}</p><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
        "<p>Got a story? Get in touch with our news team at news@bugle.example.</p>"
        "<p>Jane Doe jane.doe@bugle.example</p></div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == [*PARAGRAPHS[:2], quoted, *PARAGRAPHS[2:]]


def test_newsletter_names_lower_cased_equal_the_case_blind_search() -> None:
    """Every code point that matches a letter of a newsletter name case-blind lower-cases
    to that letter, or is one of ``NEWSLETTER_ODD_CASE`` (searched case-blind)."""
    import re

    from newsscraper.extraction.languages import words
    from newsscraper.extraction.tables import NEWSLETTER_ODD_CASE

    letters = {c for name in words("newsletter_names") for c in name if not c.isspace()}
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    odd = set()
    for letter in letters:
        for match in re.finditer(re.escape(letter), every, re.IGNORECASE):
            char = match.group()
            if char.lower() != letter.lower() or len(char.lower()) != 1:
                odd.add(char)
    assert odd, "ſ is s case-blind: the search above found nothing"
    assert all(NEWSLETTER_ODD_CASE.search(char) for char in odd), sorted(odd)
    assert "Σ".lower() == "σ" and NEWSLETTER_ODD_CASE.search("Σ")  # lower-cased by place


def test_text_for_screen_readers_only_is_not_read() -> None:
    """Tried: an expandable person box whose toggle prints "Personen-Box aufklappen" and
    "… zuklappen" in ``h-offscreen`` spans, a link with a ``sr-only`` "(opens in a new
    window)", a ``visually-hidden`` block, and a headline with a ``o-VisuallyHidden``
    colon between its kicker and its text (real pages' markup, written here). The body
    is the four paragraphs, the link's words kept, and the headline is not read again."""
    from newsscraper import extract

    markup = (
        "<html lang=en><head><title>Trams</title></head><body><article>"
        "<h1><span class='kicker'>Trams</span><span class='o-VisuallyHidden'>: </span>"
        f"<span>{HEADLINE}</span></h1><div class='story'>"
        f"<p>{PARAGRAPHS[0]}</p>"
        "<div class='expandable-box'><div class='expandable-box__header'>"
        "<span class='expand-icon__a11y-open h-offscreen'>Personen-Box aufklappen</span>"
        "<span class='expand-icon__a11y-close h-offscreen'>Personen-Box zuklappen</span>"
        "</div></div>"
        f"<p>{PARAGRAPHS[1][:-1]} <a href='/budget'>in the budget<span class='sr-only'> "
        "(opens in a new window)</span></a>.</p>"
        "<div class='visually-hidden'><p>Skip to the next section of this page and "
        "continue reading below the advertisement.</p></div>"
        f"<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p></div></article></body></html>"
    )
    article = extract(markup, "https://bugle.example/2024/05/01/tram-line/")
    paragraphs = article["body"].split("\n\n")
    assert paragraphs[0] == PARAGRAPHS[0]
    assert paragraphs[1] == PARAGRAPHS[1][:-1] + " in the budget."
    assert paragraphs[2:] == PARAGRAPHS[2:]
    assert article["headline"] == f"Trams: {HEADLINE}"


def test_a_wordpress_query_loop_inside_the_post_is_not_its_text() -> None:
    """Tried: a WordPress block theme's post content followed, in the same container, by
    a "More from us" heading and a Query Loop block (``wp-block-query``) of three
    teasers, each a linked title, a time and an unlinked one-sentence excerpt."""
    teasers = "".join(
        "<div class='wp-block-columns'><div class='wp-block-column'>"
        f"<h2 class='wp-block-post-title'><a href='/2024/05/0{n}/story/'>Story {n}</a></h2>"
        f"<div class='wp-block-post-time-ago'>{n} hours ago</div></div>"
        "<div class='wp-block-column'><div class='wp-block-post-excerpt'>"
        f"<p>The transport authority said that {n} more bus routes would be cut next "
        "year.</p></div></div></div>"
        for n in range(1, 4)
    )
    markup = (
        f"<html><body><div class='wp-block-group single-post__content'><h1>{HEADLINE}</h1>"
        f"{_paragraphs_html()}<h2 class='wp-block-heading'>More from us</h2>"
        f"<div class='wp-block-query is-layout-flow'>{teasers}</div></div></body></html>"
    )
    body = _body_of(markup, HEADLINE, "en")
    assert body.paragraphs == PARAGRAPHS
    assert body.pruned == {"word:query": 1}


def test_the_one_article_element_holding_most_of_the_text_is_the_body() -> None:
    """Tried: a paywalled page whose headline is printed in a header above its
    ``<article>``, and whose ``<main>`` also holds, after the article, a device-limit
    notice in whole sentences (as Le Monde prints it). The best-scoring element was
    ``<main>``, notice included; the article inside it holds most of the prose."""
    notice = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "You can read this newspaper on only one device at a time, whatever it is.",
            "This message will be shown on the other device, which stays signed in.",
            "If someone else reads with your account, we advise you to change your password.",
        )
    )
    markup = (
        f"<html><body><main><header><h1>{HEADLINE}</h1></header>"
        f"<article class='story-content'>{_paragraphs_html()}</article>"
        f"<section class='capping'><h3>Reading on another device</h3>{notice}</section>"
        "</main></body></html>"
    )
    assert _body_of(markup, HEADLINE, "en").paragraphs == PARAGRAPHS


def test_a_longer_next_article_is_not_taken_for_the_one_with_the_headline() -> None:
    """Tried: ``<main>`` holding the page's ``<article>`` (headline, four paragraphs) and
    the next story's ``<article>``, longer, loaded below it: more than half of the
    prose, but the headline is in the first."""
    longer = "".join(
        f"<p>The harbour authority said on Monday that the {n} new cranes would arrive "
        "by ship in the spring, and that the quay would close for two weeks while they "
        "were installed and tested by the engineers of the manufacturer.</p>"
        for n in ("two", "three", "four", "five", "six", "seven")
    )
    markup = (
        f"<html><body><main><article><h1>{HEADLINE}</h1>{_paragraphs_html()}</article>"
        f"<article class='next'><h2>Cranes for the harbour</h2>{longer}</article>"
        "</main></body></html>"
    )
    assert _body_of(markup, HEADLINE, "en").paragraphs == PARAGRAPHS

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
    assert walk.blocks[0].link_density == pytest.approx(1 / 7, abs=0.01)  # one word of seven


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
    paragraphs = "".join(f"<p>{p}</p><div>Article content</div>" for p in PARAGRAPHS)
    page = Selector(
        text=f"<html><body><h1>{HEADLINE}</h1><div class='story'>{paragraphs}"
        "<h2>Background</h2></div></body></html>",
        type="html",
    )
    body = ArticleBody(page.root, BodyHints(headline=HEADLINE), page.root)
    assert body.paragraphs == [*PARAGRAPHS, "Background"]  # a heading once is no label


def test_furniture_rules_match_class_word_parts_never_substrings():
    """Tried: every profile's furniture against classes that hold a furniture word only
    as a substring, and against the spellings a CMS uses for the word itself."""
    from lxml.html import fragment_fromstring

    from newsscraper.extraction.dom import furniture_word
    from newsscraper.sites import COMMON_FURNITURE_WORDS, all_sites

    for site in all_sites():
        assert not any("*=" in query for query in site.selectors.furniture), site.name
    words = COMMON_FURNITURE_WORDS
    for markup in ('<div class="shareholder-news"/>', '<div id="unrelated"/>', "<div/>"):
        assert not furniture_word(fragment_fromstring(markup), words), markup
    for markup in (
        '<div class="share-box"/>',
        '<div class="socialShare"/>',
        '<div class="text-size"/>',
        '<div id="textSize"/>',
        '<div class="jp-relatedposts"/>',
    ):
        assert furniture_word(fragment_fromstring(markup), words), markup

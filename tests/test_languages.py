"""The words of each language: complete, agreeing with CLDR, and read by the text rules."""

from __future__ import annotations

import re

import pytest
from babel import Locale

from newsscraper.extraction.languages import LANGUAGES, guess_language, language_for, region_of
from newsscraper.extraction.tables import (
    ALL_MONTHS,
    ERROR_PAGE_PATTERNS,
    FURNITURE_PATTERNS,
    MONTHS,
    NEWSLETTER_NAMES,
    WEEKDAYS,
    fold,
)
from newsscraper.extraction.text import is_furniture, split_caption

#: Every language of the sister sites (../shared/SITE.md), plus the cheap neighbours.
NETWORK = ("de", "hi", "fr", "en", "pl", "cs", "ko", "es", "zh", "pt", "sv", "ar", "ja", "el")
NETWORK += ("it", "ru", "uk", "nl", "da", "no")
CODES = sorted(LANGUAGES)

#: One sentence of article text per language: never furniture, never an error page.
SENTENCES = {
    "ar": "قال الرئيس إن الحكومة ستواصل العمل على خفض الأسعار خلال العام المقبل.",
    "cs": "Starostka Postupimi čelí kritice kvůli tomu, jak řeší problémy města.",
    "da": "Borgmesteren i Potsdam bliver kritiseret for sin håndtering af byens problemer.",
    "de": "Die Oberbürgermeisterin von Potsdam steht wegen ihrer Amtsführung in der Kritik.",
    "el": "Η δήμαρχος του Πότσνταμ δέχεται κριτική για τον τρόπο που διοικεί την πόλη.",
    "en": "The mayor of Potsdam faces criticism over how she runs the city.",
    "es": "La alcaldesa de Potsdam recibe críticas por su forma de gestionar la ciudad.",
    "fr": "La maire de Potsdam est critiquée pour sa gestion des problèmes de la ville.",
    "hi": "पॉट्सडैम की मेयर को शहर की समस्याओं से निपटने के तरीके पर आलोचना झेलनी पड़ रही है।",
    "it": "La sindaca di Potsdam è criticata per come gestisce i problemi della città.",
    "ja": "ポツダム市長は市の問題への対応をめぐり批判を受けている。",
    "ko": "포츠담 시장은 도시 문제 대응 방식으로 비판을 받고 있다.",
    "nl": "De burgemeester van Potsdam krijgt kritiek op haar aanpak van de problemen.",
    "no": "Ordføreren i Potsdam får kritikk for hvordan hun håndterer byens problemer.",
    "pl": "Burmistrz Poczdamu jest krytykowana za sposób zarządzania miastem.",
    "pt": "A presidente da câmara de Potsdam é criticada pela forma como gere a cidade.",
    "ru": "Мэра Потсдама критикуют за то, как она решает проблемы города.",
    "sv": "Borgmästaren i Potsdam kritiseras för hur hon hanterar stadens problem.",
    "uk": "Мера Потсдама критикують за те, як вона розв'язує проблеми міста.",
    "zh": "波茨坦市长因处理城市问题的方式而受到批评。",
}

#: Scripts by the first word of their Unicode character names.
SCRIPT_NAMES = {
    "Latn": ("LATIN",),
    "Grek": ("GREEK",),
    "Cyrl": ("CYRILLIC",),
    "Arab": ("ARABIC",),
    "Deva": ("DEVANAGARI",),
    "Hans": ("CJK",),
    "Jpan": ("CJK",),
    "Kore": ("HANGUL",),
}


def test_every_language_of_the_network_has_a_module():
    assert set(NETWORK) <= set(LANGUAGES)
    assert set(SENTENCES) == set(LANGUAGES)


@pytest.mark.parametrize("code", CODES)
def test_language_is_complete(code):
    language = LANGUAGES[code]
    assert language.code == code
    assert sorted(set(language.months.values())) == list(range(1, 13))
    assert sorted(set(language.weekdays.values())) == list(range(7))
    assert set(language.date_labels.values()) == {"published", "modified"}
    assert language.date_order in ("DMY", "MDY", "YMD")
    assert language.byline_prefixes or language.byline_suffixes
    for attribute in (
        "credit_labels",
        "text_size",
        "markets",
        "share",
        "related",
        "advertising",
        "next_page",
        "not_found",
        "name_joiners",
    ):
        assert getattr(language, attribute), f"{code}: no {attribute}"
    for table in (language.months, language.weekdays, language.date_labels):
        assert all(name == name.lower() for name in table), f"{code}: write names lower case"


@pytest.mark.parametrize("code", CODES)
def test_month_names_are_in_the_language_script(code):
    import unicodedata

    language = LANGUAGES[code]
    allowed = SCRIPT_NAMES[language.script]
    for name in language.months:
        letters = [c for c in name if c.isalpha()]
        assert letters, name
        assert all(unicodedata.name(c).startswith(allowed) for c in letters), (code, name)


def _cldr(code: str) -> Locale:
    return Locale.parse({"no": "nb"}.get(code, code))


def _cldr_names(names) -> dict[str, int]:
    return {fold(name.rstrip(".\u0970")): number for number, name in names.items()}


@pytest.mark.parametrize("code", CODES)
def test_months_agree_with_cldr(code):
    """Every month name CLDR prints in dates (genitive ``format``, nominative
    ``stand-alone``, abbreviations) is in our table, with the same number."""
    locale, ours = _cldr(code), MONTHS[code]
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for name, number in _cldr_names(locale.months[context][width]).items():
                assert ours.get(name) == number, (code, context, width, name)


@pytest.mark.parametrize("code", CODES)
def test_weekdays_agree_with_cldr(code):
    locale, ours = _cldr(code), WEEKDAYS[code]
    for name, number in _cldr_names(locale.days["format"]["wide"]).items():
        assert ours.get(name) == number, (code, name)


def test_a_month_name_means_one_month_in_every_language():
    for code, table in MONTHS.items():
        for name, number in table.items():
            assert ALL_MONTHS[name] == number, (code, name)


@pytest.mark.parametrize("code", CODES)
def test_credit_labels_split_a_caption(code):
    for label in LANGUAGES[code].credit_labels:
        assert not re.search(r"[\\.^$*+?()\[\]{}|]", label), "labels join into a pattern as is"
        caption = f"{SENTENCES[code]} / {label}: STR - KCNA VIA KNS/AFP"
        assert split_caption(caption) == (SENTENCES[code], "STR - KCNA VIA KNS/AFP"), label


@pytest.mark.parametrize("code", CODES)
def test_furniture_words_are_furniture(code):
    language = LANGUAGES[code]
    for attribute in ("text_size", "markets", "share", "related", "advertising"):
        for phrase in getattr(language, attribute):
            assert is_furniture(phrase), (attribute, phrase)
            assert is_furniture(f"{phrase}:"), (attribute, phrase)
    for phrase in language.continue_reading:
        assert is_furniture(phrase), phrase
    for name in language.newsletter_names:  # named anywhere in a block, any case
        assert NEWSLETTER_NAMES.search(f"Get our {name.lower()} every morning!"), name
    assert not NEWSLETTER_NAMES.search(SENTENCES[code])
    for phrase in language.broadcast_notes:  # the note, and the line it starts
        assert is_furniture(f"{phrase} Radio 1 am 14.04.2026 um 17:50 Uhr."), phrase
        assert not is_furniture(f"{phrase} {SENTENCES[code] * 5}"), phrase
    for label in language.text_size:
        assert is_furniture(f"{label}: A- A+"), label
    for word in language.share[:2]:
        assert is_furniture(f"{word} Facebook WhatsApp"), word


@pytest.mark.parametrize("code", CODES)
def test_article_text_is_not_furniture_nor_an_error_page(code):
    sentence = SENTENCES[code]
    assert not is_furniture(sentence)
    assert not any(pattern.search(fold(sentence)) for pattern in ERROR_PAGE_PATTERNS)
    # a furniture word inside a sentence leaves the sentence alone
    for phrase in LANGUAGES[code].share[:1] + LANGUAGES[code].related[:1]:
        assert not is_furniture(f"{sentence} {phrase} {sentence}")


@pytest.mark.parametrize("code", CODES)
def test_error_page_titles_are_recognised(code):
    for phrase in LANGUAGES[code].not_found:
        assert any(pattern.search(fold(phrase)) for pattern in ERROR_PAGE_PATTERNS), phrase
        upper = f"{phrase.upper()} – 404"
        assert any(pattern.search(fold(upper)) for pattern in ERROR_PAGE_PATTERNS), upper


def test_furniture_patterns_fail_fast_on_long_near_misses():
    """Possessive repetitions: a long run of control words that ends in text is not
    furniture, and is rejected without retrying each way to cut it (bounded input)."""
    for text in ("Textgröße " + "A+ " * 300 + "x", "Teilen " * 300 + "Ende."):
        assert not is_furniture(text)
    assert all(pattern.flags & re.IGNORECASE for pattern in FURNITURE_PATTERNS)


@pytest.mark.parametrize(
    ("tag", "code"),
    [("de-AT", "de"), ("pt_BR", "pt"), ("nb-NO", "no"), ("nn", "no"), ("zh-Hant-TW", "zh")],
)
def test_language_for_tag(tag, code):
    assert language_for(tag).code == code


def test_language_for_unknown_tag_and_region():
    assert language_for("tlh") is None and language_for("") is None
    assert region_of("en-US") == "US" and region_of("zh-Hant-TW") == "TW"
    assert region_of("en") is None


def test_right_to_left_languages():
    assert [code for code, language in LANGUAGES.items() if language.rtl] == ["ar"]


# -- right to left ------------------------------------------------------------------------

RLM, LRM, ISOLATE, POP = "\u200f", "\u200e", "\u2067", "\u2069"
HEADLINE_AR = "نوشا أوبل: هل هي على قدر مشكلات بوتسدام؟"
PARAGRAPHS_AR = [
    "تواجه رئيسة بلدية بوتسدام انتقادات متزايدة بسبب طريقة إدارتها لشؤون المدينة.",
    "وقال أعضاء في المجلس البلدي إن المشاريع الكبرى تأخرت لأكثر من عامين، "
    "وإن الميزانية تجاوزت 120 مليون يورو.",
    "وردت أوبل بأن الإصلاحات تحتاج إلى وقت، وأن المدينة ستعرض خطة جديدة في الربيع.",
]


def _arabic_page() -> str:
    marked = [f"{RLM}{p}{LRM}" for p in PARAGRAPHS_AR]
    body = "".join(f"<p>{p}</p>" for p in marked)
    caption = f"{ISOLATE}نوشا أوبل في بوتسدام{POP} / صورة: {LRM}John MACDOUGALL/AFP{LRM}"
    return (
        "<html lang='ar' dir='rtl'><head><meta charset='utf-8'>"
        f"<title>Dubai Telegraph - {HEADLINE_AR}</title></head><body><article>"
        f"<h1>{RLM}{HEADLINE_AR}{RLM}</h1>"
        f"<figure><img src='/img/aubel.jpg'><figcaption>{caption}</figcaption></figure>"
        f"<p class='date'>{RLM}٣٠ نوفمبر ٢٠٢٤ - ٠٧:٤١</p>{body}</article></body></html>"
    )


def test_right_to_left_page_comes_out_in_logical_order_without_bidi_marks():
    from newsscraper.extraction.page import ArticlePage
    from newsscraper.sites import SiteProfile

    site = SiteProfile(
        name="dubaitelegraph", title="Dubai Telegraph", timezone="Asia/Dubai", languages=("ar",)
    )
    url = "https://www.dubaitelegraph.ae/ThingsToKnow/708194-noosha-aubel-arabic-potsdam.html"
    item = ArticlePage(url, _arabic_page(), site).to_item()
    assert item["language"] == "ar"
    assert item["headline"] == HEADLINE_AR
    assert item["body"] == "\n\n".join(PARAGRAPHS_AR)  # the order the page holds, marks gone
    assert item["photo_caption"] == "نوشا أوبل في بوتسدام"
    assert item["photo_credit"] == "John MACDOUGALL/AFP"
    assert item["published_at"] == "2024-11-30T07:41:00+04:00"
    for name, value in item.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                assert not re.search("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]", text), name


# -- which language a page is written in --------------------------------------------------

#: A second sentence for the languages that share a script, with their common words.
MORE = {
    "cs": "Podle radních je to problém, který se týká celého města a jeho obyvatel.",
    "pl": "Według radnych to problem, który dotyczy całego miasta i jego mieszkańców.",
    "sv": "Enligt ledamöterna är det ett problem som också gäller hela staden och dess invånare.",
    "da": "Ifølge byrådet er det et problem, som også vedrører hele byen, og det bliver ikke bedre.",
    "no": "Ifølge bystyret er det et problem som også gjelder hele byen, og det blir ikke bedre nå.",
    "nl": "Volgens de raadsleden is het een probleem dat de hele stad en haar inwoners raakt.",
    "de": "Nach Angaben der Stadt ist das Problem auch im Rat nicht neu.",
    "en": "According to the council, the problem has been known for years.",
    "es": "Según los concejales, el problema afecta a toda la ciudad y a sus vecinos.",
    "fr": "Selon les conseillers, le problème touche toute la ville et ses habitants.",
    "it": "Secondo i consiglieri, il problema riguarda tutta la città e i suoi abitanti.",
    "pt": "Segundo os vereadores, o problema afeta toda a cidade e os seus habitantes.",
}


@pytest.mark.parametrize("code", CODES)
def test_guess_language_of_a_paragraph(code):
    text = f"{SENTENCES[code]} {MORE.get(code, '')}"
    assert guess_language(text)[0] == code
    assert guess_language(text, among=(code, "en"))[0] == code


def test_guess_language_from_letters_and_limits():
    assert guess_language("Ein Satz.", among=("el",)) == (None, "none")
    assert guess_language("Αθήνα", among=("de", "el")) == ("el", "script:Grek")
    # the Madras Times case: a Hindi page under a /de/ path
    assert guess_language(SENTENCES["hi"], among=("de", "hi"))[0] == "hi"
    assert guess_language("") == (None, "none")
    assert guess_language("x" * 100_000)[1] in ("words", "none")  # reads a bounded sample


@pytest.mark.parametrize("code", CODES)
def test_every_language_sentence_ends_as_a_sentence(code):
    from newsscraper.extraction.tables import SENTENCE_END

    assert SENTENCE_END.search(SENTENCES[code])
    assert not SENTENCE_END.search(SENTENCES[code][:-1])

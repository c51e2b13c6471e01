"""Edge cases of the cleaning rules, per language (the doctests cover the basics)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsscraper.extraction.dates import find_text_date, parse_machine_date
from newsscraper.extraction.text import (
    clean_credit,
    clean_text,
    is_furniture,
    parse_signature,
    split_caption,
    split_keywords,
    split_trailing_signature,
    strip_site_name,
    strip_tracking,
)


@pytest.mark.parametrize(
    ("printed", "caption", "credit"),
    [
        (
            "Staatsmedien: Kim / Foto: STR - KCNA VIA KNS/AFP",
            "Staatsmedien: Kim",
            "STR - KCNA VIA KNS/AFP",
        ),
        ("Putin / Foto: © Kirill KUDRYAVTSEV/AFP/Archiv", "Putin", "Kirill KUDRYAVTSEV/AFP/Archiv"),
        (
            "Montenegro em Lisboa / Fotografia: Patricia DE MELO MOREIRA/AFP",
            "Montenegro em Lisboa",
            "Patricia DE MELO MOREIRA/AFP",
        ),
        ("Biden em Washington / Photo: ©AFP", "Biden em Washington", "AFP"),
        ("Lula em Brasília / FOTO: EVARISTO SA/AFP", "Lula em Brasília", "EVARISTO SA/AFP"),
        ("Sessão no parlamento\u00a0/\u00a0Fotografia:\u00a0LUSA", "Sessão no parlamento", "LUSA"),
        (
            "Scholz im Bundestag (Bild: John MACDOUGALL/AFP)",
            "Scholz im Bundestag",
            "John MACDOUGALL/AFP",
        ),
        ("Nur eine Bildunterschrift", "Nur eine Bildunterschrift", None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_split_caption(printed, caption, credit):
    assert split_caption(printed) == (caption, credit)


@pytest.mark.parametrize(
    ("raw", "credit"),
    [
        ("Foto: AFP", "AFP"),
        ("Fotografia: © Lusa", "Lusa"),
        ("©   JOHN THYS / AFP  ", "JOHN THYS / AFP"),
        ("(c) dpa", "dpa"),
        ("Copyright AFP/Archiv", "AFP/Archiv"),
        ("AFP", "AFP"),
        ("Foto:", None),
        ("   ", None),
    ],
)
def test_clean_credit(raw, credit):
    assert clean_credit(raw) == credit


@pytest.mark.parametrize(
    ("text", "byline", "authors"),
    [
        ("A.Seabra--PC", "A.Seabra--PC", ["A.Seabra"]),
        ("J.Pereira/L.Barros--PC", "J.Pereira/L.Barros--PC", ["J.Pereira", "L.Barros"]),
        ("J.Pereira / L.Barros--PC", "J.Pereira / L.Barros--PC", ["J.Pereira", "L.Barros"]),
        ("M.Çelik--PC", "M.Çelik--PC", ["M.Çelik"]),
        ("É.Gonçalves--PC", "É.Gonçalves--PC", ["É.Gonçalves"]),
        ("F.Schäfer--MP", "F.Schäfer--MP", ["F.Schäfer"]),
        ("A.Seabra -- PC", "A.Seabra -- PC", ["A.Seabra"]),
        ("L.da Silva--PC", "L.da Silva--PC", ["L.da Silva"]),
    ],
)
def test_signatures(text, byline, authors):
    assert parse_signature(text) == (byline, authors)


@pytest.mark.parametrize(
    "text",
    [
        "O ministro disse -- e repetiu -- que não.",
        "Der Kurs stieg--nach Angaben der Börse--deutlich.",
        "--PC",
        "A.Seabra--pc",
        "Das ist ein langer Satz, der zufällig mit einem Kürzel endet A.Seabra und mehr--PC",
    ],
)
def test_not_signatures(text):
    assert parse_signature(text) is None


def test_signature_after_line_break_and_sentence():
    assert split_trailing_signature("Fim.\nJ.Pereira/L.Barros--PC") == (
        "Fim.",
        "J.Pereira/L.Barros--PC",
    )
    assert split_trailing_signature("»Fim«. A.Seabra--PC") == ("»Fim«.", "A.Seabra--PC")
    assert split_trailing_signature("Ele disse -- e saiu.") == ("Ele disse -- e saiu.", None)


@pytest.mark.parametrize(
    ("text", "language", "iso"),
    [
        ("Samstag, 30. November 2024 - 07:41 Uhr", "de", "2024-11-30T07:41:00+00:00"),
        ("Montag, 5. August 2024 - 18:02 Uhr", "de", "2024-08-05T18:02:00+01:00"),
        ("30.11.2024", "de", "2024-11-30T00:00:00+00:00"),
        ("3. März 2025", "de", "2025-03-03T00:00:00+00:00"),
        ("30/11/2024 07:41", "pt", "2024-11-30T07:41:00+00:00"),
        ("30 de novembro de 2024", "pt", "2024-11-30T00:00:00+00:00"),
        ("sábado, 6 de julho de 2024 - 12:15", "pt", "2024-07-06T12:15:00+01:00"),
        ("Publicado em 1 de março de 2025, às 09h05", "pt", "2025-03-01T09:05:00+00:00"),
    ],
)
def test_visible_dates(text, language, iso):
    found = find_text_date(text, language)
    assert found is not None, text
    assert found[1].isoformat() == iso


def test_dates_that_are_not_dates():
    assert find_text_date("Die Inflation lag bei 2.5% im Jahr 2024", "de") is None
    assert find_text_date("31.02.2024", "de") is None  # no such day
    assert parse_machine_date("") is None
    assert parse_machine_date("1899-01-01T00:00:00") is None  # not a news date
    assert find_text_date("kein Datum", "de") is None


def test_machine_dates_keep_or_assign_offsets():
    assert parse_machine_date("2024-07-01T10:00:00").isoformat() == "2024-07-01T10:00:00+01:00"
    assert (
        parse_machine_date("2024-07-01T10:00:00-03:00").isoformat() == "2024-07-01T10:00:00-03:00"
    )
    # the hour that does not exist in Lisbon (spring forward) still yields an aware time
    assert parse_machine_date("2024-03-31 01:30:00").utcoffset() is not None


@pytest.mark.parametrize(
    "text",
    [
        "Textgröße:",
        "Textgröße: A- A+",
        "Tamanho do texto:",
        "Börse",
        "Bolsa",
        "EUR/USD -0.06% 1.0595 $",
        "MDAX -0.82% 26195.18",
        "Euro STOXX 50 -0.09% 4790.33",
        "Goldpreis 0.19% 2619.7 $",
        "Teilen",
        "Partilhar: Facebook X E-Mail",
        "Mehr zum Thema",
        "Leia também:",
    ],
)
def test_furniture(text):
    assert is_furniture(text)


@pytest.mark.parametrize(
    "text",
    [
        "Der DAX schloss am Freitag 0,5 Prozent höher.",
        "Bolsa de Lisboa fecha em alta",
        "Teilen Sie diese Einschätzung? Die Opposition nicht.",
    ],
)
def test_not_furniture(text):
    assert not is_furniture(text)


def test_whitespace_and_prefixes():
    assert clean_text("\u00a0 a \r\n\t b\u200b ") == "a b"
    assert (
        strip_site_name("Portugal Colonial - Portugal Colonial - X", "Portugal Colonial")
        == "Portugal Colonial - X"
    )
    assert strip_site_name("PORTUGAL COLONIAL – Título", "Portugal Colonial") == "Título"
    assert split_keywords("a,,b , c;") == ["a", "b", "c"]
    assert strip_tracking("https://h.pt/x.html?utm_campaign=1#c") == "https://h.pt/x.html"


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("Α.Παπαδόπουλος--AN", ["Α.Παπαδόπουλος"]),
        ("И.Петров/А.Смирнова--CE", ["И.Петров", "А.Смирнова"]),
        ("C.Weber und T.Braun--MP", ["C.Weber", "T.Braun"]),
        ("J.Pereira e L.Barros--PC", ["J.Pereira", "L.Barros"]),
        ("M.García y L.Pérez--GM", ["M.García", "L.Pérez"]),
        ("A.Seabra--AFPX", ["A.Seabra"]),
        ("Δ.Νικολάου--ΑΠΕ", ["Δ.Νικολάου"]),
    ],
)
def test_signatures_in_any_script_and_code(text, authors):
    assert parse_signature(text) == (text, authors)


@pytest.mark.parametrize(
    "text",
    ["A.Seabra--ABCDE", "A.Seabra--P", "A.Seabra/--PC", "/A.Seabra--PC", "A.Seabra--P1"],
)
def test_signature_codes_and_separators_that_are_not(text):
    assert parse_signature(text) is None


def test_inline_signature_in_another_script():
    text = "Η συνάντηση τελείωσε. Α.Παπαδόπουλος--AN"
    assert split_trailing_signature(text) == ("Η συνάντηση τελείωσε.", "Α.Παπαδόπουλος--AN")


_INITIALS = st.sampled_from(list("AÉJLMΑΔИÇ"))
_SURNAMES = st.sampled_from(["Seabra", "Pereira", "Müller-Lüdenscheidt", "Παπαδόπουλος", "Петров"])
_NAMES = st.builds(lambda initial, surname: f"{initial}.{surname}", _INITIALS, _SURNAMES)


@given(
    names=st.lists(_NAMES, min_size=1, max_size=3), code=st.sampled_from(["PC", "MP", "AN", "ΑΠΕ"])
)
def test_any_signature_reads_back_its_names(names, code):
    text = "/".join(names) + "--" + code
    assert parse_signature(text) == (text, names)


def test_loader_finds_each_fields_processors_as_itemloaders_does():
    from itemloaders import ItemLoader as PlainLoader

    from newsscraper.items import ArticleItem
    from newsscraper.loaders import ArticleLoader

    first, second = ArticleLoader(), ArticleLoader(site_title="Bugle")
    for name in ArticleItem.fields:
        for loader in (first, second, first):  # the second and third read the cache
            assert loader.get_input_processor(name) is PlainLoader.get_input_processor(loader, name)
            assert loader.get_output_processor(name) is PlainLoader.get_output_processor(
                loader, name
            )


def test_loader_keeps_a_method_processor_to_its_own_loader():
    from newsscraper.loaders import ArticleLoader

    class Shouting(ArticleLoader):
        def headline_in(self, values):
            return [value.upper() for value in values]

    one, two = Shouting(), Shouting()
    assert one.get_input_processor("headline").__self__ is one
    assert two.get_input_processor("headline").__self__ is two

"""Japanese: ``2024年11月30日(土) 7時41分``; year first, no spaces between words."""

from newsscraper.extraction.languages import Language, numbered

LANGUAGE = Language(
    code="ja",
    name="日本語",
    script="Jpan",
    months=numbered(*(f"{n}月" for n in range(1, 13))),
    weekdays=numbered(
        "月曜日|月曜|月",
        "火曜日|火曜|火",
        "水曜日|水曜|水",
        "木曜日|木曜|木",
        "金曜日|金曜|金",
        "土曜日|土曜|土",
        "日曜日|日曜|日",
        start=0,
    ),
    date_order="YMD",
    date_labels={
        "公開": "published",
        "公開日": "published",
        "配信": "published",
        "掲載": "published",
        "投稿日": "published",
        "更新": "modified",
        "更新日": "modified",
        "最終更新": "modified",
    },
    meridiem={"午前": "am", "午後": "pm"},
    credit_labels=("写真", "画像", "撮影"),
    byline_prefixes=("文", "筆者"),
    byline_suffixes=("記者", "特派員"),
    name_joiners=("と",),
    text_size=("文字サイズ", "文字の大きさ"),
    markets=("株価", "マーケット", "市場"),
    ticker_names=("金", "原油"),
    share=("シェア", "共有", "印刷", "リンクをコピー"),
    related=("関連記事", "関連ニュース", "あわせて読みたい", "こちらもおすすめ"),
    advertising=("広告", "スポンサーリンク"),
    newsletter=("ニュースレター", "メールマガジン"),
    next_page=("次へ", "次のページ"),
    not_found=(
        "ページが見つかりません",
        "お探しのページは見つかりませんでした",
        "ページが存在しません",
    ),
)

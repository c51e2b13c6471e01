"""Korean: ``2024년 11월 30일 오후 7:41``; year first; ``입력``/``수정`` label the dates."""

from newsscraper.extraction.languages import Language, numbered

LANGUAGE = Language(
    code="ko",
    name="한국어",
    script="Kore",
    months=numbered(*(f"{n}월" for n in range(1, 13))),
    weekdays=numbered(
        "월요일|월",
        "화요일|화",
        "수요일|수",
        "목요일|목",
        "금요일|금",
        "토요일|토",
        "일요일|일",
        start=0,
    ),
    date_order="YMD",
    date_labels={
        "입력": "published",
        "기사입력": "published",
        "등록": "published",
        "게재": "published",
        "수정": "modified",
        "업데이트": "modified",
        "최종수정": "modified",
    },
    meridiem={"오전": "am", "오후": "pm"},
    credit_labels=("사진", "사진 제공", "그래픽"),
    byline_suffixes=("기자", "특파원"),
    name_joiners=("및",),
    text_size=("글자 크기", "글자크기", "글씨 크기", "폰트 크기"),
    markets=("증시", "주식시장"),
    ticker_names=("금값", "유가"),
    share=("공유", "공유하기", "인쇄", "링크 복사"),
    related=("관련기사", "관련 기사", "함께 볼만한 뉴스", "많이 본 뉴스"),
    advertising=("광고",),
    newsletter_names=("뉴스레터",),
    newsletter=("뉴스레터", "구독", "구독하기"),
    next_page=("다음", "다음 페이지"),
    not_found=("페이지를 찾을 수 없습니다", "요청하신 페이지를 찾을 수 없습니다"),
)

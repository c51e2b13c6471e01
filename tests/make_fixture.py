"""Draft a golden fixture's expected.json from what the extractor now says.

    python -m tests.make_fixture tests/fixtures/portugalcolonial/<case>

writes ``expected.draft.json`` beside the input. A person reads it against the page,
corrects it, and renames it to ``expected.json``: the draft is never the specification,
and CI never writes either file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.test_fixtures import EXTRACTED_FIELDS, extract


def main(case: str) -> None:
    folder = Path(case)
    item = extract(folder)
    draft = item if "listings" in item else {field: item[field] for field in EXTRACTED_FIELDS}
    target = folder / "expected.draft.json"
    target.write_text(
        json.dumps(draft, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {target}: review it, then rename it to expected.json")


if __name__ == "__main__":
    main(sys.argv[1])

"""``python -m tests.replica``: serve (or only build) the replica by hand."""

from __future__ import annotations

import argparse
import contextlib
import threading
from collections.abc import Sequence
from pathlib import Path

from .build import build_site, generate_articles
from .content import ARTICLES
from .server import ReplicaServer


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.replica", description=__doc__)
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--root", type=Path, help="serve this already built directory")
    parser.add_argument(
        "--build-only",
        type=Path,
        metavar="DIR",
        help="write the site into DIR and exit (for nginx)",
    )
    parser.add_argument("--base-url", help="absolute URL the built pages name (--build-only)")
    parser.add_argument(
        "--articles",
        type=int,
        metavar="N",
        help="N synthetic stories instead of the hand-written ones",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic stories")
    args = parser.parse_args(argv)
    articles = ARTICLES if args.articles is None else generate_articles(args.articles, args.seed)
    if args.build_only is not None:
        base_url = args.base_url or f"http://127.0.0.1:{args.port}"
        build_site(args.build_only, base_url, articles)
        print(f"built {len(articles)} articles for {base_url} into {args.build_only}")
        return 0
    with ReplicaServer(args.root, args.port, articles) as server:
        print(server.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

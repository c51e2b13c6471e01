"""Write a file so that readers see the old content or the new one, never half of it.

The one atomic-write helper of the project (status files, stats files, exports): the
content goes to a temporary file beside the target, which is renamed onto it only
when the block ends without an error; otherwise the temporary file is removed and
the target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def staged(path: Path) -> Iterator[Path]:
    """A temporary path beside *path*, renamed onto it when the block succeeds.

    The file gets the mode ``open()`` would give it (mkstemp makes 0600); the
    parent directory must exist (an ``OSError`` says so otherwise).
    """
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    tmp = Path(name)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        yield tmp
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomic(path: Path, content: bytes | str) -> None:
    """Replace *path* with *content* in one step, making its directory if needed.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "sub" / "status.json"
    >>> write_atomic(target, "{}\\n"); target.read_text()
    '{}\\n'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    with staged(path) as tmp:
        tmp.write_bytes(data)

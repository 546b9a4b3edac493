"""Write an output folder so that it is either complete or untouched.

Builds and training runs write into a temporary sibling folder that replaces
the target only when complete; a lock keeps two runs from writing one target.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newspara.records import InputError


@contextmanager
def replace_folder(target: Path) -> Iterator[Path]:
    """Yield an empty temporary folder that replaces ``target`` when the block succeeds.

    If the block raises (or the process dies), ``target`` is left as it was and
    the temporary folder is removed (or, after a kill, removed by the next run).

    Parameters
    ----------
    target : Path
        The folder to (re)create.

    Raises
    ------
    InputError
        When another run holds the lock on ``target``.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    with lock_path.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{target}: another newspara run is writing this folder; wait for it to finish") from None
        for stale in target.parent.glob(f".{target.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        work.chmod(0o755)
        try:
            yield work
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        if target.exists():
            target.rename(old)
        work.rename(target)
        shutil.rmtree(old, ignore_errors=True)

"""Write an output folder or file so that it is either complete or untouched.

Builds and training runs write into a temporary sibling folder that replaces
the target only when complete; a lock keeps two runs from writing one target.
On Linux the two folders are exchanged in one atomic step (``renameat2``), so a
run killed at any moment leaves the previous output in place; elsewhere the swap
is two renames, and a run killed between them is repaired by the next run.

``NEWSPARA_STOP_AT`` is a hook for the tests that kill a run part way: when it
names a checkpoint (see ``checkpoint``), the process stops itself there with
SIGSTOP, so the test can SIGKILL it at a known moment. It changes nothing else:
a stopped run resumes unchanged on SIGCONT (``fg`` in a shell).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import gzip
import io
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from newspara.records import InputError

STOP_ENV = "NEWSPARA_STOP_AT"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def checkpoint(name: str) -> None:
    """Stop the process here (SIGSTOP) if ``NEWSPARA_STOP_AT`` is ``name``; a test hook, see the module doc."""
    if os.environ.get(STOP_ENV) == name:
        os.kill(os.getpid(), signal.SIGSTOP)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths; False when the system cannot (not Linux, old kernel, odd file system)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _recover(target: Path) -> None:
    """Undo what a run killed mid-way left beside ``target``: restore a moved-away target, drop temporaries."""
    olds = sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        olds.pop().rename(target)
    for stale in [*olds, *target.parent.glob(f".{target.name}.tmp-*")]:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _check_replaceable(target: Path, marker: str | None) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InputError(f"{target}: exists and is not a folder; name a new folder or an output folder of newspara")
    if marker is not None and target.is_dir() and any(target.iterdir()) and not (target / marker).exists():
        raise InputError(
            f"{target}: is not empty and has no {marker}, so it is not a folder newspara wrote; newspara replaces "
            "the whole output folder, so name a new or empty folder (or remove this one yourself)"
        )


@contextmanager
def replace_folder(target: Path, marker: str | None = None) -> Iterator[Path]:
    """Yield an empty temporary folder that replaces ``target`` when the block succeeds.

    If the block raises (or the process dies), ``target`` is left as it was and
    the temporary folder is removed (or, after a kill, removed by the next run).

    Parameters
    ----------
    target : Path
        The folder to (re)create.
    marker : str, optional
        A file every output of this kind has. An existing, non-empty ``target``
        without it is refused rather than replaced, so that a mistyped output
        path cannot delete an unrelated folder.

    Raises
    ------
    InputError
        When another run holds the lock on ``target``, or ``target`` is not
        a folder this kind of run writes.
    """
    target = Path(os.path.abspath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = (target.parent / f".{target.name}.lock").open("w")
    except OSError as err:
        raise _cannot_write(target, err) from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{target}: another newspara run is writing this folder; wait for it to finish") from None
        _recover(target)
        _check_replaceable(target, marker)
        try:
            work = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        except OSError as err:
            raise _cannot_write(target, err) from None
        work.chmod(0o755)
        try:
            yield work
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        checkpoint("replace")
        if target.exists() and _exchange(work, target):
            shutil.rmtree(work, ignore_errors=True)
            return
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        if target.exists():
            target.rename(old)
        work.rename(target)
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def replace_file(target: Path) -> Iterator[TextIO]:
    """Yield a text handle whose content replaces ``target`` (UTF-8) only when the block succeeds.

    The text goes to a temporary file beside ``target`` that is renamed over it,
    so a reader never sees a half-written file. A ``target`` whose name ends in
    ``.gz`` is written gzip-compressed, with no time or name in the gzip header,
    so the same text always gives the same bytes.
    """
    target = Path(os.path.abspath(target))
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.tmp-")
    except OSError as err:
        raise _cannot_write(target, err) from None
    try:
        with open(fd, "wb") as raw:
            gzipped = target.name.endswith(".gz")
            packed = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) if gzipped else raw
            with io.TextIOWrapper(packed, encoding="utf-8") as handle:
                yield handle
        os.chmod(name, 0o644)
        try:
            os.replace(name, target)
        except OSError as err:
            raise _cannot_write(target, err) from None
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _cannot_write(target: Path, err: OSError) -> InputError:
    return InputError(
        f"{target}: cannot be written ({err.strerror}); name a place in a folder that exists and you may write"
    )

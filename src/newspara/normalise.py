"""Unicode normalisation that keeps a line's meaning, and records what it changed.

Each step is named; a block carries the names of the steps that changed it, so
a researcher can find every block the pipeline touched.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import ftfy
import ftfy.badness

# Mojibake repair only: quotes, widths, ligatures and HTML entities are left as
# the page had them, because they are part of what the text says.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# Invisible characters with no meaning in running text; ZWJ and ZWNJ are kept
# because they change how some scripts are written.
_INVISIBLE_CHARS = "\u200b\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_SPACE_RUN = re.compile(r" {2,}")
#: Each round that changes a line shortens or repairs it, so a few rounds reach a fixed point.
MAX_ROUNDS = 8


# Escapes and character classes are kept whole; comments and white space between them are layout.
_VERBOSE_LAYOUT = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|#[^\n]*|\s+", re.DOTALL)


def _compact(verbose: str) -> str:
    """A ``re.VERBOSE`` pattern without its layout (comments and white space outside classes)."""
    return _VERBOSE_LAYOUT.sub(lambda m: m.group() if m.group()[0] in "\\[" else "", verbose)


@functools.cache
def _may_need_repair():
    """An RE2 test that matches every line ``ftfy`` would change with ``_FTFY``, and few others.

    ``ftfy`` changes a line only where its badness pattern finds mojibake (C1 controls
    included), or for surrogates and terminal escapes. Its pattern in Python's ``re`` costs
    tens of microseconds a line, most of the time spent splitting a page; RE2 runs
    it in a few. RE2's ``\\s`` and ``\\w`` are ASCII, so they are widened here to
    at least Python's Unicode classes: the test may match more, never less.
    """
    import re2

    badness = _compact(ftfy.badness.BADNESS_RE.pattern)
    badness = badness.replace(r"\s", r"[\s\p{Z}\x{1c}-\x{1f}\x{85}]").replace(r"\w", r"[\p{L}\p{N}_]")
    return re2.compile(f"{badness}|\\x{{1b}}")


def _repair_mojibake(text: str) -> str:
    try:
        if not _may_need_repair().search(text):
            return text
    except UnicodeEncodeError:
        pass  # lone surrogates, which RE2 cannot read and ftfy replaces
    return ftfy.fix_text(text, _FTFY)


def _spaces(text: str) -> str:
    """Every space separator and tab becomes an ASCII space; control characters go."""
    out = []
    for ch in text:
        if ch == "\t" or (ch != " " and unicodedata.category(ch) == "Zs"):
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def normalise(line: str) -> tuple[str, tuple[str, ...]]:
    """Normalise one line of an article.

    Steps, in order: mojibake repair (``ftfy``), Unicode NFC, removal of
    invisible characters (zero-width space, word joiner, soft hyphen, stray
    byte-order marks), and spaces (non-breaking and other space separators and
    tabs to ASCII spaces, control characters removed, runs collapsed, ends stripped).
    The steps are repeated until nothing changes (one step can expose work for
    another: a repaired control character can complete a mojibake sequence), so
    normalising a normalised line changes nothing.

    Parameters
    ----------
    line : str
        One line of decoded text, without its line break or surrounding white space.

    Returns
    -------
    text : str
        The normalised line; empty if the line holds nothing visible.
    changes : tuple of str
        Names of the steps that changed the line, in the order they first did.
    """
    changes: list[str] = []
    text = line
    for _ in range(MAX_ROUNDS):
        fixed, steps = _normalise_once(text)
        if fixed == text:
            break
        changes += [step for step in steps if step not in changes]
        text = fixed
    return text, tuple(changes)


def _normalise_once(line: str) -> tuple[str, list[str]]:
    changes = []
    text = line
    # A terminal escape (ESC, then "[31m") is ASCII, but only ftfy removes it whole;
    # dropping the ESC alone, as the space step does, would leave "[31m" in the text.
    if not text.isascii() or "\x1b" in text:
        fixed = _repair_mojibake(text)
        if fixed != text:
            changes.append("mojibake")
            text = fixed
    if not text.isascii():
        fixed = unicodedata.normalize("NFC", text)
        if fixed != text:
            changes.append("unicode-nfc")
            text = fixed
        # str.translate walks a non-ASCII line character by character; four substring searches do not.
        if any(ch in text for ch in _INVISIBLE_CHARS):
            changes.append("invisible")
            text = text.translate(_INVISIBLE)
    fixed = _SPACE_RUN.sub(" ", text if text.isprintable() else _spaces(text)).strip(" ")
    if fixed != text:
        changes.append("spaces")
    return fixed, changes

"""Unicode normalisation that keeps a line's meaning, and records what it changed.

Each step is named; a block carries the names of the steps that changed it, so
a researcher can find every block the pipeline touched.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

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
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)
_SPACE_RUN = re.compile(r" {2,}")
#: Each round that changes a line shortens or repairs it, so a few rounds reach a fixed point.
MAX_ROUNDS = 8


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
    if not text.isascii():
        fixed = ftfy.fix_text(text, _FTFY)
        if fixed != text:
            changes.append("mojibake")
            text = fixed
        fixed = unicodedata.normalize("NFC", text)
        if fixed != text:
            changes.append("unicode-nfc")
            text = fixed
        fixed = text.translate(_INVISIBLE)
        if fixed != text:
            changes.append("invisible")
            text = fixed
    fixed = _SPACE_RUN.sub(" ", text if text.isprintable() else _spaces(text)).strip(" ")
    if fixed != text:
        changes.append("spaces")
    return fixed, changes

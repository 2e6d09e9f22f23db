"""Decoding raw article bytes and removing characters that must never reach a terminal."""

from __future__ import annotations

import re
from dataclasses import dataclass

# C0 and C1 controls except tab and newline, DEL, and the bidi embedding/override/isolate
# controls that could reorder what the terminal shows. Zero-width joiners stay (emoji).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
# Whole terminal escape sequences (CSI, OSC/DCS/APC/PM strings, two-character escapes),
# removed before the lone control characters so no parameter debris is left as text.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]P^_X]|[\x90\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[!-/]*[0-~]"
)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


class UnreadableFile(Exception):
    """The file is not an article: binary, empty or unreadable. The message says why."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    fallback: bool  # True when the bytes were not valid in any declared/expected encoding


def decode(raw: bytes) -> Decoded:
    """Bytes -> str: UTF-8 (with or without BOM), UTF-16 with BOM, else a cp1252/latin-1 fallback."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return Decoded(raw[3:].decode("utf-8", errors="replace"), "utf-8-sig", False)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(raw.decode("utf-16"), "utf-16", False)
        except UnicodeDecodeError:
            return Decoded(raw.decode("utf-16", errors="replace"), "utf-16", True)
    if b"\x00" in raw:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(raw.decode("cp1252"), "cp1252", True)
    except UnicodeDecodeError:
        return Decoded(raw.decode("latin-1"), "latin-1", True)


def sanitize(text: str) -> str:
    """Normalise newlines and spaces; drop control and bidi-override characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _SPACES.sub(" ", text)
    return _UNSAFE.sub("", _ESCAPES.sub("", text))


def safe_line(text: str) -> str:
    """A string that is safe to print on one terminal line (for names and messages)."""
    text = _ESCAPES.sub("", text)
    return _UNSAFE.sub("", text.replace("\n", " ").replace("\r", " ").replace("\t", " "))


def visible_controls(text: str) -> str:
    """Unsafe characters written as ``\\xNN``/``\\uNNNN``: for names that must stay distinct
    (article ids made from file names), where removing them could make two names one."""
    return _UNSAFE.sub(lambda m: ascii(m.group(0))[1:-1], text)

"""Normalisation of person names for matching.

Everything here works on one spelling at a time and never changes what is stored: the
verbatim spelling stays in ``person_names``; these functions produce the form that keys and
scores are computed from.

Steps, in order:

1. Unicode NFC, so that a precomposed ``ё`` and ``е`` + U+0308 compare equal.
2. The Turkic dotted/dotless I (``İ ı``) is folded to ``i`` before ``casefold``:
   ``"İ".casefold()`` yields ``i`` + U+0307, which would never match anything typed.
3. ``casefold`` (stronger than ``lower``; ``ß`` -> ``ss``).
4. Every apostrophe-like character (Uzbek ``ʻ`` and ``ʼ``, typewriter ``'``, backtick,
   curly quotes, acute accent) becomes ``'``: officers type whatever their keyboard has,
   and ``Oʻtkir`` must equal ``O'tkir`` and ``O`tkir``.
5. Optionally ``ё`` -> ``е``: Russian print omits the diaeresis most of the time.
6. Anything that is not a letter or an apostrophe separates parts.

Parts are then classified: Slavic patronymics (``-ovich``, ``-ovna``...), Turkic patronymic
markers (``uly``, ``qyzy``, ``uulu``, ``o'g'li``, ``ogly``... written apart or attached) and
surname endings (``-ov``, ``-ova``, ``-in``, ``-zoda``, ``-zade``, ``-yan``...) are split off as
an ``ending`` so the stem can be matched on its own (``Rahmonov`` and ``Rahmonzoda`` share
the stem ``rahmon``), and so the grammatical sex the ending implies can be checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

APOSTROPHE = "'"

# U+02BB (Uzbek oʻ), U+02BC (ʼ), U+0027, U+0060, U+2018, U+2019, U+00B4, U+02B9, U+2032,
# U+02BD, U+055A (Armenian apostrophe, shows up in copy-pasted bulletins), and the double
# marks BGN/PCGN writes for the hard sign ъ (U+201D ”, also typed as U+201C, U+0022,
# U+02BA, U+2033): "Ob”yedkov" is one word, not "Ob" and "yedkov".
_APOSTROPHE_LIKE = (
    "\u02bb\u02bc\u0027\u0060\u2018\u2019\u00b4\u02b9\u2032\u02bd\u055a"
    "\u201d\u201c\u0022\u02ba\u2033"
)
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(_APOSTROPHE_LIKE, APOSTROPHE))

# Characters that never belong to a name and must not split one: combining marks left over
# after NFC (stacked accents), zero-width spaces and joiners, bidi and other format
# controls, the soft hyphen, C0/C1 controls (whitespace excepted) and lone surrogates.
_INVISIBLE_RE = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufe00-\ufe0f\ufeff\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)

# Letters that look the same in Latin and Cyrillic. Used only to repair a token that mixes
# the two scripts (a Cyrillic keyboard layout left on for one letter).
_CYR_TO_LAT_LOOKALIKE = str.maketrans("аеорсухкмтнвіјѕ", "aeopcyxkmthbijs")
_LAT_TO_CYR_LOOKALIKE = str.maketrans("aeopcyxkmthbijs", "аеорсухкмтнвіјѕ")

_SPLIT_RE = re.compile(r"[^\w']+|[\d_]+")


class Script(StrEnum):
    """Script of one name part."""

    LATIN = "latin"
    CYRILLIC = "cyrillic"
    OTHER = "other"


class PartRole(StrEnum):
    """What an ending says about a part. The role of a bare part is unknown (``NAME``)."""

    NAME = "name"
    SURNAME = "surname"
    PATRONYMIC = "patronymic"
    MARKER = "marker"


class Gender(StrEnum):
    """Grammatical gender implied by an ending (not the person's recorded sex)."""

    MALE = "m"
    FEMALE = "f"


@dataclass(frozen=True, slots=True)
class NamePart:
    """One part of a name after normalisation.

    Attributes:
        text: The normalised part (``ivanova``, ``иванова``, ``o'tkir``).
        stem: ``text`` without a recognised ending (``ivan``); equals ``text`` if none.
        ending: The recognised ending (``ova``), or ``""``.
        role: What the ending implies about the part.
        gender: Grammatical gender implied by the ending, when it is reliable.
        script: Script of ``text``.
        position: Index of the part in the spelling, counting markers.
    """

    text: str
    stem: str
    ending: str
    role: PartRole
    gender: Gender | None
    script: Script
    position: int


@dataclass(frozen=True, slots=True)
class _Ending:
    suffix: str
    role: PartRole
    gender: Gender | None


def _endings(role: PartRole, gender: Gender | None, *suffixes: str) -> list[_Ending]:
    return [_Ending(s, role, gender) for s in suffixes]


M, F = Gender.MALE, Gender.FEMALE
S, P, K = PartRole.SURNAME, PartRole.PATRONYMIC, PartRole.MARKER

# Attached endings, Latin and Cyrillic. Longest match wins (the list is sorted below), so
# "-ovna" is found before "-ova" and "-yeva" before "-eva". The gender of "-in/-ina" is left
# out on purpose: it is too common at the end of given names (Karin, Ramin) to be trusted.
_ATTACHED: list[_Ending] = [
    *_endings(P, M, "ovich", "evich", "yevich", "ievich", "ovych", "evych", "ovitch", "ovič"),
    *_endings(P, M, "ович", "евич"),
    *_endings(P, F, "ovna", "evna", "yevna", "ievna", "ivna", "ichna", "inichna"),
    *_endings(P, F, "овна", "евна", "ична", "инична", "івна"),
    # Turkic patronymic markers written together with the father's name (Kazakh "Abishuly").
    *_endings(P, M, "uly", "uli", "ulu", "uulu", "ūly"),
    *_endings(P, M, "улы", "ұлы", "уулу"),
    *_endings(P, F, "qyzy", "kyzy", "qizi", "kizi", "gyzy"),
    *_endings(P, F, "қызы", "кызы", "қизи", "кизи"),
    *_endings(S, M, "ov", "ev", "yev", "iev", "yov", "ow", "ew", "off", "eff"),
    *_endings(S, M, "ов", "ев"),
    *_endings(S, M, "sky", "skiy", "skii", "skij", "ski", "skyi", "tsky", "tskiy", "tskii"),
    *_endings(S, M, "ский", "цкий", "ской"),
    *_endings(S, F, "ova", "eva", "yeva", "ieva", "yova", "owa", "ewa"),
    *_endings(S, F, "ова", "ева"),
    *_endings(S, F, "skaya", "skaia", "skaja", "ska", "tskaya", "tskaia"),
    *_endings(S, F, "ская", "цкая"),
    *_endings(S, None, "in", "yn", "ин", "ын"),
    *_endings(S, None, "ina", "yna", "ина", "ына"),
    # Tajik/Persian "son of" surnames and Armenian "-yan": no grammatical gender.
    *_endings(S, None, "zoda", "zade", "zadeh", "зода", "заде"),
    *_endings(S, None, "yan", "ian", "jan", "ян"),
]
_ATTACHED.sort(key=lambda e: len(e.suffix), reverse=True)

# Patronymic markers written as separate words ("Otkir Hamdam o'g'li", "Asel Nurlan qyzy").
_SEPARATE: dict[str, _Ending] = {
    e.suffix: e
    for e in [
        *_endings(K, M, "uly", "uli", "ulu", "uulu", "ūly", "ogly", "oglu", "o'g'li", "og'li"),
        *_endings(K, M, "ugli", "ogli", "o'gli", "ug'li", "oghli", "oğlu", "oğli"),
        *_endings(K, M, "улы", "ұлы", "уулу", "оглы", "оглу", "ўғли", "угли", "ўгли", "огли"),
        *_endings(K, F, "qyzy", "kyzy", "qizi", "kizi", "gyzy", "qyzi", "kyzi"),
        *_endings(K, F, "қызы", "кызы", "қизи", "кизи"),
        *_endings(K, None, "zoda", "zade", "зода", "заде"),
    ]
}

# A stem shorter than this is not split: "Lev" is not "L" + "-ev", "Ina" is not "" + "-ina",
# but "Ilina" is "Il" + "-ina".
_MIN_STEM = 2

# Turkmen given names end in "-guly"/"-gulu" ("servant of"): Gurbanguly is not "Gurbang" +
# the Kazakh patronymic marker "-uly".
_NOT_MARKER_AFTER = {"uly": "g", "ulu": "g", "uli": "g", "улы": "г", "улу": "г"}


def _keep_mark(m: re.Match[str]) -> str:
    """Keep combining marks (NFC may compose them: и + U+0306 is й); drop the rest."""
    ch = m.group(0)
    return ch if unicodedata.combining(ch) else ""


def normalize_text(text: str, *, fold_yo: bool = True) -> str:
    """Normalise a spelling for comparison.

    Args:
        text: Any spelling as typed, pasted or stored.
        fold_yo: Fold ``ё`` into ``е`` (the default). Transliteration keeps ``ё`` so that
            ``Фёдор`` can also produce ``Fyodor``.

    Returns:
        NFC, casefolded text with apostrophes unified and whitespace collapsed. Letters,
        including diacritics (``ş``, ``ü``, ``ә``), are kept verbatim.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", _INVISIBLE_RE.sub(_keep_mark, text))
        text = _INVISIBLE_RE.sub("", text)
    text = text.replace("İ", "i").replace("I\u0307", "i")
    text = text.casefold().replace("ı", "i").replace("i\u0307", "i")
    if not text.isascii():
        text = _INVISIBLE_RE.sub("", text)
    text = text.translate(_APOSTROPHE_TABLE)
    if fold_yo:
        text = text.replace("ё", "е")
    return " ".join(text.split())


def script_of(token: str) -> Script:
    """Return the script of a token: Cyrillic if it has any Cyrillic letter."""
    has_latin = False
    for ch in token:
        if "\u0400" <= ch <= "\u052f":
            return Script.CYRILLIC
        if (ch.isascii() and ch.isalpha()) or "\u00c0" <= ch <= "\u024f":
            has_latin = True
    return Script.LATIN if has_latin else Script.OTHER


def repair_mixed_script(token: str) -> str:
    """Rewrite look-alike letters of a token that mixes Latin and Cyrillic.

    ``Ivаnov`` with a Cyrillic ``а`` becomes all-Latin; ``Иvанов`` all-Cyrillic. The majority
    script wins. Tokens in one script are returned unchanged.
    """
    cyr = sum(1 for ch in token if "\u0400" <= ch <= "\u052f")
    lat = sum(1 for ch in token if ch.isascii() and ch.isalpha())
    if not cyr or not lat:
        return token
    if lat >= cyr:
        return token.translate(_CYR_TO_LAT_LOOKALIKE)
    return token.translate(_LAT_TO_CYR_LOOKALIKE)


def tokens(text: str, *, fold_yo: bool = True) -> list[str]:
    """Split a spelling into normalised tokens (no role analysis).

    Hyphens, dots, commas, ``<`` of an MRZ and digits all separate tokens. Apostrophes that
    do not sit between two letters are dropped.
    """
    out: list[str] = []
    for raw in _SPLIT_RE.split(normalize_text(text, fold_yo=fold_yo)):
        token = raw.strip(APOSTROPHE)
        if token:
            out.append(repair_mixed_script(token))
    return out


@lru_cache(maxsize=100_000)
def split_ending(token: str) -> tuple[str, _Ending | None]:
    """Split a recognised surname/patronymic ending off a normalised token.

    Returns:
        ``(stem, ending)``; ``ending`` is ``None`` and ``stem`` is the whole token when no
        ending is recognised or the stem would be too short.
    """
    for ending in _ATTACHED:
        if token.endswith(ending.suffix) and len(token) - len(ending.suffix) >= _MIN_STEM:
            stem = token[: -len(ending.suffix)]
            blocked = _NOT_MARKER_AFTER.get(ending.suffix)
            if blocked is not None and stem.endswith(blocked):
                continue
            # "-zoda" glued with a hyphen or apostrophe ("Rahmon-zoda" is split earlier).
            return stem.rstrip(APOSTROPHE), ending
    return token, None


def parse_name(text: str, *, fold_yo: bool = True) -> tuple[NamePart, ...]:
    """Split a spelling into classified parts (cached; see :func:`_parse_name`)."""
    return _parse_name(text, fold_yo)


@lru_cache(maxsize=100_000)
def _parse_name(text: str, fold_yo: bool) -> tuple[NamePart, ...]:
    """Split a spelling into classified parts.

    Separate patronymic markers (``o'g'li``, ``qyzy``, ``uulu``...) become ``MARKER`` parts and
    turn the part before them into a ``PATRONYMIC``. A separate ``zoda``/``zade`` is joined
    to the part before it as its ending.

    Args:
        text: A spelling in any script, in any part order.
        fold_yo: See :func:`normalize_text`.

    Returns:
        The parts in their written order.
    """
    toks = tokens(text, fold_yo=fold_yo)
    parts: list[NamePart] = []
    for i, tok in enumerate(toks):
        sep = _SEPARATE.get(tok)
        if sep is not None and parts:
            prev = parts[-1]
            if sep.role is PartRole.SURNAME or sep.suffix in ("zoda", "zade", "зода", "заде"):
                # "Rahmon zoda" -> one surname part with ending "zoda".
                parts[-1] = NamePart(
                    text=prev.text + tok,
                    stem=prev.text,
                    ending=tok,
                    role=PartRole.SURNAME,
                    gender=None,
                    script=prev.script,
                    position=prev.position,
                )
                continue
            parts[-1] = NamePart(
                text=prev.text,
                stem=prev.stem if prev.role is PartRole.PATRONYMIC else prev.text,
                ending=prev.ending if prev.role is PartRole.PATRONYMIC else "",
                role=PartRole.PATRONYMIC,
                gender=sep.gender,
                script=prev.script,
                position=prev.position,
            )
            parts.append(NamePart(tok, tok, "", PartRole.MARKER, sep.gender, script_of(tok), i))
            continue
        stem, ending = split_ending(tok)
        if ending is None:
            parts.append(NamePart(tok, tok, "", PartRole.NAME, None, script_of(tok), i))
        else:
            parts.append(
                NamePart(tok, stem, ending.suffix, ending.role, ending.gender, script_of(tok), i)
            )
    return tuple(parts)

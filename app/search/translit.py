"""Cyrillic -> Latin transliteration tables, written out letter by letter.

Every scheme works on text already normalised by :func:`app.search.normalize.normalize_text`
with ``fold_yo=False`` (lower case, ``ё`` kept) and returns lower-case Latin.

Schemes:

* ``ICAO`` -- ICAO Doc 9303 Part 3, "Transliteration of Cyrillic characters" (the form in
  the MRZ and, since 2013, in the visual zone of Russian passports): ``ж zh, х kh, ц ts,
  ч ch, ш sh, щ shch, ъ ie, ы y, ь`` omitted, ``э e, ю iu, я ia, й i, ё e``, plus the
  table's Ukrainian, Belarusian and South Slavic letters. Doc 9303 has no row for the
  Central Asian letters; District Desk extends the table with the single ASCII letter that
  Kazakh, Kyrgyz, Uzbek, Tajik and Turkmen passport offices print for them
  (``ә a, ғ g, қ k, ң n, ө o, ұ u, ү u, һ h, ҳ h, ҷ j, җ j, ӣ i, ӯ u``; ``ў u`` is in Doc 9303).
* ``RU_MVD_1997`` -- Russian passports 1997-2010: ``й y, ю yu, я ya``, ``ъ ь`` omitted.
* ``RU_BGN_PCGN`` -- BGN/PCGN 1947 for Russian: ``е`` is ``ye`` at the start of a word and
  after a vowel, ``й``, ``ъ`` or ``ь``; ``ё`` is ``ë`` (``yë`` in the same places); ``ъ ”``
  and ``ь ’`` are kept as apostrophes.
* ``KK_LATIN_2021`` -- the Kazakh Latin alphabet as revised in January 2021: ``ә ä, ғ ğ,
  қ q, ң ñ, ө ö, ұ ū, ү ü, і ı, и/й i, ж j, ш ş, ч ç, ы y, х/һ h``.
* ``KY_BGN_PCGN`` -- BGN/PCGN 1979 for Kyrgyz: ``ж j, ң ng, ө ö, ү ü``, Russian letters as
  BGN/PCGN Russian.
* ``UZ_LATIN_1995`` -- the Uzbek Latin alphabet (1995, as amended): ``ў oʻ, ғ gʻ, қ q,
  ҳ h, х x, ж j, ш sh, ч ch, й y, ё yo, ю yu, я ya``, ``ъ ʼ``; ``е`` is ``ye`` at the
  start of a word and after a vowel; ``ц`` is ``ts`` after a vowel and ``s`` elsewhere.
  Modifier letters are written with the unified apostrophe ``'``.
* ``TG_BGN_PCGN`` -- BGN/PCGN 1994 for Tajik: ``ғ gh, ӣ ī, қ q, ӯ ū, ҳ h, ҷ j, х kh,
  ж zh``, ``ъ ’``, ``е`` as ``ye`` at the start of a word and after a vowel.
* ``TK_LATIN_1999`` -- the Turkmen Latin alphabet: ``в w, ж ž, җ j, й ý, ң ň, ө ö, ү ü,
  ә ä, ч ç, ш ş, щ şç, ы y, х h``; ``е`` is ``ýe`` at the start of a word and after a vowel, ``ё ýo,
  ю ýu, я ýa``.

A Latin spelling is never transliterated back to Cyrillic: matching happens on shared
keys (see :mod:`app.search.keys`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from app.search.normalize import APOSTROPHE, normalize_text


class Scheme(StrEnum):
    """A transliteration scheme."""

    ICAO = "icao"
    RU_MVD_1997 = "ru_mvd_1997"
    RU_BGN_PCGN = "ru_bgn_pcgn"
    KK_LATIN_2021 = "kk_latin_2021"
    KY_BGN_PCGN = "ky_bgn_pcgn"
    UZ_LATIN_1995 = "uz_latin_1995"
    TG_BGN_PCGN = "tg_bgn_pcgn"
    TK_LATIN_1999 = "tk_latin_1999"


_RUSSIAN_COMMON: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ы": "y", "э": "e",
}  # fmt: skip

_ICAO: dict[str, str] = {
    **_RUSSIAN_COMMON,
    "ё": "e", "й": "i", "ъ": "ie", "ь": "", "ю": "iu", "я": "ia",
    # Doc 9303 rows for other Cyrillic alphabets.
    "ґ": "g", "є": "ie", "і": "i", "ї": "i", "ў": "u", "ђ": "d", "ѓ": "g", "ѕ": "dz",
    "ј": "j", "љ": "lj", "њ": "nj", "ќ": "k", "џ": "dz",
    # District Desk extension for Central Asian letters (not in Doc 9303).
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "ҳ": "h", "ҷ": "j", "җ": "j", "ӣ": "i", "ӯ": "u",
}  # fmt: skip

_RU_MVD_1997: dict[str, str] = {
    **_RUSSIAN_COMMON,
    "ё": "e", "й": "y", "ъ": "", "ь": "", "ю": "yu", "я": "ya",
}  # fmt: skip

_RU_BGN: dict[str, str] = {
    **_RUSSIAN_COMMON,
    "ё": "ë", "й": "y", "ъ": '"', "ь": APOSTROPHE, "ю": "yu", "я": "ya",
}  # fmt: skip

_KK_2021: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip

_KY_BGN: dict[str, str] = {
    **_RUSSIAN_COMMON,
    "ж": "j", "ё": "yo", "й": "y", "ң": "ng", "ө": "ö", "ү": "ü", "ъ": '"',
    "ь": APOSTROPHE, "ю": "yu", "я": "ya",
}  # fmt: skip

_UZ_1995: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "s",
    "ч": "ch", "ш": "sh", "ъ": APOSTROPHE, "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ў": "o" + APOSTROPHE, "қ": "q", "ғ": "g" + APOSTROPHE, "ҳ": "h",
    # Russian letters that Uzbek spelling of Russian names still meets.
    "ы": "i", "щ": "sh",
}  # fmt: skip

_TG_BGN: dict[str, str] = {
    **_RUSSIAN_COMMON,
    "ғ": "gh", "ӣ": "ī", "қ": "q", "ӯ": "ū", "ҳ": "h", "ҷ": "j",
    "ё": "yo", "й": "y", "ъ": APOSTROPHE, "ь": "", "ю": "yu", "я": "ya",
}  # fmt: skip

_TK_1999: dict[str, str] = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "ýo", "ж": "ž",
    "җ": "j", "з": "z", "и": "i", "й": "ý", "к": "k", "л": "l", "м": "m", "н": "n",
    "ң": "ň", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ү": "ü", "ф": "f", "х": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şç", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ә": "ä", "ю": "ýu", "я": "ýa",
}  # fmt: skip

CYRILLIC_VOWELS = frozenset("аеёиоуыэюяәөүұіӣӯў")
_SOFT_SIGNS = frozenset("ъьй")


@dataclass(frozen=True)
class _Rules:
    table: Mapping[str, str]
    # How "е" is written at the start of a word and after a vowel (or ъ ь й); None: as "е".
    initial_e: str | None = None
    initial_e_after_vowel: bool = True
    # How "ё" is written in the same places.
    initial_yo: str | None = None
    # Uzbek "ц": "ts" after a vowel, the table's value elsewhere.
    ts_after_vowel: bool = False
    extra: frozenset[str] = field(default_factory=frozenset)


_RULES: dict[Scheme, _Rules] = {
    Scheme.ICAO: _Rules(_ICAO),
    Scheme.RU_MVD_1997: _Rules(_RU_MVD_1997),
    Scheme.RU_BGN_PCGN: _Rules(_RU_BGN, initial_e="ye", initial_yo="yë"),
    Scheme.KK_LATIN_2021: _Rules(_KK_2021),
    Scheme.KY_BGN_PCGN: _Rules(_KY_BGN, initial_e="ye"),
    Scheme.UZ_LATIN_1995: _Rules(_UZ_1995, initial_e="ye", ts_after_vowel=True),
    Scheme.TG_BGN_PCGN: _Rules(_TG_BGN, initial_e="ye"),
    Scheme.TK_LATIN_1999: _Rules(_TK_1999, initial_e="ýe"),
}

# Letters that tell which national alphabet a Cyrillic spelling is in.
NATIONAL_LETTERS: dict[Scheme, frozenset[str]] = {
    Scheme.KK_LATIN_2021: frozenset("әғқңөұүһі"),
    Scheme.KY_BGN_PCGN: frozenset("ңөү"),
    Scheme.UZ_LATIN_1995: frozenset("ўқғҳ"),
    Scheme.TG_BGN_PCGN: frozenset("ғӣқӯҳҷ"),
    Scheme.TK_LATIN_1999: frozenset("җңөүә"),
}

# Language codes (ISO 639-1) of PersonName.language -> the national scheme for that language.
LANGUAGE_SCHEME: dict[str, Scheme] = {
    "ru": Scheme.RU_BGN_PCGN,
    "kk": Scheme.KK_LATIN_2021,
    "ky": Scheme.KY_BGN_PCGN,
    "uz": Scheme.UZ_LATIN_1995,
    "tg": Scheme.TG_BGN_PCGN,
    "tk": Scheme.TK_LATIN_1999,
}

BASE_SCHEMES: tuple[Scheme, ...] = (Scheme.ICAO, Scheme.RU_MVD_1997, Scheme.RU_BGN_PCGN)


def transliterate(text: str, scheme: Scheme = Scheme.ICAO) -> str:
    """Transliterate Cyrillic text with one scheme; non-Cyrillic characters pass through.

    Args:
        text: Any text; it is normalised first (``ё`` kept).
        scheme: The scheme to apply.

    Returns:
        Lower-case Latin text.
    """
    return _transliterate(normalize_text(text, fold_yo=False), scheme)


def _transliterate(src: str, scheme: Scheme) -> str:
    """:func:`transliterate` of text that is already normalised."""
    rules = _RULES[scheme]
    table = rules.table
    out: list[str] = []
    prev = " "
    for ch in src:
        at_start = not prev.isalpha()
        after_vowel = prev in CYRILLIC_VOWELS or prev in _SOFT_SIGNS
        iotated = at_start or (rules.initial_e_after_vowel and after_vowel)
        if ch == "е" and rules.initial_e is not None and iotated:
            out.append(rules.initial_e)
        elif ch == "ё" and rules.initial_yo is not None and iotated:
            out.append(rules.initial_yo)
        elif ch == "ц" and rules.ts_after_vowel and prev in CYRILLIC_VOWELS:
            out.append("ts")
        else:
            out.append(table.get(ch, ch))
        prev = ch
    return "".join(out)


def icao(text: str) -> str:
    """ICAO Doc 9303 Latin form of any spelling, in upper case ASCII as printed in an MRZ.

    Cyrillic goes through the ICAO table; Latin letters with diacritics lose them (the
    single-letter fallback of Doc 9303 Table A); apostrophes disappear.
    """
    return _strip_diacritics(transliterate(text, Scheme.ICAO)).upper()


_FOLD_SPECIAL = str.maketrans(
    {
        "ı": "i", "ə": "a", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe",
        "þ": "th", "ŋ": "n", APOSTROPHE: None, '"': None,
    }
)  # fmt: skip
# Turkic and Slavic Latin letters written as the Russian-based digraph, so that the
# national Latin form and the passport form of a name share an ASCII key.
_FOLD_DIGRAPHS = str.maketrans({"ş": "sh", "š": "sh", "ș": "sh", "ç": "ch", "č": "ch", "ž": "zh"})


def _strip_diacritics(text: str, *, normalized: bool = False) -> str:
    text = (text if normalized else normalize_text(text)).translate(_FOLD_SPECIAL)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def ascii_fold(text: str) -> str:
    """ASCII key form: ``oʻtkir`` -> ``otkir``, ``äbışūly`` -> ``abishuly``.

    Diacritics and apostrophes go; ``ş š ç č ž`` become ``sh ch zh`` as in the passport
    forms. Characters with no ASCII base (Cyrillic left untransliterated) are kept.
    """
    return _strip_diacritics(normalize_text(text).translate(_FOLD_DIGRAPHS), normalized=True)


def strip_diacritics(text: str) -> str:
    """Normalised text with diacritics and apostrophes dropped and no digraphs added.

    ``şäripov`` -> ``saripov`` (where :func:`fold_normalized` gives ``sharipov``).
    """
    return _strip_diacritics(text, normalized=True)


def fold_normalized(text: str) -> str:
    """:func:`ascii_fold` of text that is already normalised (the index's hot path)."""
    return _strip_diacritics(text.translate(_FOLD_DIGRAPHS), normalized=True)


def schemes_for(token: str, language: str | None = None) -> list[Scheme]:
    """The schemes worth applying to one Cyrillic token.

    The three Russian-based schemes always; a national scheme when the token has one of
    its letters or when the spelling's language says so (an Uzbek name in Russian
    Cyrillic is still written ``x`` for ``х`` in Uzbek Latin).
    """
    chosen = list(BASE_SCHEMES)
    letters = set(token)
    for scheme, marks in NATIONAL_LETTERS.items():
        if letters & marks:
            chosen.append(scheme)
    if language:
        hinted = LANGUAGE_SCHEME.get(language.lower()[:2])
        if hinted is not None and hinted not in chosen:
            chosen.append(hinted)
    return chosen


def latin_forms(token: str, language: str | None = None) -> dict[Scheme, str]:
    """All national and international Latin forms of a Cyrillic token, by scheme.

    Args:
        token: One normalised token (``fold_yo=False`` keeps ``ё``).
        language: Optional ISO 639-1 language of the spelling.

    Returns:
        Scheme -> Latin spelling, with diacritics as each standard writes them.
    """
    out: dict[Scheme, str] = {}
    src = normalize_text(token, fold_yo=False)
    for scheme in schemes_for(src, language):
        latin = _transliterate(src, scheme)
        # A Russian-based scheme leaves Kazakh or Tajik letters untouched: such a
        # half-transliterated form is no standard's spelling, so it is not offered.
        if not _has_cyrillic(latin):
            out[scheme] = latin
    return out


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u052f" for ch in text)

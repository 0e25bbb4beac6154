"""Match keys computed from one name spelling.

Three kinds of key, from strict to loose:

``LATIN``
    The ASCII form of a part under every transliteration scheme that applies (ICAO, the
    Russian passport and BGN/PCGN forms, the national Latin alphabet). ``Иванов`` gives
    ``ivanov``; ``Ўткир`` gives ``utkir`` and ``otkir``.
``SKELETON``
    A phonetic consonant skeleton that the usual spellings of one name share, whatever the
    script: ``kh/h/x/ҳ`` -> ``H``, ``zh/j/dzh/ž/ж`` -> ``J``, ``sh/ş/š/sch/щ`` -> ``S``,
    ``ch/ç/č/tsch`` -> ``C``, ``ts/tz/ц`` -> ``Z``, ``q/ck`` -> ``k``, ``w`` -> ``v``,
    ``gh/g'/ğ`` -> ``g``, ``ng/ñ/ň/ң`` -> ``n``, ``ph`` -> ``f``; vowels (and ``y``) are
    dropped but a leading vowel leaves ``_``; doubled letters are collapsed; a final
    ``d b g z f`` is devoiced/unified (``Mahmud``/``Makhmut``, ``Ivanoff``/``Ivanov``).
    ``Alexander``, ``Aleksandr`` and ``Александр`` all give ``_lksndr``.
    Letters that are ambiguous in Latin give more than one skeleton: ``x`` inside a word is
    ``ks`` (Maxim) or ``kh`` (Uzbek Baxtiyor); ``c`` is ``ts`` (Polish, Serbian) or ``k``
    (Victor); ``j`` before a vowel is ``dzh`` (Jamshid) or a glide (German Juri).
``STEM``
    The skeleton of the part without its surname/patronymic ending, so ``Rahmonov``,
    ``Rahmonzoda`` and ``Rahmon`` meet on ``rHmn``. Stored only when it differs from the
    skeleton.

Every key carries :data:`KEY_ALGO_VERSION`; changing anything in this module or in the
tables it uses must bump it, which makes the index rebuild its keys.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from app.search.hypocorisms import short_forms
from app.search.normalize import APOSTROPHE, NamePart, PartRole, Script, parse_name, script_of
from app.search.translit import (
    CYRILLIC_VOWELS,
    ascii_fold,
    fold_normalized,
    latin_forms,
    strip_diacritics,
)

#: Version of the key algorithm. Bump on any change that alters a key.
KEY_ALGO_VERSION = 3

# Upper bound of skeleton variants per part, so one odd spelling cannot explode the index.
MAX_VARIANTS = 4


class KeyType(IntEnum):
    """Kinds of match key; the integer is what the index stores."""

    LATIN = 1
    SKELETON = 2
    STEM = 3
    # Single-consonant deletions of a skeleton: two skeletons one consonant apart (a typo,
    # a transposition, "tc" for "ts") share one, so an approximate part can be retrieved.
    FUZZY = 4


@dataclass(frozen=True, slots=True, order=True)
class NameKey:
    """One match key of one name part."""

    key_type: KeyType
    value: str
    version: int = KEY_ALGO_VERSION


# --- the skeleton -------------------------------------------------------------------------

# Cyrillic straight to the skeleton alphabet, bypassing any scheme so that no scheme's
# choices leak into the key. Upper case letters are the merged classes.
_SKEL_CYR = str.maketrans(
    {
        "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "ґ": "g", "д": "d",
        "е": "e", "ё": "yo", "є": "e", "ж": "J", "җ": "J", "ҷ": "J", "з": "z", "и": "i",
        "і": "i", "ї": "i", "ӣ": "i", "й": "y", "ј": "y", "к": "k", "қ": "k", "л": "l",
        "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ү": "u", "ұ": "u", "ӯ": "u", "ў": "u", "ф": "f", "х": "H",
        "ҳ": "H", "һ": "H", "ц": "Z", "ч": "C", "ш": "S", "щ": "S", "ъ": None, "ы": "y",
        "ь": None, "э": "e", "ю": "yu", "я": "ya", "ѕ": "dz", "џ": "J", "ђ": "J", "ћ": "C",
        "љ": "l", "њ": "n", "ѓ": "g", "ќ": "k",
    }
)  # fmt: skip

# Latin letters with diacritics that stand for a merged class, before diacritics are dropped.
_SKEL_LAT = str.maketrans(
    {
        "ş": "S", "š": "S", "ș": "S", "ś": "s", "ç": "C", "č": "C", "ć": "C", "ž": "J",
        "ź": "z", "ż": "J", "ñ": "n", "ň": "n", "ŋ": "n", "ń": "n", "ğ": "g", "ǵ": "g",
        "ý": "y", "ı": "i", "ə": "a", "ł": "l", "đ": "J", "ß": "s", "ø": "o", "æ": "a",
    }
)  # fmt: skip

_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("shch", "S"), ("shh", "S"), ("sch", "S"), ("sh", "S"), ("tsch", "C"), ("tch", "C"),
    ("tc", "Z"), ("ch", "@"),
    ("cz", "C"), ("sz", "S"), ("zh", "J"), ("dj", "J"), ("dJ", "J"), ("dz", "J"),
    ("kh", "H"), ("gh", "g"), ("ph", "f"), ("ts", "Z"), ("tz", "Z"), ("ck", "k"),
    ("ng", "n"), ("w", "v"), ("q", "k"), ("h", "H"),
)  # fmt: skip

_VOWELS = frozenset("aeiouy")
_FINAL = {"d": "t", "b": "p", "g": "k", "f": "v"}
_DOUBLE_RE = re.compile(r"(.)\1+")


# German-style transliteration (Duden, German press): "Iwanow", "Saizew", "Schukow",
# "Tschernow", "Shurawljow". Read this way only when a token has the German tell-tales.
_GERMAN: tuple[tuple[str, str], ...] = (
    ("schtsch", "S"),
    ("tsch", "C"),
    ("sch", "S"),
    ("sh", "J"),
    ("ch", "H"),
    ("z", "Z"),
    ("j", "y"),
    ("ss", "s"),
)
_GERMAN_TELLS = ("w", "sch")

# French-based spellings of old Soviet passports and of French-language documents:
# "Chtcherbakov", "Kouznetsov", "Tchernov", "Joukov", "Pouchkine", "Sergueï", "Iouri".
_FRENCH: tuple[tuple[str, str], ...] = (
    ("chtch", "S"),
    ("tch", "C"),
    ("ch", "S"),
    ("ou", "u"),
    ("gue", "ge"),
    ("gui", "gi"),
    ("j", "J"),
)
_FRENCH_TELLS = ("ou", "tch")


def _apply(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for src, dst in table:
        if src in text:
            text = text.replace(src, dst)
    return text


def _to_skeleton_alphabet(token: str, script: Script) -> list[str]:
    """Map one normalised token onto the skeleton alphabet, vowels still present.

    Returns one reading, or two for a Latin token that may be German transliteration.
    """
    if script is Script.CYRILLIC:
        text = token.translate(_SKEL_CYR)
    else:
        text = token
    # Uzbek oʻ is the Cyrillic ў, which Russian spelling writes у: make it "u".
    text = text.replace("o" + APOSTROPHE, "u").translate(_SKEL_LAT)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    text = text.replace(APOSTROPHE, "")
    readings = [_apply(text, _DIGRAPHS)]
    if script is Script.CYRILLIC and token.startswith("г"):
        # Russian spelling writes г for the h of Azerbaijani and Dagestani names:
        # Гасан is Hasan, Гусейн is Hüseyn.
        readings.append("H" + readings[0][1:])
    if script is not Script.CYRILLIC and any(t in text for t in _GERMAN_TELLS):
        german = _apply(_apply(text, _GERMAN), _DIGRAPHS)
        if german != readings[0]:
            readings.append(german)
    if script is not Script.CYRILLIC and any(t in text for t in _FRENCH_TELLS):
        french = _apply(text, _FRENCH)
        if french.endswith("ine"):
            french = french[:-1]  # Pouchkine, Borodine: the French -ine is the Russian -ин
        french = _apply(french, _DIGRAPHS)
        if french not in readings:
            readings.append(french)
    # з and с (z and s) are merged: German and English spellings swap them freely.
    return [r.replace("z", "s") for r in readings]


def _ambiguous_variants(text: str) -> list[str]:
    """Expand the Latin letters that have two readings (see the module docstring)."""
    slots: list[tuple[str, ...]] = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        prv = text[i - 1] if i else ""
        if ch == "x":
            # Uzbek x is х (Xurshid); elsewhere x is кс (Maxim, Xenia).
            slots.append(("H", "ks"))
        elif ch == "c":
            # ц (Polish, Serbian, 2010-2013 Russian passports), k (Victor), or a Turkish or
            # Turkmen ç typed without its cedilla (Caryyew, Begenc).
            slots.append(("Z", "k", "C"))
        elif ch == "@":
            # English ch is ч, German and Czech ch is х, French ch is ш.
            slots.append(("C", "H", "S"))
        elif ch == "j":
            if nxt and nxt in _VOWELS:
                slots.append(("J", "y"))
            elif prv and prv not in _VOWELS:
                # After a consonant j cannot be a glide: Sevinj, Mirj...
                slots.append(("J",))
            else:
                # Sergej, Jurij: the German/Czech spelling of й.
                slots.append(("y",))
        else:
            slots.append((ch,))
    ambiguous = [i for i, s in enumerate(slots) if len(s) > 1]
    if not ambiguous:
        return ["".join(s[0] for s in slots)]
    count = 1
    for i in ambiguous:
        count *= len(slots[i])
    if count <= MAX_VARIANTS:
        return ["".join(choice) for choice in itertools.product(*slots)]
    # Too many readings: keep the two consistent ones (all first, all second choices).
    return ["".join(s[0] for s in slots), "".join(s[-1] for s in slots)]


def _consonant_skeleton(text: str) -> str:
    if not text:
        return ""
    lead = "_" if text[0] in _VOWELS else ""
    if text[0] == "g":
        # Kurban/Gurban, Qodir/Ғодир...: an initial k or g is voiced either way.
        text = "k" + text[1:]
    cons = "".join(ch for ch in text if ch not in _VOWELS and ch.isalpha())
    cons = _DOUBLE_RE.sub(r"\1", cons)
    if cons and cons[-1] in _FINAL:
        cons = cons[:-1] + _FINAL[cons[-1]]
    # Arabic-origin names alternate f/p and g/k between languages and spellings: Yusuf /
    # Юсуп, Latif / Латып, Zakir / Загир. The phonetic form keeps them apart for scoring.
    cons = _DOUBLE_RE.sub(r"\1", cons.translate(_MERGE_PF_GK))
    return lead + cons


_MERGE_PF_GK = str.maketrans({"f": "p", "g": "k"})


_YO_AFTER_CONSONANT_RE = re.compile(r"(?<=[^aeiouy_])[yi]o")


def _phonetic(text: str) -> str:
    """Vowel-keeping form of the skeleton alphabet, for fuzzy comparison."""
    # ё after a consonant is written yo, io, ë or e: Pyotr/Petr, Solovyov/Solovev.
    text = _YO_AFTER_CONSONANT_RE.sub("e", text)
    text = text.replace("y", "i")
    text = _DOUBLE_RE.sub(r"\1", "".join(ch for ch in text if ch.isalpha()))
    if text and text[-1] in _FINAL and len(text) > 1:
        text = text[:-1] + _FINAL[text[-1]]
    return text


def _forms(token: str, script: Script) -> tuple[frozenset[str], frozenset[str]]:
    """Skeletons and phonetic forms of one token from a single pass."""
    skel: set[str] = set()
    phon: set[str] = set()
    for base in _to_skeleton_alphabet(token, script):
        for v in _ambiguous_variants(base):
            skel.add(_consonant_skeleton(v))
            phon.add(_phonetic(v))
    skel.discard("")
    phon.discard("")
    return frozenset(skel), frozenset(phon)


def skeletons(token: str, script: Script | None = None) -> frozenset[str]:
    """Consonant skeletons of one normalised token (one per reading of ambiguous letters).

    Args:
        token: A token from :func:`app.search.normalize.tokens` or a part's ``text``/``stem``.
        script: The token's script if known (saves detecting it).
    """
    out: set[str] = set()
    for base in _to_skeleton_alphabet(token, script or script_of(token)):
        out.update(_consonant_skeleton(v) for v in _ambiguous_variants(base))
    out.discard("")
    return frozenset(out)


def phonetic_forms(token: str, script: Script | None = None) -> frozenset[str]:
    """Vowel-keeping phonetic forms of one token (``Iwanow`` and ``Иванов`` -> ``ivanov``)."""
    out: set[str] = set()
    for base in _to_skeleton_alphabet(token, script or script_of(token)):
        out.update(_phonetic(v) for v in _ambiguous_variants(base))
    out.discard("")
    return frozenset(out)


# --- prepared spellings ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreparedPart:
    """A name part with everything matching needs, computed once.

    Attributes:
        part: The parsed part.
        latin: ASCII Latin forms (all schemes for Cyrillic; the folded text for Latin).
        skeletons: Consonant skeletons.
        phonetic: Vowel-keeping phonetic forms.
        stem_skeletons: Skeletons of the stem (equal to ``skeletons`` when no ending).
        display_latin: One readable Latin form (ICAO for Cyrillic) for fuzzy ratios.
    """

    part: NamePart
    latin: frozenset[str]
    skeletons: frozenset[str]
    phonetic: frozenset[str]
    stem_skeletons: frozenset[str]
    display_latin: str


@dataclass(frozen=True, slots=True)
class PreparedName:
    """One spelling, parsed and keyed.

    Attributes:
        spelling: The spelling exactly as given.
        parts: Its parts, markers included.
        language: ISO 639-1 language of the spelling if known.
        name_id: Id of the stored ``PersonName`` row, if any.
    """

    spelling: str
    parts: tuple[PreparedPart, ...]
    language: str = ""
    name_id: int | None = None

    @property
    def name_parts(self) -> tuple[PreparedPart, ...]:
        """The parts that are names (markers left out)."""
        return tuple(p for p in self.parts if p.part.role is not PartRole.MARKER)


def _latin_of(text: str, script: Script, language: str | None) -> tuple[frozenset[str], str]:
    if script is Script.CYRILLIC:
        forms = latin_forms(text, language)
        if not forms:
            folded_raw = ascii_fold(text)
            return frozenset((folded_raw,)), folded_raw
        folded = frozenset(fold_normalized(f) for f in forms.values())
        # National Latin typed on a keyboard without its letters: Kazakh "Şäripov" and
        # Turkmen "Öwez" come as "Saripov" and "Owez" (ş -> s, not sh).
        folded |= {strip_diacritics(f) for f in forms.values() if not f.isascii()}
        first = next(iter(forms.values()))
        return folded, fold_normalized(first)
    folded_one = fold_normalized(text)
    return frozenset((folded_one,)), folded_one


TokenForms = tuple[frozenset[str], str, frozenset[str], frozenset[str], frozenset[str]]
TokenKey = tuple[str, str, Script, str]

# Names repeat a lot (a million persons share a few hundred thousand distinct tokens), so
# the forms of a token are computed once per process, or read back from the index's
# ``search_tokens`` table by a freshly started client (see :func:`seed_token_forms`).
_TOKEN_CACHE: dict[TokenKey, TokenForms] = {}
_TOKEN_CACHE_MAX = 400_000


def token_key(text: str, stem: str, script: Script, language: str | None) -> TokenKey:
    """The cache key of one token (what its forms depend on)."""
    return (text, stem, script, language or "")


def _token_forms(text: str, stem: str, script: Script, language: str | None) -> TokenForms:
    key = token_key(text, stem, script, language)
    cached = _TOKEN_CACHE.get(key)
    if cached is not None:
        return cached
    latin, display = _latin_of(text, script, language)
    skel, phon = _forms(text, script)
    stem_skel = _forms(stem, script)[0] if stem != text else skel
    forms = (latin, display, skel, phon, stem_skel)
    if len(_TOKEN_CACHE) >= _TOKEN_CACHE_MAX:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[key] = forms
    return forms


def clear_token_cache() -> None:
    """Forget every cached token (tests and benchmarks measure a fresh client)."""
    _TOKEN_CACHE.clear()


def is_token_cached(key: TokenKey) -> bool:
    """True when the forms of ``key`` need not be computed or loaded."""
    return key in _TOKEN_CACHE


_SEP_SET = "\x1e"
_SEP_FIELD = "\x1d"


def encode_token_key(key: TokenKey) -> str:
    """One string for a token key (primary key of ``search_tokens``)."""
    text, stem, script, language = key
    return _SEP_FIELD.join((text, stem, str(script), language))


def encode_token_forms(forms: TokenForms) -> str:
    """Serialise a token's forms for ``search_tokens``."""
    latin, display, skel, phon, stem_skel = forms
    return _SEP_FIELD.join(
        (_SEP_SET.join(sorted(latin)), display, _SEP_SET.join(sorted(skel)),
         _SEP_SET.join(sorted(phon)), _SEP_SET.join(sorted(stem_skel)))
    )  # fmt: skip


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split(_SEP_SET)) if text else frozenset()


def seed_token_forms(rows: Iterable[tuple[str, str]]) -> None:
    """Put ``(encoded key, encoded forms)`` rows read from ``search_tokens`` into the cache."""
    for key_s, forms_s in rows:
        text, stem, script, language = key_s.split(_SEP_FIELD)
        latin, display, skel, phon, stem_skel = forms_s.split(_SEP_FIELD)
        _TOKEN_CACHE[(text, stem, Script(script), language)] = (
            _set(latin),
            display,
            _set(skel),
            _set(phon),
            _set(stem_skel),
        )


def token_forms_of(key: TokenKey) -> TokenForms:
    """The forms of one token (computed and cached if needed)."""
    return _token_forms(*key)


def spelling_token_keys(spelling: str, language: str | None = None) -> list[TokenKey]:
    """The token keys :func:`prepare_name` will need for one spelling."""
    out: list[TokenKey] = []
    for p in parse_name(spelling, fold_yo=False):
        out.append(token_key(p.text, p.stem, p.script, language))
        if "ё" in p.text:
            out.append(token_key(p.text.replace("ё", "е"), p.stem.replace("ё", "е"), p.script,
                                 language))  # fmt: skip
    return out


def prepare_part(part: NamePart, language: str | None = None) -> PreparedPart:
    """Compute the keys and forms of one parsed part."""
    latin, display, skel, phon, stem_skel = _token_forms(
        part.text, part.stem, part.script, language or None
    )
    return PreparedPart(
        part=part,
        latin=latin,
        skeletons=skel,
        phonetic=phon,
        stem_skeletons=stem_skel,
        display_latin=display,
    )


def prepare_name(
    spelling: str, language: str | None = None, name_id: int | None = None
) -> PreparedName:
    """Parse and key one spelling.

    ``ё`` is kept for transliteration (``Фёдор`` also gives ``fyodor``) but folded for
    everything else.
    """
    parts = parse_name(spelling, fold_yo=False)
    prepared: list[PreparedPart] = []
    for p in parts:
        pp = prepare_part(p, language)
        if "ё" in p.text:
            # The folded spelling must still compare equal to a stored "е" spelling.
            folded = NamePart(
                p.text.replace("ё", "е"),
                p.stem.replace("ё", "е"),
                p.ending,
                p.role,
                p.gender,
                p.script,
                p.position,
            )
            pf = prepare_part(folded, language)
            pp = PreparedPart(
                part=folded,
                latin=pp.latin | pf.latin,
                skeletons=pp.skeletons | pf.skeletons,
                phonetic=pp.phonetic | pf.phonetic,
                stem_skeletons=pp.stem_skeletons | pf.stem_skeletons,
                display_latin=pf.display_latin,
            )
        prepared.append(pp)
    return PreparedName(spelling, tuple(prepared), language or "", name_id)


# Deletion keys are made from skeletons of at least this many consonants (a shorter one
# would give two-letter keys shared by a large share of the population), and at most this
# many per part, so the index grows by a bounded amount.
MIN_FUZZY_SKELETON = 4
MAX_FUZZY_KEYS = 12


def deletion_keys(skels: Iterable[str]) -> set[str]:
    """Single-consonant deletions of skeletons (the leading-vowel mark ``_`` is kept)."""
    out: set[str] = set()
    for sk in sorted(skels, key=lambda v: (len(v), v)):
        lead = "_" if sk.startswith("_") else ""
        body = sk[len(lead) :]
        if len(body) < MIN_FUZZY_SKELETON:
            continue
        last = len(body) - 1
        for i in range(len(body)):
            # A skeleton has no doubled letters, so a deletion can only bring two equal
            # ones together around it; they collapse like any double.
            if 0 < i < last and body[i - 1] == body[i + 1]:
                out.add(lead + body[:i] + body[i + 2 :])
            else:
                out.add(lead + body[:i] + body[i + 1 :])
            if len(out) >= MAX_FUZZY_KEYS:
                return out
    return out


def part_keys(part: PreparedPart) -> set[NameKey]:
    """The index keys of one prepared part (markers have none)."""
    if part.part.role is PartRole.MARKER:
        return set()
    return set(
        _part_keys(
            part.latin,
            part.skeletons,
            part.stem_skeletons,
            part.part.role is not PartRole.PATRONYMIC,
        )
    )


@functools.lru_cache(maxsize=262_144)
def _part_keys(
    latin: frozenset[str],
    skels: frozenset[str],
    stem_skels: frozenset[str],
    fuzzy: bool,
) -> frozenset[NameKey]:
    # Names repeat a lot: the keys of one token's forms are computed once per process.
    keys = {NameKey(KeyType.LATIN, v) for v in latin if v}
    keys |= {NameKey(KeyType.SKELETON, v) for v in skels}
    keys |= {NameKey(KeyType.STEM, v) for v in stem_skels - skels}
    if fuzzy:
        # A patronymic is never searched approximately on its own (it only narrows).
        keys |= {NameKey(KeyType.FUZZY, v) for v in deletion_keys(skels)}
    return frozenset(keys)


# Two adjacent parts are also indexed as one word when one of them is this short: "Нур-Ислам"
# is found by "Nurislam", "Ак-Бота" by "Akbota", "Абдул Азиз" by "Abdulaziz".
MAX_JOIN_PART = 5


def joinable(a: PreparedPart, b: PreparedPart) -> bool:
    """True when two adjacent parts may be one name written in two words."""
    if PartRole.MARKER in (a.part.role, b.part.role) or a.part.script != b.part.script:
        return False
    if a.part.ending or PartRole.PATRONYMIC in (a.part.role, b.part.role):
        return False
    return min(len(a.part.text), len(b.part.text)) <= MAX_JOIN_PART


def joined_skeletons(a: PreparedPart, b: PreparedPart) -> frozenset[str]:
    """Skeletons of two adjacent parts written as one word."""
    return _joined_skeletons(a.part.text + b.part.text, a.part.script)


@functools.lru_cache(maxsize=65536)
def _joined_skeletons(text: str, script: Script) -> frozenset[str]:
    return skeletons(text, script)


def name_keys(name: PreparedName) -> set[NameKey]:
    """The index keys of one spelling: its parts' keys and those of short joined parts."""
    out: set[NameKey] = set()
    for p in name.parts:
        if p.part.role is not PartRole.MARKER:
            out |= _part_keys(p.latin, p.skeletons, p.stem_skeletons,
                              p.part.role is not PartRole.PATRONYMIC)  # fmt: skip
    parts = name.name_parts
    for a, b in itertools.pairwise(parts):
        if joinable(a, b):
            out |= {NameKey(KeyType.SKELETON, v) for v in joined_skeletons(a, b)}
    return out


# --- hypocorisms ---------------------------------------------------------------------------

_SHORT_BY_FORM: dict[str, tuple[str, ...]] | None = None


def _short_index() -> dict[str, tuple[str, ...]]:
    global _SHORT_BY_FORM
    if _SHORT_BY_FORM is None:
        index: dict[str, set[str]] = {}
        for short, fulls in short_forms().items():
            text = short.casefold()
            for form in phonetic_forms(text, Script.CYRILLIC):
                index.setdefault(form, set()).update(f.casefold() for f in fulls)
            yo_less = text.replace("ё", "е")
            for form in phonetic_forms(yo_less, Script.CYRILLIC):
                index.setdefault(form, set()).update(f.casefold() for f in fulls)
        _SHORT_BY_FORM = {k: tuple(sorted(v)) for k, v in index.items()}
    return _SHORT_BY_FORM


def full_names_of(part: PreparedPart) -> tuple[PreparedPart, ...]:
    """The full given names a short form stands for (``Sasha`` -> ``Александр``...).

    Empty for anything that is not a known short form (or is a surname or patronymic).
    """
    if part.part.role is not PartRole.NAME or len(part.part.text) < 2:
        return ()
    if part.phonetic.isdisjoint(_short_index()):
        return ()
    return _full_names(part.phonetic)


@functools.lru_cache(maxsize=4096)
def _full_names(phonetic: frozenset[str]) -> tuple[PreparedPart, ...]:
    index = _short_index()
    fulls: set[str] = set()
    for form in phonetic:
        fulls.update(index.get(form, ()))
    out: list[PreparedPart] = []
    for full in sorted(fulls):
        for p in parse_name(full, fold_yo=False):
            out.append(prepare_part(p))
    return tuple(out)


def query_part_keys(part: PreparedPart) -> dict[KeyType, set[str]]:
    """Keys to look up for one query part, by the key type they are looked up in.

    The stem skeleton is looked up among skeletons too, so ``Nazarbay`` finds
    ``Nazarbayev`` and the other way round.
    """
    stems = set(part.stem_skeletons) | set(part.skeletons)
    return {
        KeyType.LATIN: {v for v in part.latin if v},
        KeyType.SKELETON: set(part.skeletons) | set(part.stem_skeletons),
        KeyType.STEM: stems,
    }


def is_cyrillic_vowel(ch: str) -> bool:
    """True for a Cyrillic vowel letter (used by tests of the tables)."""
    return ch in CYRILLIC_VOWELS

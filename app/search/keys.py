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

import itertools
import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum

from app.search.normalize import APOSTROPHE, NamePart, PartRole, Script, parse_name, script_of
from app.search.translit import CYRILLIC_VOWELS, ascii_fold, latin_forms

#: Version of the key algorithm. Bump on any change that alters a key.
KEY_ALGO_VERSION = 1

# Upper bound of skeleton variants per part, so one odd spelling cannot explode the index.
MAX_VARIANTS = 4


class KeyType(IntEnum):
    """Kinds of match key; the integer is what the index stores."""

    LATIN = 1
    SKELETON = 2
    STEM = 3


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
        "е": "e", "ё": "e", "є": "e", "ж": "J", "җ": "J", "ҷ": "J", "з": "z", "и": "i",
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
    ("shch", "S"), ("sch", "S"), ("sh", "S"), ("tsch", "C"), ("tch", "C"), ("ch", "C"),
    ("cz", "C"), ("sz", "S"), ("zh", "J"), ("dj", "J"), ("dJ", "J"), ("dz", "J"),
    ("kh", "H"), ("gh", "g"), ("ph", "f"), ("ts", "Z"), ("tz", "Z"), ("ck", "k"),
    ("ng", "n"), ("w", "v"), ("q", "k"), ("h", "H"),
)  # fmt: skip

_VOWELS = frozenset("aeiouy")
_FINAL = {"d": "t", "b": "p", "g": "k", "z": "s", "f": "v"}
_DOUBLE_RE = re.compile(r"(.)\1+")


def _to_skeleton_alphabet(token: str, script: Script) -> str:
    """Map one normalised token onto the skeleton alphabet, vowels still present."""
    if script is Script.CYRILLIC:
        text = token.translate(_SKEL_CYR)
    else:
        text = token
    # Uzbek oʻ is the Cyrillic ў, which Russian spelling writes у: make it "u".
    text = text.replace("o" + APOSTROPHE, "u").translate(_SKEL_LAT)
    text = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
    )
    text = text.replace(APOSTROPHE, "")
    for src, dst in _DIGRAPHS:
        if src in text:
            text = text.replace(src, dst)
    return text


def _ambiguous_variants(text: str) -> list[str]:
    """Expand the Latin letters that have two readings (see the module docstring)."""
    slots: list[tuple[str, ...]] = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "x":
            slots.append(("H",) if i == 0 else ("ks", "H"))
        elif ch == "c":
            slots.append(("Z", "k"))
        elif ch == "j":
            slots.append(("J", "y") if nxt in _VOWELS and nxt else ("y",))
        else:
            slots.append((ch,))
    ambiguous = [i for i, s in enumerate(slots) if len(s) > 1]
    if not ambiguous:
        return ["".join(s[0] for s in slots)]
    if 2 ** len(ambiguous) <= MAX_VARIANTS:
        return ["".join(choice) for choice in itertools.product(*slots)]
    # Too many readings: keep the two consistent ones (all first, all second choices).
    return ["".join(s[0] for s in slots), "".join(s[-1] for s in slots)]


def _consonant_skeleton(text: str) -> str:
    if not text:
        return ""
    lead = "_" if text[0] in _VOWELS else ""
    cons = "".join(ch for ch in text if ch not in _VOWELS and ch.isalpha())
    cons = _DOUBLE_RE.sub(r"\1", cons)
    if cons and cons[-1] in _FINAL:
        cons = cons[:-1] + _FINAL[cons[-1]]
    return lead + cons


def _phonetic(text: str) -> str:
    """Vowel-keeping form of the skeleton alphabet, for fuzzy comparison."""
    text = text.replace("y", "i")
    text = _DOUBLE_RE.sub(r"\1", "".join(ch for ch in text if ch.isalpha()))
    if text and text[-1] in _FINAL and len(text) > 1:
        text = text[:-1] + _FINAL[text[-1]]
    return text


def skeletons(token: str, script: Script | None = None) -> frozenset[str]:
    """Consonant skeletons of one normalised token (one per reading of ambiguous letters).

    Args:
        token: A token from :func:`app.search.normalize.tokens` or a part's ``text``/``stem``.
        script: The token's script if known (saves detecting it).
    """
    base = _to_skeleton_alphabet(token, script or script_of(token))
    return frozenset(s for s in (_consonant_skeleton(v) for v in _ambiguous_variants(base)) if s)


def phonetic_forms(token: str, script: Script | None = None) -> frozenset[str]:
    """Vowel-keeping phonetic forms of one token (``Iwanow`` and ``Иванов`` -> ``ivanov``)."""
    base = _to_skeleton_alphabet(token, script or script_of(token))
    return frozenset(p for p in (_phonetic(v) for v in _ambiguous_variants(base)) if p)


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
        folded = frozenset(ascii_fold(f) for f in forms.values())
        first = next(iter(forms.values()))
        return folded, ascii_fold(first)
    folded_one = ascii_fold(text)
    return frozenset((folded_one,)), folded_one


def prepare_part(part: NamePart, language: str | None = None) -> PreparedPart:
    """Compute the keys and forms of one parsed part."""
    latin, display = _latin_of(part.text, part.script, language)
    skel = skeletons(part.text, part.script)
    if part.stem != part.text:
        stem_skel = skeletons(part.stem, part.script)
    else:
        stem_skel = skel
    return PreparedPart(
        part=part,
        latin=latin,
        skeletons=skel,
        phonetic=phonetic_forms(part.text, part.script),
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
                p.text.replace("ё", "е"), p.stem.replace("ё", "е"), p.ending, p.role,
                p.gender, p.script, p.position,
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


def part_keys(part: PreparedPart) -> set[NameKey]:
    """The index keys of one prepared part (markers have none)."""
    if part.part.role is PartRole.MARKER:
        return set()
    keys = {NameKey(KeyType.LATIN, v) for v in part.latin if v}
    keys |= {NameKey(KeyType.SKELETON, v) for v in part.skeletons}
    keys |= {NameKey(KeyType.STEM, v) for v in part.stem_skeletons - part.skeletons}
    return keys


def name_keys(name: PreparedName) -> set[NameKey]:
    """The index keys of one spelling: the union of its parts' keys."""
    out: set[NameKey] = set()
    for p in name.parts:
        out |= part_keys(p)
    return out


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

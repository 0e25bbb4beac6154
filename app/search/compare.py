"""Comparing a typed name with one stored spelling, part by part, in any order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from app.search.evidence import (
    FUZZY_FACTOR,
    FUZZY_MIN_RATIO,
    POSSIBLE_MIN_PART,
    SCORE_EXACT,
    SCORE_HYPOCORISM,
    SCORE_INITIAL,
    SCORE_LATIN,
    SCORE_PHONETIC,
    SCORE_PREFIX,
    SCORE_STEM,
    SCORE_TRANSPOSED,
    SOLID_METHODS,
    Code,
    Doubt,
    Effect,
    Evidence,
    MatchMethod,
    PartMatch,
)
from app.search.keys import PreparedName, PreparedPart, full_names_of, prepare_part
from app.search.normalize import NamePart, PartRole, split_ending

# --- parts ---------------------------------------------------------------------------------------

_GENDER_OF_ENDING = {
    **dict.fromkeys(("ov", "ev", "yev", "iev", "yov", "ow", "ew", "off", "eff", "ов", "ев"), "m"),
    **dict.fromkeys(("in", "yn", "ин", "ын", "sky", "skiy", "skii", "skij", "ski"), "m"),
    **dict.fromkeys(("ский", "цкий", "ской", "tsky", "tskiy", "tskii"), "m"),
    **dict.fromkeys(("ova", "eva", "yeva", "ieva", "yova", "owa", "ewa", "ова", "ева"), "f"),
    **dict.fromkeys(("ina", "yna", "ина", "ына", "skaya", "skaia", "skaja", "ska"), "f"),
    **dict.fromkeys(("ская", "цкая", "tskaya", "tskaia"), "f"),
    **dict.fromkeys(("ovich", "evich", "yevich", "ievich", "ovych", "evych", "ovitch"), "m"),
    **dict.fromkeys(("ович", "евич", "uly", "uli", "ulu", "uulu", "улы", "ұлы", "уулу"), "m"),
    **dict.fromkeys(("ovna", "evna", "yevna", "ievna", "ivna", "ichna", "inichna"), "f"),
    **dict.fromkeys(("овна", "евна", "ична", "инична", "qyzy", "kyzy", "qizi", "kizi"), "f"),
    **dict.fromkeys(("қызы", "кызы", "қизи", "кизи", "gyzy"), "f"),
}


def _ending_gender(part: PreparedPart) -> str | None:
    """Gender of a part's ending, including ``-in/-ina`` (trusted only between two parts)."""
    return _GENDER_OF_ENDING.get(part.part.ending)


def _ratio(a: Iterable[str], b: Iterable[str], cutoff: float = 0.0) -> float:
    """Best rapidfuzz ratio (0..1) over all pairs; pairs below ``cutoff`` count as 0."""
    best = 0.0
    for x in a:
        for y in b:
            # The indel ratio can never exceed 2*min/(len1+len2): skip hopeless pairs cheaply.
            lx, ly = len(x), len(y)
            if 2 * min(lx, ly) < max(cutoff, best) * (lx + ly):
                continue
            r = fuzz.ratio(x, y, score_cutoff=cutoff * 100) / 100.0
            if r > best:
                best = r
    return best


def _hypocorism(q: PreparedPart, c: PreparedPart) -> str | None:
    """The full name through which one part is a short form of the other, if any."""
    for short, full in ((q, c), (c, q)):
        for f in full_names_of(short):
            if f.part.text == full.part.text or f.latin & full.latin or f.phonetic & full.phonetic:
                return f.part.text
    return None


def _transposition(a: Iterable[str], b: Iterable[str]) -> str | None:
    """A form of ``a`` that equals one of ``b`` but for two adjacent letters swapped."""
    for x in a:
        for y in b:
            if len(x) != len(y) or len(x) < 4 or x == y:
                continue
            diff = [i for i in range(len(x)) if x[i] != y[i]]
            if len(diff) == 2 and diff[1] == diff[0] + 1:
                i = diff[0]
                if x[i] == y[i + 1] and x[i + 1] == y[i]:
                    return y
    return None


# Vowels that stand for one another between transliterations and languages: a/o (Uzbek
# and Tajik o for Russian а: Gulnora / Gulnara), e/i (Jamshed / Jamshid), a/e (Ahmad /
# Ahmed, Rustam / Rustem), o/u (Uzbek oʻ, Mohammad / Muhammad).
_VOWELS_ALIKE = frozenset(frozenset(p) for p in ("ao", "ei", "ae", "ou"))
# Never a transliteration variant, whatever the length: Mahmadov / Mahmudov, Kamil / Kamal.
# (i/u is: Nuriddin / Nuruddin, Turkmen Myrat / Murat, so only short names doubt it.)
_VOWELS_APART = frozenset(frozenset(p) for p in ("au", "eu", "ai"))
_PHON_VOWELS = frozenset("aeiou")
# Below this length a vowel is a large part of a name, and a different one names another
# person (Marat / Murat, Dina / Dana); in longer names it is more often a transliteration.
_SHORT_NAME = 6


def _vowel_doubt(q: PreparedPart, c: PreparedPart) -> Doubt | None:
    """Whether parts with the same consonants differ in vowels that make another name."""
    worst: Doubt | None = Doubt.VOWELS_DIFFER
    for x in q.phonetic:
        for y in c.phonetic:
            d = _vowel_doubt_of(x, y)
            if d is None:
                return None
            if d is Doubt.OTHER_SEX_FORM:
                worst = d
    return worst


def _vowel_doubt_of(x: str, y: str) -> Doubt | None:
    vx = [ch for ch in x if ch in _PHON_VOWELS]
    vy = [ch for ch in y if ch in _PHON_VOWELS]
    if len(vx) != len(vy):
        longer, shorter = (x, y) if len(x) > len(y) else (y, x)
        if longer.endswith("a") and longer[:-1] == shorter:
            return Doubt.OTHER_SEX_FORM
        return None
    short = min(len(x), len(y)) <= _SHORT_NAME
    for i, (a, b) in enumerate(zip(vx, vy, strict=True)):
        pair = frozenset((a, b))
        if a == b or pair in _VOWELS_ALIKE:
            continue
        if (
            short
            or pair in _VOWELS_APART
            or (i == 0 and x[0] in _PHON_VOWELS and y[0] in _PHON_VOWELS)
        ):
            return Doubt.VOWELS_DIFFER
    return None


def _compare_close(q: PreparedPart, c: PreparedPart) -> PartMatch | None:
    """The exact, Latin or phonetic match of two parts, or None (the cheap checks only)."""
    qt, ct = q.part.text, c.part.text
    if qt == ct:
        return PartMatch(qt, ct, MatchMethod.EXACT, SCORE_EXACT, key=qt)
    shared = q.latin & c.latin
    if shared:
        return PartMatch(qt, ct, MatchMethod.LATIN, SCORE_LATIN, key=min(shared))
    shared = q.phonetic & c.phonetic
    if shared:
        return PartMatch(qt, ct, MatchMethod.PHONETIC, SCORE_PHONETIC, key=min(shared))
    return None


def compare_parts(q: PreparedPart, c: PreparedPart, *, prefix_ok: bool = False) -> PartMatch:
    """Compare one typed part with one stored part.

    Args:
        q: The typed part.
        c: The stored part.
        prefix_ok: The typed part may be unfinished (the last part of search-as-you-type).

    Returns:
        The best way they match; ``method`` is ``None`` and ``score`` 0 when they do not.
    """
    close = _compare_close(q, c)
    if close is not None:
        return close
    qt, ct = q.part.text, c.part.text
    qg, cg = _ending_gender(q), _ending_gender(c)
    conflict = qg is not None and cg is not None and qg != cg
    hypo = _hypocorism(q, c)
    if hypo is not None:
        return PartMatch(qt, ct, MatchMethod.HYPOCORISM, SCORE_HYPOCORISM, key=hypo)
    shared = q.skeletons & c.skeletons
    if shared:
        r = _ratio(q.phonetic, c.phonetic)
        score = 0.56 + 0.35 * r
        return PartMatch(qt, ct, MatchMethod.SKELETON, score, key=min(shared), ratio=r,
                         sex_conflict=conflict, doubt=_vowel_doubt(q, c))  # fmt: skip
    shared = q.stem_skeletons & c.stem_skeletons
    # A patronymic's stem is the father's name: "Ivanovich" never stands for "Ivanov".
    same_kind = (q.part.role is PartRole.PATRONYMIC) == (c.part.role is PartRole.PATRONYMIC)
    if shared and same_kind and (q.part.ending or c.part.ending):
        r = _ratio(q.phonetic, c.phonetic)
        return PartMatch(qt, ct, MatchMethod.STEM, SCORE_STEM, key=min(shared), ratio=r,
                         sex_conflict=conflict)  # fmt: skip
    if len(qt) == 1:
        if any(x.startswith(qt) for x in c.latin) or ct.startswith(qt):
            return PartMatch(qt, ct, MatchMethod.INITIAL, SCORE_INITIAL)
        return PartMatch(qt, None, None, 0.0)
    if prefix_ok and len(qt) >= 2:
        for form in (ct, *c.latin):
            for typed in (qt, *q.latin):
                if len(typed) < len(form) and form.startswith(typed):
                    return PartMatch(qt, ct, MatchMethod.PREFIX, SCORE_PREFIX, key=typed)
    swapped = _transposition(q.latin, c.latin) or _transposition(q.phonetic, c.phonetic)
    if swapped is not None:
        return PartMatch(qt, ct, MatchMethod.TRANSPOSED, SCORE_TRANSPOSED, key=swapped,
                         sex_conflict=conflict)  # fmt: skip
    r = max(
        _ratio(q.latin, c.latin, FUZZY_MIN_RATIO), _ratio(q.phonetic, c.phonetic, FUZZY_MIN_RATIO)
    )
    if r >= FUZZY_MIN_RATIO:
        return PartMatch(qt, ct, MatchMethod.FUZZY, r * FUZZY_FACTOR, ratio=r,
                         sex_conflict=conflict, doubt=Doubt.CONSONANT_DIFFERS)  # fmt: skip
    return PartMatch(qt, None, None, 0.0, ratio=r)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How a whole typed name matched one stored spelling."""

    score: float
    min_part: float
    counted: int
    solid: int
    parts: tuple[PartMatch, ...]
    evidence: tuple[Evidence, ...]
    spelling: PreparedName


@lru_cache(maxsize=4096)
def _joined(a: PreparedPart, b: PreparedPart) -> PreparedPart:
    """Two adjacent parts written as one ("Abdul Aziz" -> "abdulaziz")."""
    text = a.part.text + b.part.text
    stem, ending = split_ending(text)
    part = NamePart(
        text=text,
        stem=stem,
        ending=ending.suffix if ending else "",
        role=ending.role if ending else PartRole.NAME,
        gender=ending.gender if ending else None,
        script=a.part.script,
        position=a.part.position,
    )
    return prepare_part(part)


def _match_joined(
    qs: tuple[PreparedPart, ...],
    cs: tuple[PreparedPart, ...],
    used_q: set[int],
    used_c: set[int],
    chosen: dict[int, PartMatch],
) -> set[int]:
    """Pair leftover parts that one side writes as two words and the other as one.

    "Abdul Aziz" / "Abdulaziz", "Abdul-Aziz" / "Abdulaziz", "Mamyt uulu" is handled by the
    parser. Only parts left unmatched by the first pass are tried, so ordinary names cost
    nothing extra.

    Returns:
        Query indices absorbed into the part before them.
    """
    merged: set[int] = set()
    for i in range(len(qs) - 1):
        if i in used_q or i + 1 in used_q:
            continue
        joined = _joined(qs[i], qs[i + 1])
        for j, c in enumerate(cs):
            if j in used_c:
                continue
            pm = compare_parts(joined, c)
            if pm.method is not None and pm.score >= POSSIBLE_MIN_PART:
                used_q.update((i, i + 1))
                used_c.add(j)
                chosen[i] = PartMatch(f"{qs[i].part.text} {qs[i + 1].part.text}", pm.stored_part,
                                      pm.method, pm.score, pm.key, pm.ratio)  # fmt: skip
                merged.add(i + 1)
                break
    for j in range(len(cs) - 1):
        if j in used_c or j + 1 in used_c:
            continue
        joined = _joined(cs[j], cs[j + 1])
        for i, q in enumerate(qs):
            if i in used_q:
                continue
            pm = compare_parts(q, joined)
            if pm.method is not None and pm.score >= POSSIBLE_MIN_PART:
                used_q.add(i)
                used_c.update((j, j + 1))
                chosen[i] = PartMatch(q.part.text, f"{cs[j].part.text} {cs[j + 1].part.text}",
                                      pm.method, pm.score, pm.key, pm.ratio)  # fmt: skip
                break
    return merged


_LOOSE = frozenset({MatchMethod.FUZZY, MatchMethod.TRANSPOSED})


def _pair(
    qs: tuple[PreparedPart, ...],
    cs: tuple[PreparedPart, ...],
    pairs: list[tuple[float, int, int, PartMatch]],
    *,
    loose_ok: bool,
    join: bool = True,
) -> tuple[set[int], set[int], dict[int, PartMatch], set[int]]:
    """Greedy pairing, best pair first, then the joined-word pass on what is left."""
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen: dict[int, PartMatch] = {}
    for _score, i, j, pm in pairs:
        if i in used_q or j in used_c or (not loose_ok and pm.method in _LOOSE):
            continue
        used_q.add(i)
        used_c.add(j)
        chosen[i] = pm
    merged: set[int] = set()
    # The joined-word pass is quadratic: names have a handful of parts, so it is skipped
    # for anything longer (a pasted paragraph).
    if join and len(used_q) < len(qs) and len(used_c) < len(cs) and len(qs) + len(cs) <= 10:
        merged = _match_joined(qs, cs, used_q, used_c, chosen)
    return used_q, used_c, chosen, merged


def _is_patronymic(p: PreparedPart) -> bool:
    return p.part.role is PartRole.PATRONYMIC


def compare_names(query: PreparedName, stored: PreparedName, *, partial: bool = False) -> NameMatch:
    """Compare a typed name with one stored spelling, in any part order.

    Parts are paired greedily, best pair first (names have at most a handful of parts, and
    greedy pairing gives the same result as an optimal one on every real case we met while
    costing a fraction of it on the first-page budget).

    Args:
        query: The typed name.
        stored: One stored spelling.
        partial: The last typed part may be unfinished.
    """
    qs = query.name_parts
    cs = stored.name_parts
    last = len(qs) - 1
    pairs: list[tuple[float, int, int, PartMatch]] = []
    if not partial:
        # Fast path for the common case (and the crowded first page): every typed part
        # has an exact, Latin or phonetic counterpart. Those outscore every looser method,
        # so greedy pairing would choose them first anyway.
        for i, q in enumerate(qs):
            for j, c in enumerate(cs):
                cheap = _compare_close(q, c)
                if cheap is not None:
                    pairs.append((cheap.score, i, j, cheap))
        pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
        fast = _pair(qs, cs, pairs, loose_ok=False, join=False)
        if len(fast[0]) < len(qs):
            pairs = []
    if not pairs:
        for i, q in enumerate(qs):
            for j, c in enumerate(cs):
                pm = compare_parts(q, c, prefix_ok=partial and i == last)
                if pm.method is not None:
                    pairs.append((pm.score, i, j, pm))
        pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_q, used_c, chosen, merged = _pair(qs, cs, pairs, loose_ok=True)
    if len(qs) != len(cs) and any(pm.method in _LOOSE for pm in chosen.values()):
        # "Akbota" is nearer "Ак Бота" joined than "Бота" alone: a loose pair must not take
        # a part that the joined-word pass would match properly.
        alt = _pair(qs, cs, pairs, loose_ok=False)
        if len(alt[0]) >= len(used_q) and sum(pm.method in _LOOSE for pm in alt[2].values()) < sum(
            pm.method in _LOOSE for pm in chosen.values()
        ):
            used_q, used_c, chosen, merged = alt
    return _tally(qs, cs, used_c, chosen, merged, stored)


def _tally(
    qs: tuple[PreparedPart, ...],
    cs: tuple[PreparedPart, ...],
    used_c: set[int],
    chosen: dict[int, PartMatch],
    merged: set[int],
    stored: PreparedName,
) -> NameMatch:
    """The name match from the chosen pairs: per-part results, evidence and the score."""
    results: list[PartMatch] = []
    evidence: list[Evidence] = []
    total = 0.0
    counted = 0
    min_part = 1.0
    stored_has_patronymic = any(_is_patronymic(c) for c in cs)
    for i, q in enumerate(qs):
        if i in merged:
            continue
        found = chosen.get(i)
        if found is not None:
            pm = found
        else:
            pm = PartMatch(q.part.text, None, None, 0.0)
            data = {"query_part": q.part.text}
            if _is_patronymic(q) and not stored_has_patronymic and len(used_c) == len(cs):
                # Many spellings (passports, Latin bulletins) simply leave patronymics out;
                # that is no evidence either way as long as nothing else is left over.
                evidence.append(Evidence(Code.PATRONYMIC_ABSENT, Effect.NEUTRAL, data))
                results.append(pm)
                continue
            if _is_patronymic(q) and stored_has_patronymic:
                evidence.append(Evidence(Code.PATRONYMIC_DIFFERS, Effect.WEAKENS, data))
            else:
                evidence.append(Evidence(Code.NAME_PART_UNMATCHED, Effect.NEUTRAL, data))
        if pm.sex_conflict:
            evidence.append(Evidence(Code.ENDING_SEX_CONFLICT, Effect.WEAKENS,
                                     {"query_part": pm.query_part,
                                      "stored_part": pm.stored_part}))  # fmt: skip
        results.append(pm)
        total += pm.score
        counted += 1
        min_part = min(min_part, pm.score)
    score = total / counted if counted else 0.0
    if not counted:
        min_part = 0.0
    solid = sum(1 for pm in results if pm.method is not None and pm.method.value in SOLID_METHODS)
    return NameMatch(score, min_part, counted, solid, tuple(results), tuple(evidence), stored)

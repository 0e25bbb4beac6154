"""Everyday short forms of given names (hypocorisms), as data.

Officers and witnesses say *Sasha*, *Dima*, *Natasha*; records hold *Александр*, *Дмитрий*,
*Наталья*. A typed short form is matched against the full names it stands for, in any
script (the short forms are compared through the same phonetic forms as everything else,
so ``Seryozha``, ``Serezha`` and ``Серёжа`` are one form). A match through this table is
never *strong* on its own: it scores :data:`app.search.score.SCORE_HYPOCORISM`.

Sources:

* Russian: N. A. Petrovsky, *Словарь русских личных имён* (Moscow, Sovetskaya
  entsiklopediya, 1966; 2nd ed. 1980), which lists for every name its colloquial and
  diminutive forms; only the forms in everyday adult use are kept (no ``-очка/-енька``
  endearments, which are not written in records or statements).
* Central Asian: the Russian-language short forms used in the region for names that begin
  with ``Гуль-/Гул-`` ("flower") and for ``Алия``; they are common usage rather than a
  dictionary entry, and are kept to the few that are unambiguous.

Keep it as data: one full name (Cyrillic, as recorded) -> its short forms (Cyrillic). A
short form may stand for several full names (``Слава``, ``Саша``, ``Женя``).
"""

from __future__ import annotations

from collections.abc import Mapping

HYPOCORISMS: Mapping[str, tuple[str, ...]] = {
    # --- Russian, male -------------------------------------------------------------------
    "Александр": ("Саша", "Шура", "Саня", "Санёк", "Алекс"),
    "Алексей": ("Лёша", "Алёша", "Лёха"),
    "Анатолий": ("Толя", "Толик"),
    "Андрей": ("Андрюша", "Андрюха"),
    "Антон": ("Тоша",),
    "Арсений": ("Сеня",),
    "Артём": ("Тёма",),
    "Борис": ("Боря",),
    "Валентин": ("Валя",),
    "Валерий": ("Валера",),
    "Василий": ("Вася",),
    "Виктор": ("Витя",),
    "Виталий": ("Виталик",),
    "Владимир": ("Володя", "Вова", "Вовка"),
    "Владислав": ("Влад", "Слава"),
    "Вячеслав": ("Слава",),
    "Геннадий": ("Гена",),
    "Георгий": ("Жора", "Гоша", "Гога"),
    "Григорий": ("Гриша",),
    "Дмитрий": ("Дима", "Митя"),
    "Евгений": ("Женя",),
    "Иван": ("Ваня",),
    "Илья": ("Илюша",),
    "Кирилл": ("Киря",),
    "Константин": ("Костя",),
    "Леонид": ("Лёня",),
    "Максим": ("Макс",),
    "Михаил": ("Миша",),
    "Николай": ("Коля",),
    "Павел": ("Паша",),
    "Пётр": ("Петя",),
    "Роман": ("Рома",),
    "Семён": ("Сеня",),
    "Сергей": ("Серёжа", "Серёга"),
    "Станислав": ("Стас", "Слава"),
    "Степан": ("Стёпа",),
    "Тимофей": ("Тима",),
    "Фёдор": ("Федя",),
    "Эдуард": ("Эдик",),
    "Юрий": ("Юра",),
    "Ярослав": ("Слава",),
    # --- Russian, female -------------------------------------------------------------------
    "Александра": ("Саша", "Шура"),
    "Алла": ("Аля",),
    "Анастасия": ("Настя",),
    "Анна": ("Аня", "Нюра"),
    "Антонина": ("Тоня",),
    "Валентина": ("Валя",),
    "Виктория": ("Вика",),
    "Галина": ("Галя",),
    "Дарья": ("Даша",),
    "Евгения": ("Женя",),
    "Екатерина": ("Катя",),
    "Елена": ("Лена",),
    "Елизавета": ("Лиза",),
    "Зинаида": ("Зина",),
    "Ирина": ("Ира",),
    "Ксения": ("Ксюша",),
    "Лариса": ("Лара",),
    "Любовь": ("Люба",),
    "Людмила": ("Люда", "Мила"),
    "Маргарита": ("Рита",),
    "Мария": ("Маша",),
    "Надежда": ("Надя",),
    "Наталья": ("Наташа",),
    "Наталия": ("Наташа",),
    "Ольга": ("Оля",),
    "Полина": ("Поля",),
    "Светлана": ("Света",),
    "Софья": ("Соня",),
    "София": ("Соня",),
    "Тамара": ("Тома",),
    "Татьяна": ("Таня",),
    "Юлия": ("Юля",),
    # --- Central Asian names, Russian-language short forms -------------------------------
    "Гульнара": ("Гуля",),
    "Гулнора": ("Гуля",),
    "Гульмира": ("Гуля",),
    "Гульнур": ("Гуля",),
    "Гульшат": ("Гуля",),
    "Алия": ("Аля",),
}


def short_forms() -> dict[str, tuple[str, ...]]:
    """Short form (Cyrillic) -> the full names it stands for."""
    out: dict[str, list[str]] = {}
    for full, shorts in HYPOCORISMS.items():
        for short in shorts:
            out.setdefault(short, []).append(full)
    return {k: tuple(v) for k, v in out.items()}

"""The one place that turns dates, times and numbers into text for the interface.

Every screen, the PDF export and the dialogs use these functions, so a date reads the same
everywhere and is never ambiguous:

* Russian: ``03.12.2026``, ``03.12.2026 07:05``, numbers ``10 000`` and ``1,5``;
* English: ``3 Dec 2026``, ``3 Dec 2026 07:05`` (never the US ``12/3/26``), numbers
  ``10,000`` and ``1.5``;
* partial dates (real notices carry ``1975/00/00``): ``1975``, ``08.1975`` / ``Aug 1975``;
* times are shown in the PC's local zone; where it matters (server times, the next
  attempt, About) the zone is written out: ``07:05 (UTC+05:00)``.

Plain Python (no Qt): the language is set by :func:`ui.i18n.install_language`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

#: Thousands separator in Russian: a no-break space, so "10 000" never breaks in two.
NBSP = "\u00a0"

_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_language = "ru"


def set_language(language: str) -> None:
    """Format for ``language`` ("ru" or "en"; anything else formats as English)."""
    global _language
    _language = language


def language() -> str:
    return _language


def qt_date_format(lang: str | None = None) -> str:
    """The same date format for Qt's date fields (``QDateEdit.setDisplayFormat``)."""
    return "dd.MM.yyyy" if (lang or _language) == "ru" else "d MMM yyyy"


def fmt_date(value: date | datetime | None, lang: str | None = None) -> str:
    """A calendar date: ``03.12.2026`` (ru), ``3 Dec 2026`` (en); "—" when unknown."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    return fmt_partial_date(value.year, value.month, value.day, lang)


def fmt_iso_date(text: str, lang: str | None = None) -> str:
    """A date stored as ISO text ("2026-12-10") in the one format; other text unchanged."""
    try:
        return fmt_date(date.fromisoformat(text), lang)
    except ValueError:
        return text


def fmt_partial_date(
    year: int | None, month: int | None = None, day: int | None = None, lang: str | None = None
) -> str:
    """A date of which parts may be unknown (0 or None): ``1980``, ``08.1980``, ``Aug 1980``.

    Returns "" when the year is unknown (the caller says "date of birth unknown"); a day
    without a month is dropped, since it means nothing alone.
    """
    lang = lang or _language
    if not year:
        return ""
    if not month or not 1 <= month <= 12:
        return f"{year:04d}"
    if lang == "ru":
        return f"{day:02d}.{month:02d}.{year:04d}" if day else f"{month:02d}.{year:04d}"
    name = _EN_MONTHS[month - 1]
    return f"{day} {name} {year:04d}" if day else f"{name} {year:04d}"


def _local(value: datetime) -> datetime:
    """``value`` in the PC's zone (a naive value is UTC, as the store keeps them)."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone()


def zone_name(value: datetime) -> str:
    """The zone of a local time as an offset: ``UTC+05:00``, ``UTC``."""
    offset = value.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def fmt_time(value: datetime | None, *, zone: bool = False, lang: str | None = None) -> str:
    """A moment in the PC's local time with its date: ``03.12.2026 07:05``.

    Args:
        zone: add the zone, ``03.12.2026 07:05 (UTC+05:00)``, where a reader may compare
            it with another office's clock (server times, About, the next attempt).
    """
    if value is None:
        return "—"
    local = _local(value)
    text = f"{fmt_date(local, lang)} {local:%H:%M}"
    return f"{text} ({zone_name(local)})" if zone else text


def fmt_clock(value: datetime, lang: str | None = None) -> str:
    """Only the local time of day, ``07:05:09`` (for "saved at")."""
    return f"{_local(value):%H:%M:%S}"


def fmt_int(n: int, lang: str | None = None) -> str:
    """``10 000`` (ru, no-break space) or ``10,000`` (en)."""
    lang = lang or _language
    text = f"{int(n):,}"
    return text.replace(",", NBSP) if lang == "ru" else text


def fmt_decimal(x: float, digits: int = 1, lang: str | None = None) -> str:
    """``1,5`` (ru) or ``1.5`` (en), with grouped thousands."""
    lang = lang or _language
    text = f"{x:,.{digits}f}"
    if lang == "ru":
        return text.replace(",", NBSP).replace(".", ",")
    return text


__all__ = [
    "NBSP",
    "fmt_clock",
    "fmt_date",
    "fmt_decimal",
    "fmt_int",
    "fmt_partial_date",
    "fmt_time",
    "set_language",
    "zone_name",
]

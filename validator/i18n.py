"""Reports in Chinese: the language of rule titles, messages and report texts (issue 15), through the standard
library's gettext.

    _("the footer shows no ICP filing or licence number")           a fixed text
    _("ICP number {number} is a placeholder").format(number=...)    a text with values: the template is the msgid
    ngettext("{count} file", "{count} files", count).format(count=count)

The English text is the msgid itself, so English output needs no catalog and is byte-identical to what the code
says. Chinese (zh-CN) comes from `validator/locale/zh_CN/LC_MESSAGES/pav.mo`, compiled from `pav.po` beside it and
committed (README, "Reports in Chinese": why shipped compiled, and `make i18n` to rebuild it); the catalog and the
gettext module are loaded only when zh-CN is chosen, so an English run pays nothing at start-up.

Which language: `--lang`, else `lang` in the configuration, else the locale (`language_from_environment`), else
English. The language is the run's: it travels in `Config.lang` to worker processes and Dask workers, and the
engine makes it current (`use_language`) wherever it checks records, because that is where messages are made.
It is process-wide state (as gettext's own `install`), set again by every engine before it checks: one process
checks one run at a time.

Rule ids, JSON keys, SARIF and JUnit structure never change with the language; only texts meant for people do.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

ENGLISH = "en"
CHINESE = "zh-CN"
LANGUAGES: tuple[str, ...] = (CHINESE, ENGLISH)
DOMAIN = "pav"
LOCALE_DIR = Path(__file__).parent / "locale"
# The locale folder of each language with a catalog (gettext's naming: underscore, region upper case).
_CATALOG_NAMES = {CHINESE: "zh_CN"}
# The environment variables gettext reads, in its order (the first one set wins).
LOCALE_VARIABLES: tuple[str, ...] = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class _Catalog(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, count: int, /) -> str: ...


_active: _Catalog | None = None  # None: English, the msgids themselves
_language = ENGLISH
_loaded: dict[str, _Catalog] = {}


def _(message: str) -> str:
    """`message` in the current language (the English msgid itself when it is English or untranslated)."""
    if _active is None:
        return message
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` for `count`, in the current language (Chinese has one form)."""
    if _active is None:
        return singular if count == 1 else plural
    return _active.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a text for the catalog where it is defined (a table of labels); `_()` translates it where used."""
    return message


def plural(count: int, singular: str, plural: str, **values: object) -> str:
    """`ngettext(singular, plural, count)` with `{count}` (and any other `values`) filled in: "3 files", "3 个文件"."""
    return ngettext(singular, plural, count).format(count=count, **values)


def current_language() -> str:
    return _language


def use_language(language: str | None) -> None:
    """Make `language` (zh-CN or en; None is English) the one texts are given in, loading its catalog once."""
    global _active, _language
    language = language or ENGLISH
    if language == _language:
        return
    if language == ENGLISH:
        _active = None
    else:
        catalog = _loaded.get(language)
        if catalog is None:
            catalog = _loaded[language] = _load(language)
        _active = catalog
    _language = language


def _load(language: str) -> _Catalog:
    import gettext  # (here: only a Chinese run loads it)

    name = _CATALOG_NAMES.get(language)
    if name is None:
        raise ValueError(f"no catalog for language {language!r} (pav speaks {', '.join(LANGUAGES)})")
    # fallback=False: a missing .mo is an error, not a silent switch to English.
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[name], fallback=False)


def parse_language(value: str) -> str | None:
    """A language as a user or a locale writes it, as pav's name for it: zh-CN, zh_CN, zh_CN.UTF-8, zh-Hans, zh
    and zh-SG (Simplified Chinese) -> zh-CN; en, en_US.UTF-8, C, POSIX -> en; anything else (fr_FR, zh_TW,
    zh-Hant: no catalog) -> None."""
    text = value.strip().split(".", 1)[0].split("@", 1)[0].replace("_", "-").lower()
    if not text:
        return None
    if text in ("c", "posix") or text == "en" or text.startswith("en-"):
        return ENGLISH
    parts = text.split("-")
    if parts[0] != "zh":
        return None
    rest = parts[1:]
    if not rest or rest[0] in ("cn", "hans", "sg") or rest[:2] == ["hans", "cn"]:
        return CHINESE
    return None


def language_from_environment(environ: Mapping[str, str]) -> str:
    """The language the locale asks for, read as gettext reads it: the first of LANGUAGE, LC_ALL, LC_MESSAGES and
    LANG that is set, and only that one (as Python's `gettext.find`); it may list several (`LANGUAGE=fr:zh_CN`), and
    the first one pav has is taken (English counts as had). Nothing pav has (`LC_ALL=fr_FR.UTF-8`): English."""
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            found = parse_language(item)
            if found is not None:
                return found
        return ENGLISH  # (as Python's gettext.find: only the first variable set is read)
    return ENGLISH


def resolve_language(given: str | None, configured: str | None, environ: Mapping[str, str]) -> str:
    """The run's language: `--lang`, else the configuration's `lang`, else the locale."""
    return given or configured or language_from_environment(environ)


def language_argument(value: str) -> str:
    """`--lang` as argparse's `type`: zh-CN or en (and the spellings `parse_language` knows)."""
    import argparse

    found = parse_language(value)
    if found is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not one of {', '.join(LANGUAGES)}")
    return found

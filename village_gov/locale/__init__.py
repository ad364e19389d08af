"""The gettext catalogs of the command line's help and of Click's own messages.

Two domains live under ``village_gov/locale/zh_CN/LC_MESSAGES/``:

* ``village_gov`` — the help of every command and option, and the placeholders of option values.
  The English text in the code (``help=…``, docstrings, ``metavar=…``) is the msgid;
* ``messages`` — the strings Click and Typer print themselves ("Usage:", "Missing option",
  "[default: …]" …), under the msgids Click passes to :func:`gettext.gettext`.

``.po`` files are the source; the ``.mo`` files next to them are compiled with Babel
(``pybabel compile -d village_gov/locale -D village_gov`` and ``-D messages``) and committed, so
running the program needs no Babel.  English needs no catalog: the msgids are English.
Catalogs are read the first time a string is looked up, never at start-up.
"""

from __future__ import annotations

import gettext
import inspect
import os
from pathlib import Path
from typing import overload

LOCALEDIR = Path(__file__).resolve().parent
LOCALE = "zh_CN"
_loaded: dict[str, gettext.NullTranslations] = {}


def catalog(domain: str) -> gettext.NullTranslations:
    """The domain's translations for the current language (English: none, the msgids are English)."""
    from village_gov.core.i18n import get_lang

    if get_lang() != "zh":
        return _null()
    if domain not in _loaded:
        try:
            with open(LOCALEDIR / LOCALE / "LC_MESSAGES" / f"{domain}.mo", "rb") as fp:
                _loaded[domain] = gettext.GNUTranslations(fp)
        except OSError:
            _loaded[domain] = gettext.NullTranslations()
    return _loaded[domain]


def _null() -> gettext.NullTranslations:
    if "" not in _loaded:
        _loaded[""] = gettext.NullTranslations()
    return _loaded[""]


@overload
def help_text(msgid: str) -> str: ...
@overload
def help_text(msgid: None) -> None: ...
def help_text(msgid: str | None) -> str | None:
    """A help text, placeholder or docstring in the current language (docstrings are looked up dedented)."""
    if not msgid:
        return msgid
    return catalog("village_gov").gettext(inspect.cleandoc(msgid))


def click_text(msgid: str) -> str:
    """One of Click's own strings in the current language."""
    return catalog("messages").gettext(msgid)


def click_ntext(singular: str, plural: str, n: int) -> str:
    return catalog("messages").ngettext(singular, plural, n)


def activate_click_domain() -> None:
    """Let Click's and Typer's own ``gettext`` calls find the ``messages`` catalog in our language.

    They call :func:`gettext.gettext`, which takes the language from ``$LANGUAGE``; the program's
    language is chosen by ``--lang``/``$VILLAGE_GOV_LANG`` instead, so ``$LANGUAGE`` is set to it for
    this process (it changes nothing else the program prints).
    """
    from village_gov.core.i18n import get_lang

    gettext.bindtextdomain("messages", str(LOCALEDIR))
    os.environ["LANGUAGE"] = LOCALE if get_lang() == "zh" else "en"

"""The documented rules of village_gov/render/safe.py, each with its expected text written out by hand."""

from __future__ import annotations

import csv
import io
import json

from village_gov.render import safe


def test_terminal_placeholders():
    assert safe.terminal("\x00\x07\x08\t\r\x1b\x7f") == "␀␇␈␉␍␛␡"
    assert safe.terminal("a\x9bb\x85c") == "a�b�c"  # C1: CSI, NEL
    assert safe.terminal("\u202eevil\u2066") == "�evil�"  # bidi override, isolate
    assert safe.terminal("一\n二") == "一\n二"
    assert safe.terminal("一\n二", one_line=True) == "一␤二"
    assert safe.terminal("[/x] :smile: 陈一") == "[/x] :smile: 陈一"  # markup is not touched here: it is never parsed
    assert safe.terminal(None) == ""


def test_rich_text_keeps_its_length_and_styles():
    text = safe.text("\x1b[8m隐藏", style="bold")
    assert text.plain == "␛[8m隐藏" and str(text.style) == "bold"


def test_console_never_reads_markup_and_cleans_what_it_writes():
    buffer = io.StringIO()
    out = safe.console(file=buffer, width=40, color_system=None)
    out.print("[/x] [bold]粗[/bold] :thumbs_up: \x1b]0;t\x07")  # a str printed by mistake: still literal
    assert buffer.getvalue() == "[/x] [bold]粗[/bold] :thumbs_up: ␛]0;t␇\n"


def test_csv_cells():
    assert [safe.csv_cell(v) for v in ["=1+1", "+86", "-2", "@A1", "\tx", "\rx", "'q", "张三", "a-b"]] == \
        ["'=1+1", "'+86", "'-2", "'@A1", "'\tx", "'\rx", "''q", "张三", "a-b"]
    assert [safe.csv_cell(v) for v in [-10, -1.5, 0, True, None]] == ["-10", "-1.5", "0", "True", ""]
    assert safe.csv_cell("a\x1bb") == "a␛b"


def test_csv_lines_quote_cr_and_parse_back():
    line = safe.csv_line(["R1", "李\r四", 'say "hi"', "a,b", -3])
    assert line == 'R1,"李\r四","say ""hi""","a,b",-3\n'
    assert list(csv.reader(io.StringIO(line, newline=""))) == [["R1", "李\r四", 'say "hi"', "a,b", "-3"]]
    assert safe.csv_line([""]) == '""\n'
    assert safe.uncsv_cell("'=1+1") == "=1+1" and safe.uncsv_cell("''q") == "'q" and safe.uncsv_cell("张三") == "张三"


def test_markdown_escapes():
    assert safe.markdown("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert safe.markdown("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert safe.markdown("![i](http://x/y.png)") == "!\\[i\\](http://x/y.png)"
    assert safe.markdown("a|b\nc") == "a\\|b c"
    assert safe.markdown("\\[`&lt;") == "\\\\\\[\\`&amp;lt;"
    assert safe.markdown("\x1b[2J") == "␛\\[2J"


def test_json_escapes_c1_and_round_trips():
    value = {"name": "a\x9bb\x7f\u202ec\x1b"}
    dumped = safe.json_safe(json.dumps(value, ensure_ascii=False))
    assert dumped == '{"name": "a\\u009bb\\u007f\\u202ec\\u001b"}'
    assert json.loads(dumped) == value


def test_progress_bar_shows_a_stage_as_text(monkeypatch):
    """The import progress bar (terminals only) prints its stage through the safe console, never as markup."""
    from village_gov.render import output
    from village_gov.render.progress import ImportProgress

    buffer = io.StringIO()
    monkeypatch.setattr(output, "console", lambda stderr=False: safe.console(
        file=buffer, force_terminal=True, width=60, color_system=None))
    with ImportProgress() as update:
        update("[/x]\x1b]0;t\x07", 1, 2)
    shown = buffer.getvalue()
    assert "[/x]␛]0;t␇" in shown
    assert "\x07" not in shown and "\x1b]" not in shown


def test_progress_bar_names_the_import_stages_in_the_clerks_language(monkeypatch):
    from village_gov.core.i18n import set_lang
    from village_gov.render import output
    from village_gov.render.progress import ImportProgress

    for lang, expected in (("zh", ["校验", "写入"]), ("en", ["validate", "write"])):
        buffer = io.StringIO()
        monkeypatch.setattr(output, "console", lambda stderr=False, buffer=buffer: safe.console(
            file=buffer, force_terminal=True, width=60, color_system=None))
        set_lang(lang)
        try:
            with ImportProgress() as update:
                update("validate", 1, 2)
                update("write", 1, 2)
        finally:
            set_lang(None)
        shown = buffer.getvalue()
        assert all(word in shown for word in expected), (lang, shown)

"""Messages of the spreadsheet reader (``sheet.*``): reading .xlsx, .xls, .ods and .csv files."""

MESSAGES: dict[str, tuple[str, str]] = {
    "sheet.read_as": ("{file}：按 {encoding} 编码读取", "{file}: read as {encoding}"),
    "sheet.unreadable": ("无法作为电子表格读取：{reason}", "cannot be read as a spreadsheet: {reason}"),
    # Why a workbook cannot be read (village_gov/core/sheets/broken.py); {suffix} is the file's extension.
    "sheet.encrypted": ("工作簿设有打开密码，无法读取；请在 Excel 或 WPS 中取消密码后另存，再导入",
                        "the workbook has a password to open it and cannot be read; remove the password in "
                        "Excel or WPS, save it and import it again"),
    "sheet.empty_file": ("文件是空的（0 字节），不是工作簿", "the file is empty (0 bytes), not a workbook"),
    "sheet.html": ("文件实为网页（HTML），只是扩展名为 {suffix}，并不是工作簿；请用 Excel 或 WPS 打开后另存为 .xlsx，"
                   "再导入",
                   "the file is a web page (HTML) named {suffix}, not a workbook; open it in Excel or WPS, save "
                   "it as .xlsx and import that"),
    "sheet.old_format": ("文件实为 Excel 97-2003 工作簿（.xls），扩展名却是 {suffix}；请把扩展名改为 .xls，"
                         "或在 Excel 或 WPS 中另存为 .xlsx",
                         "the file is an Excel 97-2003 workbook (.xls) named {suffix}; rename it to .xls, or "
                         "save it as .xlsx in Excel or WPS"),
    "sheet.new_format": ("文件实为新版工作簿（.xlsx 或 .ods），扩展名却是 {suffix}；请改正扩展名后再导入",
                         "the file is a newer workbook (.xlsx or .ods) named {suffix}; give it its right "
                         "extension and import it again"),
    "sheet.not_workbook": ("文件不是工作簿：内容不是 Excel、WPS 或 OpenDocument 表格，可能是别的文件被改成了 "
                           "{suffix} 扩展名",
                           "the file is not a workbook: its content is no Excel, WPS or OpenDocument spreadsheet; "
                           "perhaps another kind of file renamed to {suffix}"),
    "sheet.zip_not_book": ("文件是压缩包（zip），但里面没有工作簿",
                           "the file is a zip archive with no workbook inside"),
    "sheet.damaged": ("工作簿已损坏或不完整（可能下载或复制时中断），无法读取；请重新获取文件，或用 Excel 或 WPS "
                      "打开修复后另存",
                      "the workbook is damaged or incomplete (perhaps a download or copy stopped half way) and "
                      "cannot be read; get the file again, or open it in Excel or WPS to repair it and save it"),
    "sheet.damaged_part": ("工作簿内部数据已损坏，无法读取（{reason}）；请用 Excel 或 WPS 打开修复后另存",
                           "the workbook's content is damaged and cannot be read ({reason}); open it in Excel or "
                           "WPS to repair it and save it"),
    "sheet.zip_too_large": (
        "电子表格解压后过大（{size_mb} MB，上限 {limit_mb} MB），可能是恶意文件；请拆分为多个文件",
        "the spreadsheet is too large once unpacked ({size_mb} MB, limit {limit_mb} MB), perhaps a hostile "
        "file; split it into several files"),
    "sheet.zip_entries": ("电子表格内部文件过多（{count} 个，上限 {limit} 个），可能是恶意文件",
                          "the spreadsheet holds too many parts ({count}, limit {limit}), perhaps a hostile file"),
    "sheet.no_sheet": (
        "没有一个工作表对应台账的部分（工作表：{sheets}）；工作表名应为模板中的名称，如 {expected}",
        "no sheet matches a section of the ledger (sheets: {sheets}); name a sheet as in the template, "
        "e.g. {expected}"),
    "sheet.csv_section": (
        "无法从文件名 {name} 判断是哪一部分{hint_text}；请把文件命名为部分名（如 农户.csv、households.csv），"
        "或用 --section 指定",
        "cannot tell the section from the file name {name}{hint_text}; name the file after a section "
        "(e.g. 农户.csv, households.csv) or give --section"),
    "sheet.bad_section": ("--section 的值 {name} 不是台账的部分{hint_text}",
                          "--section {name} is not a section of the ledger{hint_text}"),
    "sheet.csv_utf16": (
        "文件是 UTF-16 编码（Excel 的「Unicode 文本」），无法读取；请在 Excel 中另存为「CSV UTF-8（逗号分隔）」"
        "或直接导入 .xlsx 文件",
        "the file is UTF-16 (Excel's \"Unicode text\"); save it from Excel as \"CSV UTF-8 (comma "
        "delimited)\" or import the .xlsx file itself"),
    "sheet.csv_encoding": ("文件既不是 UTF-8 也不是 GBK/GB18030 编码；请在 Excel 中另存为「CSV UTF-8（逗号分隔）」",
                           "the file is neither UTF-8 nor GBK/GB18030; save it from Excel as \"CSV UTF-8 "
                           "(comma delimited)\""),
    "sheet.csv_syntax": ("CSV 格式错误：{detail}", "CSV syntax error: {detail}"),
    "sheet.no_header": ("找不到表头行（前 {rows} 行中没有一行是本表的列名，如 {expected}）",
                        "no header row (none of the first {rows} rows holds this sheet's column names, "
                        "e.g. {expected})"),
    "sheet.unknown_header": ("未知的列名 {header}{hint_text}", "unknown column {header}{hint_text}"),
    "sheet.duplicate_header": ("列名 {header} 与第 {first} 列重复（同一字段）",
                               "column {header} repeats column {first} (the same field)"),
    "sheet.missing_column": ("缺少必填列 {header}", "required column {header} is missing"),
    "sheet.too_many_rows": ("一个工作表只能有一行（{section_label}），第 {first} 行之后又有一行",
                            "this sheet holds one row only ({section_label}); another follows row {first}"),
    "sheet.id_number_float": (
        "身份证号被 Excel 存成了数字（{value}），18 位数字超出 Excel 数字精度，末几位已丢失；"
        "请把该列设为「文本」后重新输入",
        "the ID number was stored by Excel as a number ({value}); 18 digits exceed Excel's number "
        "precision and the last digits are lost: set the column to Text and type it again"),
    "sheet.phone_float": (
        "电话被 Excel 存成了数字（{value}），可能已丢失开头的 0 或末几位；请把该列设为「文本」后重新输入",
        "the phone number was stored by Excel as a number ({value}); a leading 0 or the last digits may be "
        "lost: set the column to Text and type it again"),
    "sheet.scientific": (
        "{value} 是科学计数法，原来的数字已丢失；请把该列设为「文本」后重新输入",
        "{value} is in scientific notation and the original digits are lost: set the column to Text and "
        "type it again"),
}

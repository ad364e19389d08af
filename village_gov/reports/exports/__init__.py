"""Reports people open: workbooks, printable HTML and the village notice-board sheet.

The library side (this package) gathers the report dicts the other commands
print and the notice's public figures; ``village_gov.render.document`` shapes
them into sheets and ``village_gov.render.xlsx`` / ``.html`` write the files.
"""

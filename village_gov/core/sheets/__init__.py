"""Spreadsheets as import input: .xlsx, .xls, .ods (one sheet per section) and .csv (one section).

:func:`.reader.read_sheet_file` turns one file into the ``(file, data)`` documents the importer validates
like YAML documents: ``data`` maps a section to its records, each a
:class:`~village_gov.core.yamlio.Mapping` whose marks are cells, and each document's file is a
:class:`~village_gov.core.errors.SheetFile` (``花名册.xlsx!农户``) so every problem names its cell.

The package's modules: :mod:`.detect` (which files, the size and zip checks), :mod:`.csvread`
(encodings, rows), :mod:`.workbook` (python-calamine), :mod:`.broken` (why a workbook cannot be
read, in the clerk's words), :mod:`.names` (the names a clerk uses:
data), :mod:`.headers` (sheets and columns matched), :mod:`.cells` (values), :mod:`.rows`
(records with cell marks), :mod:`.reader` (a file's documents), :mod:`.messages`.  Importing the
package imports none of them.
"""

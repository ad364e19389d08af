"""Renderers: plain data (rows, trees, reports) to rich tables, JSON, CSV and Markdown.

The only part of the package besides ``village_gov.cli`` that imports rich.
"""

"""Rendering: styles and locales by name, collation, rich text, and the CSL engine adapter
(``csl.py`` is the only module that imports citeproc)."""

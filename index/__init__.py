"""Dossier's data layer: articles, the search index, actors and bookmarks.

Nothing in this package imports Textual; the app talks to it through
:mod:`index.api`.
"""

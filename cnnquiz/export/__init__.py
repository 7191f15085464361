"""Exporting the bank: Anki decks, CSV, JSON and Markdown."""

"""Matching claims against published verdicts: pure text handling
(tokens for the search index, query terms, scores). No database here."""

"""Matching claims against published verdicts, ours and other
fact-checkers': the search index, the ranking, ClaimReview import."""

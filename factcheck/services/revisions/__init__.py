"""Article revisions: a new text re-anchors every claim, and verdicts on
claims whose words changed go stale until an editor looks again."""

"""Use cases. Each takes the acting user and a session, checks permission,
changes state, writes its audit event and flushes. Callers commit."""

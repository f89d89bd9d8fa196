"""Workers: the Huey consumer that runs ledger jobs, the sweeper beside it,
and the worker ``factcheck demo`` runs inside its own process."""

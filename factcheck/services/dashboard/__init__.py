"""Figures for editors.

- ``figures``: the verification dashboard (``build_dashboard``).
- ``progress``: claims by status, verdicts, backlog.
- ``people``: reviewers' workload and agreement; attribution quality.
- ``sql``: the SQL expressions that differ between SQLite and PostgreSQL.
- ``overview``: the home page's totals and latest activity.
"""

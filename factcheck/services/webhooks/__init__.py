"""Webhooks: telling other systems (a CMS, partners) that a verdict or a
correction was published, a claim disputed, or an article changed under a
verdict.

- ``endpoints``: editors register, edit, delete, rotate and test endpoints.
- ``events``: record an event's deliveries in the caller's transaction.
- ``delivery``: workers claim due deliveries, send them signed, record the
  answer, retry with back-off and switch off endpoints that keep failing.
- ``sending``: one POST under the article fetcher's address rules.
- ``listing``: the endpoints page and each endpoint's delivery log.
- ``queue_wiring``: hands deliveries to the job queue when there is one.
"""

"""What the public may read: published verdicts, as they were published.

No login, no actor: everything here is public by construction. A verdict
shows only once its claim is published, and only its approved snapshot
(the text, chains and claimant it judged), never the claim as edited since;
reviewers, internal notes and drafts never leave the house.

- ``records``: the published fact-check as plain values, and the rows it is read from.
- ``listing``: the public list (filters, pages) and what changed last.
- ``detail``: one fact-check, with its evidence and dated corrections.
- ``feeds``: the entries of the Atom feed and the batches of the ClaimReview DataFeed.
- ``markup``: ClaimReview JSON-LD for a page and the DataFeed document.
"""

"""A claim's life after extraction.

- ``workflow``: taking, assigning and moving claims through their statuses.
- ``reviews``: review drafts, submission, blind review.
- ``verdicts``: editors decide, publish and reopen verdicts; corrections.
- ``queues``: what each person should look at next.
- ``notifications``: in-app notifications and the unread count.
"""

"""SQLAlchemy models, one aggregate per module. Importing this package
registers every table on ``db.metadata`` (migrations rely on it)."""

# figure_upkeep: imported for its flush hooks, which keep figure_counts current.
from factcheck.models import figure_upkeep  # noqa: F401
from factcheck.models.api_token import ApiToken
from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.claim_match import ClaimMatch, ClaimMatchFigure, ClaimMatchTerm
from factcheck.models.claim_vector import ClaimVector
from factcheck.models.correction import Correction, CorrectionKind
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument, MatchTerm
from factcheck.models.figures import FigureCount, SharedCacheEntry
from factcheck.models.job import ChainProposal, Job
from factcheck.models.notification import Notification, NotificationKind
from factcheck.models.review import Evidence, Review, ReviewRevision
from factcheck.models.revision import ArticleRevision, ClaimReanchor
from factcheck.models.source import Source, SourceAlias
from factcheck.models.throttle import ThrottleCounter
from factcheck.models.user import User
from factcheck.models.verdict import Verdict
from factcheck.models.webhook import WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiToken",
    "Article",
    "ArticleRevision",
    "Attribution",
    "AttributionHop",
    "AuditEvent",
    "ChainProposal",
    "Claim",
    "ClaimMatch",
    "ClaimMatchFigure",
    "ClaimMatchTerm",
    "ClaimReanchor",
    "ClaimVector",
    "Correction",
    "CorrectionKind",
    "Evidence",
    "ExternalVerdict",
    "FigureCount",
    "Job",
    "MatchDocument",
    "MatchTerm",
    "Notification",
    "NotificationKind",
    "Review",
    "ReviewRevision",
    "SharedCacheEntry",
    "Source",
    "SourceAlias",
    "ThrottleCounter",
    "User",
    "Verdict",
    "WebhookDelivery",
    "WebhookEndpoint",
]

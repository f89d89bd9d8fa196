"""SQLAlchemy models, one aggregate per module. Importing this package
registers every table on ``db.metadata`` (migrations rely on it)."""

from factcheck.models.article import Article
from factcheck.models.attribution import Attribution, AttributionHop
from factcheck.models.audit import AuditEvent
from factcheck.models.claim import Claim
from factcheck.models.claim_match import ClaimMatch, ClaimMatchFigure, ClaimMatchTerm
from factcheck.models.correction import Correction, CorrectionKind
from factcheck.models.external_verdict import ExternalVerdict, MatchDocument, MatchTerm
from factcheck.models.notification import Notification, NotificationKind
from factcheck.models.review import Evidence, Review, ReviewRevision
from factcheck.models.revision import ArticleRevision, ClaimReanchor
from factcheck.models.source import Source, SourceAlias
from factcheck.models.throttle import ThrottleCounter
from factcheck.models.user import User
from factcheck.models.verdict import Verdict

__all__ = [
    "Article",
    "ArticleRevision",
    "Attribution",
    "AttributionHop",
    "AuditEvent",
    "Claim",
    "ClaimMatch",
    "ClaimMatchFigure",
    "ClaimMatchTerm",
    "ClaimReanchor",
    "Correction",
    "CorrectionKind",
    "Evidence",
    "ExternalVerdict",
    "MatchDocument",
    "MatchTerm",
    "Notification",
    "NotificationKind",
    "Review",
    "ReviewRevision",
    "Source",
    "SourceAlias",
    "ThrottleCounter",
    "User",
    "Verdict",
]

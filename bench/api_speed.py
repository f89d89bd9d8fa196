"""``GET /api/v1/claims`` against the web claim list it mirrors, in one run,
on a synthetic archive, on SQLite and on PostgreSQL (the issue's target: the
API within 2x the web list's time at 100,000 claims).

    python bench/api_speed.py [--claims 100000] [--runs 30] [--pg URL] [--only sqlite]

Each database is made, migrated and loaded as in bench/pages_speed.py (the
demo plus ``factcheck demo --synthetic``, then ANALYZE). The web list is
requested signed in as the demo editor; the API with a personal access
token of the same editor, rate limiting on (the token's counter is a
database row here: no Redis), so each API request pays its token check,
its counter and its last-use bookkeeping. Compared: the first page of the
list, the same with filters, and a deep page (the 100th: the web by page
number, the API by the cursor it would have been given there). Reported:
median and 95th percentile time in ms and the SQL statements of one
request, and the API's median as a multiple of the web's."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench.pages_speed import database, measure  # noqa: E402
from factcheck import create_app  # noqa: E402
from factcheck.demo import seed as demo  # noqa: E402
from factcheck.demo.synthetic import load_synthetic  # noqa: E402
from factcheck.domain.claims import ClaimStatus  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models.claim import Claim  # noqa: E402
from factcheck.models.user import User  # noqa: E402
from factcheck.services.core.actors import SystemActor  # noqa: E402
from factcheck.services.tokens import personal  # noqa: E402
from factcheck.web.api.paging import encode_cursor  # noqa: E402

DEEP_PAGE = 100
PER_PAGE = 50


def _deep_cursor(page: int) -> str:
    """The cursor the API gives after the claims of the web's page before."""
    created, claim_id = db.session.execute(
        sa.select(Claim.created_at, Claim.id).where(Claim.status != ClaimStatus.NOT_A_CLAIM)
        .order_by(Claim.created_at.desc(), Claim.id.desc())
        .offset((page - 1) * PER_PAGE - 1).limit(1)).one()
    return encode_cursor((created, claim_id))


def bench(kind: str, url: str, claims: int, runs: int) -> dict[str, dict[str, float]]:
    instance = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-" + "x" * 40,
                      "INSTANCE_PATH": str(instance), "WTF_CSRF_ENABLED": False,
                      "API_RATE_LIMIT": "100000 per minute", "ARGON2_TIME_COST": 1,
                      "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1})
    login = demo.DEMO_USERS[0]
    with app.app_context():
        upgrade()
        actor = SystemActor(label="bench")
        demo.load_demo(db.session, actor)
        started = time.perf_counter()
        report = load_synthetic(db.session, actor, claims)
        db.session.commit()
        print(f"  {kind}: loaded {report.summary()} in {time.perf_counter() - started:.1f} s",
              flush=True)
        with db.engine.connect() as connection:
            connection.execute(sa.text("ANALYZE"))
            connection.commit()
        editor = db.session.scalar(sa.select(User).where(User.email == login.email))
        secret = personal.create_token(db.session, editor, name="bench",
                                       scopes=personal.scopes_for_role(editor.role),
                                       lifetime_days=1).secret
        db.session.commit()
        listed = db.session.scalar(sa.select(sa.func.count()).select_from(Claim)
                                   .where(Claim.status != ClaimStatus.NOT_A_CLAIM)) or 0
        deep = max(2, min(DEEP_PAGE, listed // PER_PAGE))
        cursor = _deep_cursor(deep)
        db.session.remove()
        engine = db.engine
    web = app.test_client()
    web.post("/login", data={"email": login.email, "password": login.password})
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    filters = "status=waiting&sourcing=anonymous"
    pairs = {
        "claims": ("/claims", "/api/v1/claims"),
        "claims (filtered)": (f"/claims?{filters}", f"/api/v1/claims?{filters}"),
        f"claims (page {deep})": (f"/claims?page={deep}",
                                       f"/api/v1/claims?cursor={cursor}"),
    }
    results: dict[str, dict[str, float]] = {}
    for name, (web_url, api_url) in pairs.items():
        results[f"web {name}"] = measure(web, engine, web_url, runs)
        results[f"api {name}"] = measure(api, engine, api_url, runs)
    with app.app_context():
        db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pg", default=os.environ.get("FACTCHECK_TEST_DATABASE_URL"))
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    kinds = [args.only] if args.only else ["sqlite", "postgresql"]
    table: dict[str, dict[str, dict[str, float]]] = {}
    for kind in kinds:
        with database(kind, args.pg) as url:
            table[kind] = bench(kind, url, args.claims, args.runs)
    print(f"\n{args.claims} claims, {args.runs} requests each (ms; statements per request)")
    print(f"{'request':<28}" + "".join(f"{kind + ' median':>20}{'p95':>9}{'stmts':>7}{'x web':>7}"
                                       for kind in kinds))
    for name in table[kinds[0]]:
        row = f"{name:<28}"
        for kind in kinds:
            figures: dict[str, Any] = table[kind][name]
            ratio = ""
            if name.startswith("api "):
                ratio = f"{figures['median'] / table[kind]['web ' + name[4:]]['median']:.2f}"
            row += (f"{figures['median']:>20.1f}{figures['p95']:>9.1f}"
                    f"{figures['statements']:>7.0f}{ratio:>7}")
        print(row)


if __name__ == "__main__":
    main()

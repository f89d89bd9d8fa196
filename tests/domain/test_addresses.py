"""The fetch deny list (issue 15, item 7): one case per range, chosen where
Python's ``is_global`` alone would have let it through when it could."""

from __future__ import annotations

import ipaddress

import pytest

from factcheck.domain.addresses import denied_because, parse_address

DENIED = [
    ("127.0.0.1", "loopback"),
    ("127.255.0.9", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.254", "private"),
    ("192.168.1.1", "private"),
    ("100.64.0.1", "shared address space (carrier NAT)"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("fd00::1", "unique-local"),
    ("fc00::1", "unique-local"),
    ("::ffff:127.0.0.1", "IPv4-mapped"),
    ("::ffff:8.8.8.8", "IPv4-mapped"),
    ("::127.0.0.1", "IPv4-compatible"),
    ("::10.0.0.1", "IPv4-compatible"),
    ("64:ff9b::7f00:1", "NAT64"),
    ("64:ff9b::808:808", "NAT64"),
    ("64:ff9b:1::1", "local NAT64"),
    ("2002:7f00:1::", "6to4"),
    ("2002:0808:0808::1", "6to4"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
    ("fec0::1", "site-local"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("0.0.0.0", "this network"),  # noqa: S104 - an address to refuse, not to bind
    ("::", "unspecified"),
    ("192.0.2.10", "documentation"),
    ("198.51.100.10", "documentation"),
    ("203.0.113.10", "documentation"),
    ("2001:db8::1", "documentation"),
    ("3fff::1", "documentation"),
    ("198.18.0.1", "benchmarking"),
    ("192.0.0.8", "IETF protocol assignments"),
    ("100::1", "discard-only"),
]


@pytest.mark.parametrize(("address", "why"), DENIED)
def test_each_denied_range_is_refused(address, why):
    reason = denied_because(parse_address(address))
    assert reason is not None
    # "reserved" covers broadcast, whose own reason names it.
    assert reason == why or (why == "reserved" and reason == "broadcast")


@pytest.mark.parametrize("address", ["::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::",
                                     "fec0::1"])
def test_ranges_is_global_lets_through_are_denied_by_the_list_itself(address):
    parsed = parse_address(address)
    assert denied_because(parsed) is not None
    # Where this Python's is_global wrongly says yes, the list is what refuses it.
    if parsed.is_global:
        assert denied_because(parsed) != "not a public address"


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "151.101.1.67",
                                     "2606:4700:4700::1111", "2a00:1450:4009:81f::200e"])
def test_public_addresses_are_allowed(address):
    assert denied_because(parse_address(address)) is None


def test_a_zone_id_is_dropped_before_checking():
    assert parse_address("fe80::1%eth0") == ipaddress.ip_address("fe80::1")
    assert denied_because(parse_address("fe80::1%eth0")) == "link-local"

"""Which network addresses a page may be fetched from.

An explicit deny list rather than ``ipaddress``'s ``is_global``: on the
Python this runs on, ``is_global`` passes ``::127.0.0.1`` (IPv4-compatible),
``64:ff9b::/96`` (NAT64), ``2002::/16`` (6to4) and ``fec0::/10``
(site-local), each of which can reach a machine inside the newsroom's
network. Both checks must pass: an address on neither list is still refused
when Python thinks it is not global."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class DeniedRange:
    network: Network
    why: str


def _ranges(*pairs: tuple[str, str]) -> tuple[DeniedRange, ...]:
    return tuple(DeniedRange(ipaddress.ip_network(cidr), why) for cidr, why in pairs)


DENIED = _ranges(
    # IPv4
    ("0.0.0.0/8", "this network"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "shared address space (carrier NAT)"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "6to4 relay"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
    ("255.255.255.255/32", "broadcast"),
    # IPv6
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::/96", "IPv4-compatible"),
    ("::ffff:0:0/96", "IPv4-mapped"),
    ("::ffff:0:0:0/96", "IPv4-translated"),
    ("64:ff9b::/96", "NAT64"),
    ("64:ff9b:1::/48", "local NAT64"),
    ("100::/64", "discard-only"),
    ("2001::/32", "Teredo"),
    ("2001::/23", "IETF protocol assignments"),
    ("2001:db8::/32", "documentation"),
    ("2002::/16", "6to4"),
    ("3fff::/20", "documentation"),
    ("5f00::/16", "segment routing"),
    ("fc00::/7", "unique-local"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local"),
    ("ff00::/8", "multicast"),
)


def parse_address(text: str) -> IPAddress:
    """An address as getaddrinfo gives it (a zone id like ``%eth0`` dropped)."""
    return ipaddress.ip_address(text.split("%", 1)[0])


def denied_because(address: IPAddress) -> str | None:
    """Why ``address`` may not be fetched from, or None when it may."""
    for denied in DENIED:
        if address.version == denied.network.version and address in denied.network:
            return denied.why
    if not address.is_global:
        return "not a public address"
    return None

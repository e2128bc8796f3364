"""Property tests of the address classifier against an oracle written independently of it.

The oracle is plain integer arithmetic over the IANA special-purpose address registries
(RFC 6890 and successors) as read for this test, not `ipaddress` networks and not the
table in `truthlens.addresses`. Outside the refused ranges every IPv4 address is public,
so the oracle decides every IPv4 address, and the classifier must agree exactly.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from truthlens.addresses import is_public_address

PROPERTY = settings(max_examples=100, deadline=None, database=None)


def _v4(dotted: str, prefix: int) -> tuple[int, int]:
    a, b, c, d = (int(part) for part in dotted.split("."))
    start = (a << 24) | (b << 16) | (c << 8) | d
    size = 1 << (32 - prefix)
    assert start % size == 0, dotted
    return start, start + size - 1


REFUSED_V4: dict[str, tuple[int, int]] = {
    "this network (0/8)": _v4("0.0.0.0", 8),
    "private 10/8": _v4("10.0.0.0", 8),
    "carrier-grade NAT 100.64/10": _v4("100.64.0.0", 10),
    "loopback 127/8": _v4("127.0.0.0", 8),
    "link-local and cloud metadata 169.254/16": _v4("169.254.0.0", 16),
    "private 172.16/12": _v4("172.16.0.0", 12),
    "IETF protocol assignments 192.0.0/24": _v4("192.0.0.0", 24),
    "TEST-NET-1 192.0.2/24": _v4("192.0.2.0", 24),
    "6to4 relay anycast 192.88.99/24": _v4("192.88.99.0", 24),
    "private 192.168/16": _v4("192.168.0.0", 16),
    "benchmarking 198.18/15": _v4("198.18.0.0", 15),
    "TEST-NET-2 198.51.100/24": _v4("198.51.100.0", 24),
    "TEST-NET-3 203.0.113/24": _v4("203.0.113.0", 24),
    "multicast 224/4": _v4("224.0.0.0", 4),
    "reserved and broadcast 240/4": _v4("240.0.0.0", 4),
}


def oracle_refuses_v4(value: int) -> bool:
    return any(low <= value <= high for low, high in REFUSED_V4.values())


ANY_V4 = st.integers(min_value=0, max_value=2**32 - 1)
REFUSED_RANGE = st.sampled_from(sorted(REFUSED_V4.values()))
IN_REFUSED_V4 = REFUSED_RANGE.flatmap(lambda r: st.integers(min_value=r[0], max_value=r[1]))
# Half the draws from the refused ranges: uniform draws would almost never land in a /24.
V4 = st.one_of(ANY_V4, IN_REFUSED_V4)


@PROPERTY
@given(V4)
def test_ipv4_agrees_with_the_oracle(value: int) -> None:
    assert is_public_address(IPv4Address(value)) is not oracle_refuses_v4(value)


@pytest.mark.parametrize("name", sorted(REFUSED_V4))
def test_range_edges(name: str) -> None:
    """The first and last address of each range are refused; their neighbours as the oracle says."""
    low, high = REFUSED_V4[name]
    assert not is_public_address(IPv4Address(low))
    assert not is_public_address(IPv4Address(high))
    for neighbour in (low - 1, high + 1):
        if 0 <= neighbour < 2**32:
            expected = not oracle_refuses_v4(neighbour)
            assert is_public_address(IPv4Address(neighbour)) is expected, IPv4Address(neighbour)


def mapped(v4: int) -> IPv6Address:
    return IPv6Address((0xFFFF << 32) | v4)  # ::ffff:a.b.c.d


def nat64(v4: int) -> IPv6Address:
    return IPv6Address((0x0064_FF9B << 96) | v4)  # 64:ff9b::a.b.c.d (RFC 6052)


def sixtofour(v4: int, site: int) -> IPv6Address:
    return IPv6Address((0x2002 << 112) | (v4 << 80) | site)  # 2002:AABB:CCDD::/48 (RFC 3056)


@PROPERTY
@given(IN_REFUSED_V4, st.integers(min_value=0, max_value=2**80 - 1))
@example(0x7F000001, 0)  # 127.0.0.1
@example(0xA9FEA9FE, 1)  # 169.254.169.254
def test_ipv6_wrappers_of_refused_ipv4_are_refused(v4: int, site: int) -> None:
    for wrapped in (mapped(v4), nat64(v4), sixtofour(v4, site)):
        assert not is_public_address(wrapped), wrapped


@PROPERTY
@given(V4, st.integers(min_value=0, max_value=2**80 - 1))
def test_ipv6_wrappers_follow_the_ipv4_inside(v4: int, site: int) -> None:
    """A wrapper reaches the IPv4 address it carries: public exactly when that one is."""
    expected = not oracle_refuses_v4(v4)
    for wrapped in (mapped(v4), nat64(v4), sixtofour(v4, site)):
        assert is_public_address(wrapped) is expected, wrapped


def _v6(prefix_value: int, prefix: int) -> st.SearchStrategy[IPv6Address]:
    host_bits = 128 - prefix
    return st.integers(min_value=0, max_value=2**host_bits - 1).map(
        lambda host: IPv6Address((prefix_value << host_bits) | host)
    )


REFUSED_V6 = {
    "IPv4-compatible, unspecified and loopback ::/96": _v6(0, 96),
    "local-use NAT64 64:ff9b:1::/48": _v6(0x0064_FF9B_0001, 48),
    "discard-only 100::/64": _v6(0x0100_0000_0000_0000, 64),
    "Teredo 2001::/32": _v6(0x2001_0000, 32),
    "documentation 2001:db8::/32": _v6(0x2001_0DB8, 32),
    "unique local fc00::/7": _v6(0xFC >> 1, 7),
    "link-local fe80::/10": _v6(0xFE80 >> 6, 10),
    "site-local fec0::/10": _v6(0xFEC0 >> 6, 10),
    "multicast ff00::/8": _v6(0xFF, 8),
}


@PROPERTY
@given(st.sampled_from(sorted(REFUSED_V6)).flatmap(lambda name: REFUSED_V6[name]))
@example(IPv6Address("fd00:ec2::254"))  # AWS metadata
@example(IPv6Address("::1"))
def test_refused_ipv6_ranges(ip: IPv6Address) -> None:
    assert not is_public_address(ip), ip


def _in_v6(ip: IPv6Address, prefix_value: int, prefix: int) -> bool:
    return int(ip) >> (128 - prefix) == prefix_value


GLOBAL_UNICAST = _v6(0b001, 3).filter(lambda ip: not _in_v6(ip, 0x2002, 16))  # minus 6to4
SPECIAL_UNICAST = ((0x2001_0000 >> 9, 23), (0x2001_0DB8, 32), (0x3FFF0, 20))


@PROPERTY
@given(
    st.one_of(
        GLOBAL_UNICAST,
        *(_v6(value, prefix) for value, prefix in SPECIAL_UNICAST),
    )
)
@example(IPv6Address("2001:200::1"))  # just past 2001::/23
@example(IPv6Address("2001:1ff:ffff::1"))  # the last /32 inside it
@example(IPv6Address("3fff:1000::1"))  # just past 3fff::/20
def test_global_unicast_is_public_outside_its_special_blocks(ip: IPv6Address) -> None:
    """2000::/3 is global unicast; of it only Teredo/IETF, documentation blocks are refused."""
    special = any(_in_v6(ip, value, prefix) for value, prefix in SPECIAL_UNICAST)
    assert is_public_address(ip) is not special, ip

from ipaddress import IPv6Address, ip_address

import pytest

from truthlens.addresses import embedded_ipv4, is_public_address


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.255.254",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",  # carrier-grade NAT
        "169.254.169.254",  # cloud metadata
        "224.0.0.1",  # multicast, which is_global lets through
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.0.170",
        "192.0.2.1",
        "198.18.0.1",
        "::",
        "::1",
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::808:808",  # local-use NAT64
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "2001:db8::1",
        "fc00::1",
        "fd00:ec2::254",  # AWS metadata over IPv6
        "fe80::1",
        "fe80::1%eth0",
        "fec0::1",
        "ff02::1",
        "100::1",
    ],
)
def test_refused(address: str) -> None:
    assert not is_public_address(ip_address(address))


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "1.1.1.1",
        "93.184.216.34",
        "2606:4700:4700::1111",
        "2a00:1450:4001:80b::200e",
        "::ffff:8.8.8.8",  # mapped public addresses reach the public address
        "64:ff9b::808:808",  # NAT64 of a public address is how IPv6-only networks reach it
        "2002:808:808::1",
    ],
)
def test_allowed(address: str) -> None:
    assert is_public_address(ip_address(address))


def test_embedded_ipv4() -> None:
    assert str(embedded_ipv4(IPv6Address("::ffff:127.0.0.1"))) == "127.0.0.1"
    assert str(embedded_ipv4(IPv6Address("64:ff9b::7f00:1"))) == "127.0.0.1"
    assert str(embedded_ipv4(IPv6Address("2002:7f00:1::"))) == "127.0.0.1"
    assert embedded_ipv4(IPv6Address("2606:4700:4700::1111")) is None

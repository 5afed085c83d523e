"""Hosts on one machine: a network namespace each, joined by a bridge of the
cluster's own, with addresses in a /24 of its own. The machine's loopback and
its other interfaces are never touched; `remove` deletes exactly what `make`
created (deleting a namespace deletes its end of the veth pair, and with it the
bridge's end)."""

import hashlib
import subprocess
from dataclasses import dataclass


class NetworkError(RuntimeError):
    pass


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and done.returncode:
        raise NetworkError(f"ip {' '.join(args)}: {done.stderr.strip()}")
    return done


@dataclass(frozen=True)
class Network:
    """Names and addresses derived from the cluster's folder, so two clusters
    (or a cluster and a leftover of a killed one) never share a name."""

    tag: str  # 6 characters: interface names are at most 15
    subnet: int  # the third octet of 10.213.X.0/24

    @classmethod
    def for_folder(cls, folder: str) -> "Network":
        digest = hashlib.sha256(folder.encode()).hexdigest()
        return cls(tag="dl" + digest[:4], subnet=20 + int(digest[4:8], 16) % 200)

    @property
    def bridge(self) -> str:
        return f"{self.tag}-br"

    @property
    def gateway(self) -> str:
        """The machine's own address on the bridge: tests and commands run here."""
        return self.address(1)

    def address(self, host: int) -> str:
        return f"10.213.{self.subnet}.{host}"

    def namespace(self, name: str) -> str:
        return f"{self.tag}-{name}"

    def exec(self, name: str) -> list[str]:
        """The prefix that runs a command inside host `name`."""
        return ["ip", "netns", "exec", self.namespace(name)]


def existing_namespaces() -> set[str]:
    listing = _ip("netns", "list").stdout
    return {line.split()[0] for line in listing.splitlines() if line.strip()}


def link_exists(name: str) -> bool:
    return _ip("link", "show", name, check=False).returncode == 0


def make(network: Network, hosts: dict[str, int]) -> None:
    """The bridge, then for each host a namespace with eth0 at its address."""
    if network.namespace("") in {n[: len(network.tag) + 1] for n in existing_namespaces()}:
        raise NetworkError(
            f"namespaces {network.tag}-* already exist: run `cluster down` on the same folder"
        )
    clash = _ip("-4", "route", "show", f"10.213.{network.subnet}.0/24").stdout.strip()
    if clash:
        raise NetworkError(f"10.213.{network.subnet}.0/24 is already routed here: {clash}")
    _ip("link", "add", network.bridge, "type", "bridge")
    _ip("addr", "add", f"{network.gateway}/24", "dev", network.bridge)
    _ip("link", "set", network.bridge, "up")
    for name, host in hosts.items():
        namespace = network.namespace(name)
        outside, inside = f"{network.tag}{name[:6]}", f"{network.tag}{name[:6]}i"
        _ip("netns", "add", namespace)
        _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
        _ip("link", "set", inside, "netns", namespace)
        _ip("link", "set", outside, "master", network.bridge)
        _ip("link", "set", outside, "up")
        _ip("-n", namespace, "link", "set", "lo", "up")
        _ip("-n", namespace, "link", "set", inside, "name", "eth0")
        _ip("-n", namespace, "addr", "add", f"{network.address(host)}/24", "dev", "eth0")
        _ip("-n", namespace, "link", "set", "eth0", "up")


def pids_in(namespace: str) -> list[int]:
    done = _ip("netns", "pids", namespace, check=False)
    return [int(pid) for pid in done.stdout.split()]


def remove(network: Network) -> list[str]:
    """Delete the cluster's namespaces and bridge; returns what was removed."""
    removed = []
    for namespace in sorted(existing_namespaces()):
        if namespace.startswith(f"{network.tag}-"):
            _ip("netns", "del", namespace)
            removed.append(namespace)
    if link_exists(network.bridge):
        _ip("link", "del", network.bridge)
        removed.append(network.bridge)
    return removed

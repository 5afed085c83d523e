"""What the cluster's tests and its benchmark (bench/cluster.py) watch: reader
traffic through the front, and which app hosts the front takes as healthy."""

import concurrent.futures
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable


def readers(
    cluster, seconds: float, paths: list[str], during: Callable[[], object] | None = None
) -> list[tuple[int | str, float]]:
    """Readers asking the front for pages it must fetch from an app host (each
    URL new to every cache), four at a time, for `seconds`; `during` runs
    beside them after the 40th request. Returns (status, seconds) per request;
    the status is the error's repr when no answer came."""

    def one(n: int):
        url = f"{cluster.front_url}{paths[n % len(paths)]}?reader={uuid.uuid4().hex}"
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=15) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError as exc:
            status = repr(exc)
        return status, time.monotonic() - started

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures, n, started = [], 0, time.monotonic()
        while time.monotonic() - started < seconds:
            futures.append(pool.submit(one, n))
            n += 1
            if during and n == 40:
                pool.submit(during)
            time.sleep(0.02)
        return [future.result() for future in futures]


def backend_health(cluster) -> dict[str, str]:
    """Each app host's health as the front's probes see it ("healthy", "sick")."""
    listing = cluster.run_in(
        "front",
        ["varnishadm", "-n", str(cluster.root / "front" / "varnish"), "backend.list"],
        capture_output=True,
        text=True,
    ).stdout
    return {
        line.split()[0].split(".")[-1]: line.split()[3]
        for line in listing.splitlines()[1:]
        if line.strip()
    }

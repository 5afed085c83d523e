"""What bench/run.py measures once the setups answer: wrk rounds, memory, render
times, publish-to-visible, the spike and the bulk load. A mixin of its Bench."""

import json
import re
import resource
import signal
import subprocess
import time

from harness import (
    ARTICLE,
    ARTICLE_SLUG,
    EXTRA_PAGES,
    PAGES,
    PY,
    SPIKE_CONNECTIONS,
    SPIKE_SECONDS,
    WRK_CONNECTIONS,
    WRK_THREADS,
    BenchError,
    Wrk,
    fetch,
    parse_wrk,
    tree_cpu_seconds,
)
from memory import process_tree_memory, with_roles


class Measurements:
    def wrk(self, url: str, connections: int, seconds: int, pid: int | None = None) -> Wrk:
        argv = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
        command = " ".join(argv)
        server_before = tree_cpu_seconds(pid) if pid else 0.0
        wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30)
        wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        server_after = tree_cpu_seconds(pid) if pid else 0.0
        if done.returncode != 0:
            raise BenchError(f"{command} failed:\n{done.stderr}")
        result = parse_wrk(done.stdout, command)
        result.server_cpu_s = server_after - server_before
        result.wrk_cpu_s = (wrk_after.ru_utime + wrk_after.ru_stime) - (
            wrk_before.ru_utime + wrk_before.ru_stime
        )
        return result

    def throughput(self) -> None:
        for target in self.targets.values():
            for _ in range(20):  # warm: workers imported, caches filled
                status, headers, _ = fetch(target.url)
                if status != 200:
                    raise BenchError(f"{target.url} answered {status}")
            cache = headers.get("X-Cache", headers.get("x-cache", ""))
            expected = {"varnish": "HIT", "embedded_cached": "HIT", "embedded_uncached": ""}
            if target.key in expected and cache != expected[target.key]:
                raise BenchError(f"{target.label}: X-Cache {cache!r}, not {expected[target.key]!r}")
        for n in range(self.args.rounds):
            for target in self.targets.values():
                self.log(f"round {n + 1}/{self.args.rounds}: {target.label}")
                run = self.wrk(target.url, WRK_CONNECTIONS, self.args.duration, target.pid)
                target.runs.append(run)
                self.log(
                    f"  {run.rps:,.0f} req/s, server {run.server_us_per_request:,.0f} µs CPU "
                    f"and wrk {run.wrk_us_per_request:,.0f} µs CPU per request"
                )

    def visit_every_page(self, base: str) -> int:
        """Every page in the sitemaps and EXTRA_PAGES, and every photo they show,
        once: the page cache full, as a site that readers have browsed."""

        def locs(url: str) -> list[str]:
            _, _, body = fetch(url)
            found = re.findall(r"<loc>([^<]+)</loc>", body.decode())
            return [re.sub(r"^https?://[^/]+", base, loc) for loc in found]

        pages = [page for sitemap in locs(base + "/sitemap.xml") for page in locs(sitemap)]
        pages += [base + path for path in EXTRA_PAGES]
        for url in pages:
            status, _, body = fetch(url, timeout=60)
            if status != 200:
                raise BenchError(f"{url} answered {status}")
            for photo in sorted(set(re.findall(r'/media/[^"\s,<]+', body.decode()))):
                fetch(base + photo, timeout=60)
        return len(pages)

    def memory(self, key: str) -> dict:
        """After the throughput runs and a visit to every page: each process of
        the embedded default's tree, peak (VmHWM) and now (VmRSS, PSS, USS)."""
        target = self.targets[key]
        base = re.match(r"http://[^/]+", target.url).group(0)
        visited = self.visit_every_page(base)
        return {"pages": visited, "processes": with_roles(process_tree_memory(target.pid))}

    def render_times(self, env, shown, pages=PAGES, project=None) -> dict:
        argv = [PY, "bench/render_times.py", "--runs", self.args.render_runs]
        if project:
            argv += ["--project", project]
        argv += [f"{name}={url}" for name, url in pages.items()]
        return json.loads(self.run(argv, env=env, env_shown=shown))

    def publish_to_visible(self) -> dict:
        argv = [PY, "bench/publish.py", "--slug", ARTICLE_SLUG]
        argv += ["--varnish", f"http://127.0.0.1:{self.varnish_port}", "--rounds", "5"]
        return json.loads(self.run(argv, env=self.stack_env(), env_shown={"<stack env>": ""}))

    def spike(self) -> dict:
        varnish_dir = str(self.stack_dir / "varnish")
        url = f"http://127.0.0.1:{self.varnish_port}{ARTICLE}"

        def backend_requests() -> int:
            out = self.run(["varnishstat", "-n", varnish_dir, "-1", "-f", "MAIN.backend_req"])
            return int(out.split()[1])

        # varnishlog counts the backend fetches of this one URL; backend_req
        # (every fetch) cross-checks it.
        log_file = self.tmp / "spike-varnishlog.txt"
        query = f'BereqURL eq "{ARTICLE}"'
        argv = ["varnishlog", "-n", varnish_dir, "-b", "-i", "BereqURL", "-q", query]
        self.note(argv)
        with open(log_file, "wb") as out:
            varnishlog = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        self.cleanups.append(("varnishlog", lambda: self.stop_varnishlog(varnishlog)))
        time.sleep(1)  # varnishlog attaches to the shared memory log
        before = backend_requests()
        publish = [PY, "bench/publish.py", "--slug", ARTICLE_SLUG, "--rounds", "0"]
        publish += ["--varnish", f"http://127.0.0.1:{self.varnish_port}"]
        self.run(publish, env=self.stack_env(), env_shown={"<stack env>": ""})
        result = self.wrk(url, SPIKE_CONNECTIONS, SPIKE_SECONDS)
        self.note(result.command.split())
        after = backend_requests()
        time.sleep(1)
        self.stop_varnishlog(varnishlog)
        fetches = log_file.read_text().count("BereqURL")
        return {"wrk": result, "backend_req": after - before, "url_fetches": fetches}

    @staticmethod
    def stop_varnishlog(process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # varnishlog flushes on SIGINT
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def scale(self, articles: int) -> dict:
        started = time.monotonic()
        argv = [PY, "-m", "dateline", "bench-data", "--articles", articles]
        self.run(argv, env=self.stack_env(), env_shown={"<stack env>": ""}, timeout=1800)
        load_seconds = time.monotonic() - started
        times = self.render_times(
            self.stack_env(DATELINE_PAGE_CACHE=""), {"<stack env>": "", "DATELINE_PAGE_CACHE": ""}
        )
        return {"articles": articles, "load_seconds": load_seconds, "times": times}

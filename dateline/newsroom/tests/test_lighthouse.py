"""Issue 5's Lighthouse bar, checked on every `make test`: Lighthouse 12 (mobile,
its default config) with Debian's chromium on the demo site's home page, a
section front, an article and the Audio Only page (its channel off air, as in
CI, where no stream runs). Accessibility, best practices and SEO must be 100;
performance at least 95.

Performance is simulated from the page's own timings, so a busy shared machine
can cost many points on one run (Lighthouse warns that the CPU is slower than it
expects; CI runs this beside the other database's suite): a page under 95 is run
up to three times more and judged on its best run. The other scores are not
retried.
"""

import pytest

from bench import lighthouse

# Page weight and accessibility scores do not depend on the database.
pytestmark = pytest.mark.once

PERFORMANCE = 95
PERFECT = ["accessibility", "best-practices", "seo"]


@pytest.fixture(scope="module")
def lighthouse_ready():
    if reason := lighthouse.missing():
        pytest.skip(f"Lighthouse cannot run: {reason}")


def explain(result: dict) -> str:
    lines = [f"{result['url']}: {result['scores']}"]
    for category, audits in result["failing"].items():
        lines += [f"  {category}: {audit}" for audit in audits]
    lines += [f"  warning: {warning}" for warning in result["warnings"]]
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(lighthouse.PAGES))
def test_page_scores_100_and_performance_95_on_lighthouse(name, demo_server, lighthouse_ready):
    url = demo_server + lighthouse.PAGES[name]
    result = lighthouse.run(url)
    for _ in range(3):
        if result["scores"]["performance"] >= PERFORMANCE:
            break
        print(f"\n{name}: performance retried; the run before:\n{explain(result)}")
        retry = lighthouse.run(url)
        if retry["scores"]["performance"] > result["scores"]["performance"]:
            result = retry
    print(f"\n{name}: {result['scores']} {result['metrics']}")
    below = {c: result["scores"][c] for c in PERFECT if result["scores"][c] < 100}
    assert not below, f"{name} below 100 on {below}:\n{explain(result)}"
    assert result["scores"]["performance"] >= PERFORMANCE, (
        f"{name} performance under {PERFORMANCE}:\n{explain(result)}"
    )

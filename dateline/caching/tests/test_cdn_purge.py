"""A CDN in front: the environment configures Wagtail's Cloudflare and
CloudFront purge backends, and a publish sends CloudFront the article's purge
list as one invalidation (against moto's CloudFront API on 127.0.0.1)."""

import json
import os
import subprocess
import sys

import pytest
from django.test import override_settings

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

SHOW = (
    "from django.conf import settings; import json; "
    "print(json.dumps(settings.WAGTAILFRONTENDCACHE))"
)


def _configured(tmp_path, **env) -> dict:
    environment = {**os.environ, "DATELINE_DATA_DIR": str(tmp_path), **env}
    environment.pop("VARNISH_URL", None)
    shown = subprocess.run(
        [sys.executable, "-m", "dateline", "shell", "-c", SHOW],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(shown.stdout.strip().splitlines()[-1])


def test_the_environment_names_the_cdn(tmp_path):
    assert set(_configured(tmp_path)) <= {"embedded"}
    both = _configured(
        tmp_path,
        CLOUDFLARE_ZONE_ID="zone-1",
        CLOUDFLARE_API_TOKEN="token-1",
        CLOUDFRONT_DISTRIBUTION_ID="EDFDVBD6EXAMPLE",
    )
    assert both["cloudflare"]["ZONEID"] == "zone-1"
    assert both["cloudflare"]["BEARER_TOKEN"] == "token-1"
    assert both["cloudfront"]["DISTRIBUTION_ID"] == "EDFDVBD6EXAMPLE"


@pytest.fixture
def cloudfront(monkeypatch):
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", f"http://{host}:{port}")
    client = boto3.client("cloudfront")
    origin = {
        "Id": "app",
        "DomainName": "news.example.org",
        "CustomOriginConfig": {
            "HTTPPort": 80,
            "HTTPSPort": 443,
            "OriginProtocolPolicy": "https-only",
        },
    }
    created = client.create_distribution(
        DistributionConfig={
            "CallerReference": "dateline-test",
            "Comment": "Dateline",
            "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [origin]},
            "DefaultCacheBehavior": {
                "TargetOriginId": "app",
                "ViewerProtocolPolicy": "redirect-to-https",
                "MinTTL": 0,
                "ForwardedValues": {"QueryString": True, "Cookies": {"Forward": "none"}},
                "TrustedSigners": {"Enabled": False, "Quantity": 0},
            },
        }
    )
    yield client, created["Distribution"]["Id"]
    server.stop()


@pytest.mark.django_db
def test_a_publish_invalidates_the_articles_pages_on_cloudfront(
    cloudfront, asia, make_article, django_capture_on_commit_callbacks
):
    client, distribution = cloudfront
    backends = {
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": distribution,
        }
    }
    with override_settings(WAGTAILFRONTENDCACHE=backends):
        article = make_article(asia, title="Night ferry returns", publish=False)
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
    article.refresh_from_db()
    invalidations = client.list_invalidations(DistributionId=distribution)["InvalidationList"]
    assert invalidations["Quantity"] == 1  # one batch for the whole publish
    made = client.get_invalidation(DistributionId=distribution, Id=invalidations["Items"][0]["Id"])[
        "Invalidation"
    ]["InvalidationBatch"]["Paths"]["Items"]
    assert {article.url, "/en/", asia.url, "/en/feeds/rss/"} <= set(made)

"""A mirror in an S3-compatible bucket (django-storages' S3 backend), against
moto's S3 server on 127.0.0.1: exported, then rewritten by a publish."""

import io

import pytest
from django.core.files.storage import storages
from django.core.management import call_command

from dateline.mirror.paths import Address

from .conftest import BASE

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

BUCKET = "dateline-mirror"


@pytest.fixture
def bucket(settings, monkeypatch):
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "mirror": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "file_overwrite": True,
                "querystring_auth": False,
            },
        },
    }
    storages._storages.pop("mirror", None)
    yield s3
    storages._storages.pop("mirror", None)
    server.stop()


def read(s3, key: str) -> tuple[str, str]:
    answer = s3.get_object(Bucket=BUCKET, Key=key)
    return answer["ContentType"], answer["Body"].read().decode()


def test_mirror_in_a_bucket_is_exported_and_rewritten_on_publish(
    newsroom, bucket, settings, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    call_command("mirror", "export", "--output", "storage:mirror", "--base-url", BASE, stdout=out)
    story = newsroom[0]
    key = Address.parse(story.url).file()
    content_type, page = read(bucket, key)
    assert content_type.startswith("text/html") and story.title in page
    content_type, feed = read(bucket, "en/feeds/rss/index.xml")
    assert "xml" in content_type and BASE + key.removesuffix("index.html") in feed
    keys = {item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert any(k.startswith("media/images/") for k in keys)

    settings.DATELINE_MIRROR_STORAGE = "mirror"
    settings.DATELINE_MIRROR_IN_BACKGROUND = False
    settings.DATELINE_MIRROR_BASE_URL = BASE
    revision = story.get_latest_revision_as_object()
    revision.title = "Ferry timetable changes for the winter"
    with django_capture_on_commit_callbacks(execute=True):
        revision.save_revision().publish()
    assert "Ferry timetable changes for the winter" in read(bucket, key)[1]
    assert "Ferry timetable changes for the winter" in read(bucket, "en/index.html")[1]

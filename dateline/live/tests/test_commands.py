"""`live package` and `live test-stream` with the real ffmpeg: the playlist sets
they write are what players and CDNs need."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dateline.live.ffmpeg import ladder

from .conftest import needs_ffmpeg

PYTHON = [sys.executable, "-m", "dateline"]


def make_test_file(path: Path, seconds: int = 20) -> Path:
    """A small H.264/AAC file: ffmpeg's test pattern with a tone."""
    command = (
        "ffmpeg -hide_banner -nostdin -loglevel error -y"
        f" -f lavfi -i testsrc=size=640x360:rate=25:duration={seconds}"
        f" -f lavfi -i sine=frequency=440:duration={seconds}"
        " -c:v libx264 -preset ultrafast -c:a aac -shortest"
    )
    subprocess.run([*command.split(), str(path)], check=True, timeout=60)
    return path


def variants(master: str) -> list[tuple[dict, str]]:
    lines = master.splitlines()
    found = []
    for index, line in enumerate(lines):
        if line.startswith("#EXT-X-STREAM-INF:"):
            attributes = dict(re.findall(r'([A-Z-]+)=("[^"]*"|[^,]*)', line.split(":", 1)[1]))
            found.append(({k: v.strip('"') for k, v in attributes.items()}, lines[index + 1]))
    return found


def probe(segment: Path) -> dict:
    """The audio stream of a real segment, as ffprobe reads it."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-of", "json"]
        + ["-show_entries", "stream=codec_name,profile,channels,sample_rate", str(segment)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(result.stdout)["streams"][0]


def wire_kbps(playlist: Path) -> float:
    """What a rendition's segments weigh on the wire, in kbit/s of playing time."""
    text = playlist.read_text()
    seconds = sum(float(d) for d in re.findall(r"^#EXTINF:([\d.]+),", text, re.M))
    names = re.findall(r"^seg\d+\.ts$", text, re.M)
    return sum(playlist.parent.joinpath(n).stat().st_size for n in names) * 8 / seconds / 1000


def assert_low_audio_rung(output: Path, attributes: dict) -> None:
    """The data saver: mono AAC-LC at most 32 kbit/s, as listed and as segments weigh."""
    assert attributes["CODECS"] == "mp4a.40.2" and "RESOLUTION" not in attributes
    assert int(attributes["BANDWIDTH"]) <= 32_000
    playlist = output / "audio-low" / "index.m3u8"
    segments = sorted(playlist.parent.glob("seg*.ts"))
    assert segments
    stream = probe(segments[-1])
    assert (stream["codec_name"], stream["profile"], stream["channels"]) == ("aac", "LC", 1)
    assert wire_kbps(playlist) <= 32


@pytest.fixture(scope="module")
def test_file(tmp_path_factory):
    needs_ffmpeg()
    return make_test_file(tmp_path_factory.mktemp("feed") / "feed.mp4")


def test_package_turns_a_file_into_a_ladder_with_an_audio_only_rendition(test_file, tmp_path):
    output = tmp_path / "hls"
    result = subprocess.run(
        PYTHON
        + ["live", "package", "--input", str(test_file), "--output", str(output)]
        + ["--renditions", "360,240", "--segment", "2", "--preset", "ultrafast"]
        + ["--no-realtime"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    listed = variants((output / "master.m3u8").read_text())
    assert [uri for _, uri in listed] == [
        "360p/index.m3u8", "240p/index.m3u8", "audio/index.m3u8", "audio-low/index.m3u8"
    ]  # fmt: skip
    for attributes, uri in listed:
        assert int(attributes["BANDWIDTH"]) > 0, uri
        assert attributes["CODECS"], uri
    (video_360, _), (video_240, _), (audio, _), (low, _) = listed
    assert video_360["RESOLUTION"] == "640x360" and video_240["RESOLUTION"] == "426x240"
    assert re.fullmatch(r"avc1\.[0-9a-f]{6},mp4a\.40\.2", video_360["CODECS"])
    assert audio["CODECS"] == "mp4a.40.2" and "RESOLUTION" not in audio
    # 64 kbit/s of audio plus the transport stream's overhead.
    assert 64_000 <= int(audio["BANDWIDTH"]) <= 80_000
    assert int(video_360["BANDWIDTH"]) > int(video_240["BANDWIDTH"]) > int(audio["BANDWIDTH"])
    assert probe(next((output / "audio").glob("seg*.ts")))["channels"] == 2
    assert_low_audio_rung(output, low)
    for _, uri in listed:
        playlist = (output / uri).read_text()
        # A rolling window of two-second segments, each on disk; the ended feed says so.
        assert playlist.count("#EXTINF") == 6
        assert "#EXT-X-TARGETDURATION:2" in playlist
        assert playlist.rstrip().endswith("#EXT-X-ENDLIST")
        for segment in re.findall(r"^seg\d+\.ts$", playlist, re.M):
            assert (output / uri).parent.joinpath(segment).stat().st_size > 0
    assert "Packaging" in result.stdout


def test_test_stream_writes_a_video_and_an_audio_only_rendition(tmp_path):
    needs_ffmpeg()
    output = tmp_path / "test"
    result = subprocess.run(
        PYTHON + ["live", "test-stream", "--output", str(output), "--duration", "5", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    listed = variants((output / "master.m3u8").read_text())
    assert [uri for _, uri in listed] == [
        "video/index.m3u8", "audio/index.m3u8", "audio-low/index.m3u8"
    ]  # fmt: skip
    assert listed[0][0]["CODECS"].startswith("avc1.") and listed[0][0]["RESOLUTION"] == "640x360"
    assert listed[1][0]["CODECS"] == "mp4a.40.2"
    assert (output / "audio/index.m3u8").read_text().count("#EXTINF") >= 2
    assert_low_audio_rung(output, listed[2][0])


def test_package_dry_run_shows_the_ffmpeg_ladder(capsys, tmp_path):
    feed = "srt://0.0.0.0:9000?mode=listener"
    call_command("live", "package", "--input", feed, "--output", str(tmp_path), "--dry-run")
    command = capsys.readouterr().out
    assert "-re " not in command  # a live feed already arrives in real time
    assert "split=3[s0][s1][s2]" in command
    assert (
        "v:0,a:0,name:720p v:1,a:1,name:480p v:2,a:2,name:360p a:3,name:audio a:4,name:audio-low"
    ) in command
    assert "-b:a:3 64k" in command and "-hls_list_size 6" in command
    assert "-b:a:4 24k -ac:a:4 1 -ar:a:4 24000" in command
    assert "delete_segments" in command


def test_package_defaults_to_the_channels_media_folder(capsys, settings, tmp_path):
    call_command(
        "live", "package", "--input", "rtmp://0.0.0.0/live/x", "--listen",
        "--channel", "dateline-tv", "--renditions", "", "--dry-run",
    )  # fmt: skip
    command = capsys.readouterr().out
    assert str(Path(settings.MEDIA_ROOT) / "live" / "dateline-tv" / "%v" / "index.m3u8") in command
    assert "-listen 1 -i rtmp://0.0.0.0/live/x" in command
    assert "a:0,name:audio a:1,name:audio-low" in command and "libx264" not in command


def test_package_refuses_what_it_cannot_use(tmp_path):
    with pytest.raises(CommandError, match="neither a feed URL nor a file"):
        call_command("live", "package", "--input", str(tmp_path / "nope.mp4"), "--output", "x")
    with pytest.raises(CommandError, match="--renditions"):
        call_command(
            "live", "package", "--input", "udp://239.0.0.1:1234", "--output", "x",
            "--renditions", "719",
        )  # fmt: skip


def test_ladder_rates_follow_the_picture_height():
    assert [(r.name, r.video_kbps) for r in ladder([360, 1080, 720])] == [
        ("1080p", 5000),
        ("720p", 2800),
        ("360p", 700),
    ]

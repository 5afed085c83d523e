"""ffmpeg command lines for the live channel, and running them well.

Both commands write the same layout into one folder, which is what a channel
points at:

    master.m3u8            every rendition, with BANDWIDTH and CODECS
    <rendition>/index.m3u8 a rolling window of segments
    audio/index.m3u8       the audio-only rendition (64 kbit/s)
    audio-low/index.m3u8   the data saver's audio-only rendition (24 kbit/s mono)

Segment numbers start from the clock (epoch seconds), so a restarted stream
never reuses a name a cache may still hold.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MASTER = "master.m3u8"
# What ADTS headers and MPEG-TS packets add to an audio rung's AAC rate on the
# wire: 5-9 kbit/s measured at both rates (BENCHMARKS.md, "Audio rungs").
TS_OVERHEAD_KBPS = 8


@dataclass(frozen=True)
class AudioRung:
    """An audio-only rendition: its folder, AAC-LC rate, channels and sample rate."""

    name: str
    kbps: int
    channels: int
    sample_rate: int

    @property
    def playlist(self) -> str:
        return f"{self.name}/index.m3u8"

    @property
    def megabytes_per_hour(self) -> float:
        """What an hour of listening costs, the transport stream included."""
        return (self.kbps + TS_OVERHEAD_KBPS) * 1000 / 8 * 3600 / 1e6


# The audio-only rungs, highest first. Debian's ffmpeg has no HE-AAC encoder
# (libfdk_aac is non-free), so the low rung is AAC-LC: mono at 24 kHz, which
# spends its few bits on the voice band; with the transport stream it stays
# under 32 kbit/s on the wire (BENCHMARKS.md, "Audio rungs").
AUDIO_RUNGS = (
    AudioRung("audio", 64, channels=2, sample_rate=48000),
    AudioRung("audio-low", 24, channels=1, sample_rate=24000),
)
# Video bitrate (kbit/s) by picture height: a conservative ladder for news.
LADDER_KBPS = {1080: 5000, 720: 2800, 540: 1600, 480: 1200, 360: 700, 240: 350, 144: 180}
STREAM_FILES = {".m3u8", ".ts", ".m4s", ".tmp"}


def ffmpeg_path() -> str | None:
    return shutil.which(os.environ.get("FFMPEG", "ffmpeg"))


@dataclass(frozen=True)
class Rendition:
    height: int
    video_kbps: int

    @property
    def name(self) -> str:
        return f"{self.height}p"


def ladder(heights: list[int]) -> list[Rendition]:
    renditions = []
    for height in sorted(set(heights), reverse=True):
        if height < 100 or height > 2160 or height % 2:
            raise ValueError(f"{height} is not a usable picture height (an even number, 100-2160)")
        # Heights between the steps take the next step down's rate, scaled.
        base = max((h for h in LADDER_KBPS if h <= height), default=144)
        renditions.append(Rendition(height, round(LADDER_KBPS[base] * height / base)))
    return renditions


def hls_output(output: Path, *, segment: int, window: int, stream_map: str) -> list[str]:
    return [
        "-f", "hls",
        "-hls_time", str(segment),
        "-hls_list_size", str(window),
        "-hls_flags", "delete_segments+independent_segments",
        "-hls_start_number_source", "epoch",
        "-hls_segment_filename", str(output / "%v" / "seg%d.ts"),
        "-master_pl_name", MASTER,
        "-var_stream_map", stream_map,
        str(output / "%v" / "index.m3u8"),
    ]  # fmt: skip


def audio_rung_options(first: int) -> list[str]:
    """Encoder options for the audio-only rungs, the first being audio output ``first``."""
    options = []
    for index, rung in enumerate(AUDIO_RUNGS, start=first):
        options += [
            f"-b:a:{index}", f"{rung.kbps}k",
            f"-ac:a:{index}", str(rung.channels),
            f"-ar:a:{index}", str(rung.sample_rate),
        ]  # fmt: skip
    return options


def audio_rung_map(first: int) -> list[str]:
    """The audio-only rungs' entries in -var_stream_map."""
    return [f"a:{index},name:{rung.name}" for index, rung in enumerate(AUDIO_RUNGS, start=first)]


def test_stream_command(
    output: Path, *, size: str = "640x360", duration: float | None = None, segment: int = 2
) -> list[str]:
    """ffmpeg's test pattern and a 440 Hz tone, in real time: one H.264/AAC video
    rendition and the AAC audio-only rungs. Light enough to run beside tests."""
    fps = 25
    # The sources end by themselves after ``duration``: ffmpeg's own -t stops
    # without finishing the playlists if a signal arrives first.
    until = f":duration={duration:g}" if duration else ""
    command = [
        ffmpeg_path() or "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
        "-re", "-f", "lavfi", "-i", f"testsrc=size={size}:rate={fps}{until}",
        "-re", "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000{until}",
    ]  # fmt: skip
    command += [
        "-map", "0:v", "-map", "1:a",
    ]  # fmt: skip
    for _ in AUDIO_RUNGS:
        command += ["-map", "1:a"]
    command += [
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
        "-pix_fmt", "yuv420p", "-g", str(fps * segment), "-keyint_min", str(fps * segment),
        "-sc_threshold", "0", "-b:v", "400k", "-maxrate", "500k", "-bufsize", "800k",
        "-c:a", "aac", "-ar", "48000", "-b:a:0", "96k",
    ]  # fmt: skip
    command += audio_rung_options(1)
    stream_map = " ".join(["v:0,a:0,name:video", *audio_rung_map(1)])
    return command + hls_output(output, segment=segment, window=6, stream_map=stream_map)


def package_command(
    source: str,
    output: Path,
    *,
    renditions: list[Rendition],
    segment: int = 4,
    window: int = 6,
    preset: str = "veryfast",
    realtime: bool = False,
    loop: bool = False,
    listen: bool = False,
) -> list[str]:
    """An incoming feed (RTMP, SRT, UDP, HTTP or a file) as an HLS ladder: each
    video rendition with 128 kbit/s stereo AAC, plus the audio-only rungs (64 kbit/s
    stereo and 24 kbit/s mono)."""
    command = [ffmpeg_path() or "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error"]
    if listen:
        command += ["-listen", "1"]  # wait for the encoder to push to us (RTMP)
    if loop:
        command += ["-stream_loop", "-1"]
    if realtime:
        command += ["-re"]  # a file, played out at its own speed like a live feed
    command += ["-i", source]
    count = len(renditions)
    if count:
        splits = "".join(f"[s{i}]" for i in range(count))
        scales = ";".join(f"[s{i}]scale=-2:{r.height}[v{i}]" for i, r in enumerate(renditions))
        command += ["-filter_complex", f"[0:v:0]split={count}{splits};{scales}"]
    for index in range(count):
        command += ["-map", f"[v{index}]", "-map", "0:a:0"]
    for _ in AUDIO_RUNGS:
        command += ["-map", "0:a:0"]
    if count:
        command += [
            "-c:v", "libx264", "-preset", preset, "-profile:v", "main", "-pix_fmt", "yuv420p",
            # Keyframes on segment boundaries in every rendition, so players can switch.
            "-force_key_frames", f"expr:gte(t,n_forced*{segment})", "-sc_threshold", "0",
        ]  # fmt: skip
    for index, rendition in enumerate(renditions):
        kbps = rendition.video_kbps
        command += [
            f"-b:v:{index}", f"{kbps}k",
            f"-maxrate:v:{index}", f"{round(kbps * 1.1)}k",
            f"-bufsize:v:{index}", f"{kbps * 2}k",
        ]  # fmt: skip
    command += ["-c:a", "aac", "-ar", "48000", "-ac", "2"]
    for index in range(count):
        command += [f"-b:a:{index}", "128k"]
    command += audio_rung_options(count)
    stream_map = " ".join(
        [f"v:{i},a:{i},name:{r.name}" for i, r in enumerate(renditions)] + audio_rung_map(count)
    )
    return command + hls_output(output, segment=segment, window=window, stream_map=stream_map)


def clear_output(output: Path) -> None:
    """Tidy an earlier run's files before a new one starts.

    Its segments go. Its playlists stay until ffmpeg replaces them, marked as
    ended if a crash left them open, so that players watching in the meantime
    see an ended broadcast (and wait) rather than segments that are gone.
    """
    output.mkdir(parents=True, exist_ok=True)
    for path in output.rglob("*"):
        if not path.is_file() or path.suffix not in STREAM_FILES:
            continue
        if path.suffix == ".m3u8":
            text = path.read_text(errors="replace")
            if "#EXTINF" in text and "#EXT-X-ENDLIST" not in text:
                path.write_text(text.rstrip("\n") + "\n#EXT-X-ENDLIST\n")
        else:
            path.unlink(missing_ok=True)


def _die_with_parent() -> None:
    # If this command is killed outright, ffmpeg must not stream on forever.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Stop(Exception):
    pass


def run(command: list[str], *, stop_with_parent: bool = False) -> int:
    """Run ffmpeg until it ends or this process is told to stop.

    SIGTERM and Ctrl-C stop ffmpeg gracefully, so it writes its final playlists
    (with #EXT-X-ENDLIST): players then see the broadcast ended, not a stall.
    With ``stop_with_parent``, it also stops when whatever started this command
    goes away (a demo server killed outright), instead of streaming on alone.
    """
    parent = os.getppid()

    def on_term(signum, frame):
        raise Stop

    previous = signal.signal(signal.SIGTERM, on_term)
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        # ffmpeg gets exactly one signal, from us: a second one while it writes
        # its final playlists interrupts the writing and leaves them empty. In its
        # own process group, Ctrl-C or a group-wide SIGTERM reaches only us.
        process_group=0,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    try:
        while True:
            try:
                return process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                if stop_with_parent and os.getppid() != parent:
                    raise Stop from None
    except (Stop, KeyboardInterrupt):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        signal.signal(signal.SIGTERM, previous)

"""ffmpeg command lines for the live channel, and running them well.

Both commands write the same layout into one folder, which is what a channel
points at:

    master.m3u8            every rendition, with BANDWIDTH and CODECS
    <rendition>/index.m3u8 a rolling window of segments
    audio/index.m3u8       the audio-only rendition

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
AUDIO_ONLY_KBPS = 64
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


def test_stream_command(
    output: Path, *, size: str = "640x360", duration: float | None = None, segment: int = 2
) -> list[str]:
    """ffmpeg's test pattern and a 440 Hz tone, in real time: one H.264/AAC video
    rendition and one AAC audio-only rendition. Light enough to run beside tests."""
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
        "-map", "0:v", "-map", "1:a", "-map", "1:a",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
        "-pix_fmt", "yuv420p", "-g", str(fps * segment), "-keyint_min", str(fps * segment),
        "-sc_threshold", "0", "-b:v", "400k", "-maxrate", "500k", "-bufsize", "800k",
        "-c:a", "aac", "-ar", "48000", "-b:a:0", "96k", "-b:a:1", f"{AUDIO_ONLY_KBPS}k",
    ]  # fmt: skip
    return command + hls_output(
        output, segment=segment, window=6, stream_map="v:0,a:0,name:video a:1,name:audio"
    )


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
    video rendition with 128 kbit/s stereo AAC, plus a 64 kbit/s audio-only one."""
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
    command += [f"-b:a:{count}", f"{AUDIO_ONLY_KBPS}k"]
    stream_map = " ".join(
        [f"v:{i},a:{i},name:{r.name}" for i, r in enumerate(renditions)] + [f"a:{count},name:audio"]
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

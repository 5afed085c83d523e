"""Bytes per hour of each audio-only rung, measured from the segments
`live package` writes.

    .venv/bin/python bench/audio_rungs.py [--seconds 600]

For each source (the demo's 440 Hz tone, and pink noise, which spends every bit
the encoder allows), ffmpeg writes a file, `live package`'s own ffmpeg command
(dateline/live/ffmpeg.py, audio only) packages it, in `live package`'s default
4-second segments and in the 2-second ones of `live test-stream` (which encodes
the rungs with the same options),
and the sizes of all the segments of each rung are summed over the playing time
their playlist lists, then scaled to an hour. Beside them: the BANDWIDTH the
master playlist lists, and the cost per hour the Audio Only page shows.
The results go to bench/results/audio-rungs.json, which BENCHMARKS.md's
"Audio rungs" section shows (bench/report_saved.py); the section is printed too.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from report_saved import AUDIO_RUNGS_RESULTS, _audio_rungs  # noqa: E402

from dateline.live import ffmpeg  # noqa: E402

SOURCES = {
    "tone (the demo's)": "sine=frequency=440:sample_rate=48000",
    "pink noise": "anoisesrc=color=pink:sample_rate=48000:amplitude=0.3",
}


def make_source(lavfi: str, seconds: int, path: Path) -> Path:
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
        + ["-f", "lavfi", "-i", f"{lavfi}:duration={seconds}", "-ac", "2", str(path)],
        check=True,
    )
    return path


def listed_bandwidth(master: str) -> dict[str, int]:
    found = re.findall(r"BANDWIDTH=(\d+)[^\n]*\n(\S+)/index\.m3u8", master)
    return {name: int(bandwidth) for bandwidth, name in found}


def measure(playlist: Path) -> tuple[int, float]:
    """Bytes of every segment the playlist lists, and the seconds they play."""
    text = playlist.read_text()
    seconds = sum(float(d) for d in re.findall(r"^#EXTINF:([\d.]+),", text, re.M))
    names = re.findall(r"^(\S+\.ts)$", text, re.M)
    return sum((playlist.parent / name).stat().st_size for name in names), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=600, help="Length of each source.")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="audio-rungs-") as folder:
        for label, lavfi in SOURCES.items():
            work = Path(folder) / label.split()[0]
            work.mkdir()
            source = make_source(lavfi, args.seconds, work / "source.flac")
            for segment in (4, 2):
                output = work / f"hls{segment}"
                # A window long enough to keep every segment in the playlist.
                command = ffmpeg.package_command(
                    str(source), output, renditions=[], segment=segment,
                    window=args.seconds, realtime=False,
                )  # fmt: skip
                subprocess.run(command, check=True)
                bandwidth = listed_bandwidth((output / ffmpeg.MASTER).read_text())
                for rung in ffmpeg.AUDIO_RUNGS:
                    size, seconds = measure(output / rung.playlist)
                    rows.append(
                        {
                            "source": label,
                            "segment": segment,
                            "rung": rung.name,
                            "kbps": rung.kbps,
                            "channels": rung.channels,
                            "sample_rate": rung.sample_rate,
                            "bandwidth": bandwidth[rung.name],
                            "bytes": size,
                            "seconds": seconds,
                            "page_megabytes_per_hour": rung.megabytes_per_hour,
                        }
                    )
    command = ".venv/bin/python bench/audio_rungs.py" + (
        f" --seconds {args.seconds}" if args.seconds != 600 else ""
    )
    data = {"date": datetime.now(UTC).isoformat(), "command": command, "rows": rows}
    AUDIO_RUNGS_RESULTS.write_text(json.dumps(data, indent=1) + "\n")
    print("\n".join(_audio_rungs()))


if __name__ == "__main__":
    main()

"""`python -m dateline live ACTION`: the live channel's tools.

live test-stream   a test pattern and tone as a live HLS stream (development, demo, tests)
live package       an incoming feed (RTMP, SRT, UDP or a file) as an HLS ladder
live demo-channel  the demo's channel, on air around the clock
"""

import argparse
import shlex
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import DatabaseError

from dateline.live import ffmpeg
from dateline.live.demo import DEMO_SLUG, create_demo_channel
from dateline.live.models import Channel

NETWORK_SCHEMES = ("rtmp://", "rtmps://", "srt://", "udp://", "rtp://", "http://", "https://")


def _default_slug() -> str:
    try:
        channel = Channel.objects.for_language("")
    except DatabaseError:  # not migrated yet
        channel = None
    return channel.slug if channel else DEMO_SLUG


def _channel_folder(slug: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "live" / slug


class Command(BaseCommand):
    help = "The live channel's tools: test-stream, package and demo-channel."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        test = actions.add_parser(
            "test-stream",
            help="Stream ffmpeg's test pattern and a tone as live HLS into the media folder.",
        )
        test.add_argument("--channel", help="Channel slug (default: the default channel).")
        test.add_argument("--output", type=Path, help="Folder (default: MEDIA_ROOT/live/<slug>).")
        test.add_argument("--duration", type=float, help="Stop after this many seconds.")
        test.add_argument("--size", default="640x360", help="Picture size (default 640x360).")
        test.add_argument("--quiet", action="store_true", help="Print nothing but errors.")

        package = actions.add_parser(
            "package",
            help="Turn a feed (RTMP/SRT/UDP URL or a file) into an HLS ladder.",
            description=(
                "Encode a feed into several H.264/AAC renditions plus two AAC audio-only "
                "renditions (64 kbit/s stereo and a 24 kbit/s mono data saver), as HLS with "
                "a rolling window, ready to serve from the media folder or to sync to a CDN."
            ),
        )
        package.add_argument("--input", required=True, help="Feed URL or file.")
        target = package.add_mutually_exclusive_group(required=True)
        target.add_argument("--output", type=Path, help="Folder for the playlists.")
        target.add_argument(
            "--channel", help="Write into MEDIA_ROOT/live/<slug>/, which that channel plays."
        )
        package.add_argument(
            "--renditions",
            default="720,480,360",
            help="Picture heights, comma-separated (default 720,480,360); empty for audio only.",
        )
        package.add_argument("--segment", type=int, default=4, help="Seconds per segment.")
        package.add_argument("--window", type=int, default=6, help="Segments in each playlist.")
        package.add_argument("--preset", default="veryfast", help="x264 preset.")
        package.add_argument(
            "--realtime",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Read the input at its own speed (default: on for files, off for feeds).",
        )
        package.add_argument("--loop", action="store_true", help="Loop a file forever.")
        package.add_argument(
            "--listen", action="store_true", help="Wait for an encoder to push RTMP to --input."
        )
        package.add_argument("--dry-run", action="store_true", help="Print the ffmpeg command.")

        actions.add_parser("demo-channel", help="Create the demo channel (once).")

    def handle(self, *args, action, **options):
        getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def _need_ffmpeg(self):
        if ffmpeg.ffmpeg_path() is None:
            raise CommandError("ffmpeg is not installed (Debian: apt-get install ffmpeg).")

    def handle_test_stream(self, *, channel, output, duration, size, quiet, **options):
        self._need_ffmpeg()
        slug = channel or _default_slug()
        output = (output or _channel_folder(slug)).resolve()
        ffmpeg.clear_output(output)
        if not quiet:
            self.stdout.write(
                f"Streaming a test pattern into {output} "
                f"({f'for {duration:g} s' if duration else 'Ctrl-C stops it'})."
            )
        command = ffmpeg.test_stream_command(output, size=size, duration=duration)
        status = ffmpeg.run(command, stop_with_parent=True)
        if status:
            raise CommandError(f"ffmpeg stopped with status {status}.")

    def handle_package(
        self, *, input, output, channel, renditions, segment, window, preset, realtime, loop,
        listen, dry_run, **options,
    ):  # fmt: skip
        try:
            heights = [int(h) for h in renditions.replace(" ", "").split(",") if h]
            ladder = ffmpeg.ladder(heights)
        except ValueError as error:
            raise CommandError(f"--renditions: {error}") from None
        if segment < 1 or window < 3:
            raise CommandError("--segment must be at least 1 and --window at least 3.")
        is_feed = input.startswith(NETWORK_SCHEMES)
        if not is_feed and not Path(input).is_file():
            raise CommandError(f"{input} is neither a feed URL nor a file.")
        output = (output or _channel_folder(channel)).resolve()
        command = ffmpeg.package_command(
            input,
            output,
            renditions=ladder,
            segment=segment,
            window=window,
            preset=preset,
            realtime=(not is_feed) if realtime is None else realtime,
            loop=loop and not is_feed,
            listen=listen,
        )
        if dry_run:
            self.stdout.write(shlex.join(command))
            return
        self._need_ffmpeg()
        ffmpeg.clear_output(output)
        names = ", ".join(
            [r.name for r in ladder] + [f"{a.name} {a.kbps}k" for a in ffmpeg.AUDIO_RUNGS]
        )
        self.stdout.write(f"Packaging {input} into {output / ffmpeg.MASTER} ({names}).")
        status = ffmpeg.run(command)
        if status:
            raise CommandError(f"ffmpeg stopped with status {status}.")
        self.stdout.write(self.style.SUCCESS("The feed ended; the playlists say so."))

    def handle_demo_channel(self, **options):
        channel = create_demo_channel()
        self.stdout.write(f"Live channel: {channel.name} (/live/{channel.slug}/)")

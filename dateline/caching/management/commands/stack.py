from pathlib import Path

from django.core.management import BaseCommand, CommandError

from dateline.caching import stack


class Command(BaseCommand):
    help = (
        "Start (up) or stop (down) PostgreSQL, Redis, the app and Varnish on 127.0.0.1 "
        "from Debian's packages; `env` prints the variables that point at them."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["up", "down", "env"])
        parser.add_argument("--dir", type=Path, default=None, help="State folder.")
        parser.add_argument(
            "--services", default="postgres,redis,app,varnish", help="Comma-separated subset."
        )
        parser.add_argument("--demo", type=int, default=0, help="Load N demo articles.")
        parser.add_argument("--app-port", type=int, default=8001)
        parser.add_argument("--varnish-port", type=int, default=6081)
        parser.add_argument("--pg-port", type=int, default=54329)
        parser.add_argument("--redis-port", type=int, default=63799)

    def handle(self, *args, action, dir, services, demo, **options):
        root = dir or stack.default_root()
        try:
            if action == "up":
                running = stack.up(
                    root,
                    services=services.split(","),
                    demo_articles=demo,
                    app_port=options["app_port"],
                    varnish_port=options["varnish_port"],
                    pg_port=options["pg_port"],
                    redis_port=options["redis_port"],
                    varnish_admin_port=options["varnish_port"] + 1,
                )
                self.stdout.write(f"Started {', '.join(running.started)} (state in {root}).")
                self.stdout.write(f"Site through Varnish: http://127.0.0.1:{running.varnish_port}/")
            elif action == "down":
                stack.down(root)
                self.stdout.write("Stopped what the stack had started.")
            else:
                for key, value in stack.Stack.load(root).env.items():
                    self.stdout.write(f"export {key}={value}")
        except stack.StackError as exc:
            raise CommandError(str(exc)) from exc

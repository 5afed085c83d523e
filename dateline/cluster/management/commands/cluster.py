from pathlib import Path

from django.core.management import BaseCommand, CommandError

from dateline.cluster import cluster, netns


class Command(BaseCommand):
    help = (
        "Start (up) or remove (down) Dateline on several hosts on this machine: network "
        "namespaces holding Varnish, two app hosts, a PostgreSQL primary and replica, Redis "
        "and an S3 object store. Needs root. `env` prints what points a command at it."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["up", "down", "env"])
        parser.add_argument("--dir", type=Path, required=True, help="State folder.")
        parser.add_argument("--demo", type=int, default=12, help="Demo articles to load.")
        parser.add_argument("--workers", type=int, default=2, help="Workers per app host.")

    def handle(self, *args, action, dir, demo, workers, **options):
        try:
            if action == "up":
                running = cluster.up(dir, demo_articles=demo, workers=workers)
                self.stdout.write(f"Cluster {running.tag} on 10.213.{running.subnet}.0/24:")
                for host in cluster.HOSTS:
                    self.stdout.write(f"  {host:6} {running.address(host)}")
                self.stdout.write(
                    f"Admin: {running.front_url}/admin/  users: admin, editor, reporter  "
                    f"password: {running.password}"
                )
                self.stdout.write(f"Static tier (the mirror): {running.static_url}/")
                self.stdout.write(f"Commands against it: set -a; . {running.root / 'env'}")
                self.stdout.write(running.front_url + "/")
            elif action == "down":
                removed = cluster.down(dir)
                self.stdout.write(f"Removed {', '.join(removed) or 'nothing (none was up)'}.")
            else:
                for key, value in cluster.Cluster.load(dir.resolve()).env.items():
                    self.stdout.write(f"export {key}={value}")
        except (cluster.ClusterError, netns.NetworkError) as exc:
            raise CommandError(str(exc)) from exc

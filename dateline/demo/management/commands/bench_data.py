from django.core.management import BaseCommand, CommandError

from dateline.demo import bench_data


class Command(BaseCommand):
    help = (
        "Add N live articles fast (bulk inserts), copied from the demo articles, for "
        "benchmarks at scale. Run load-demo first. Safe to run again: it adds more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many to add.")
        parser.add_argument("--batch", type=int, default=5000, help="Rows per transaction.")
        parser.add_argument(
            "--every", type=float, default=15, help="Minutes between publication times."
        )
        parser.add_argument(
            "--section",
            default=None,
            help="Put them all in this section (its path, e.g. news/afghanistan); "
            "by default each goes to its demo article's section.",
        )
        parser.add_argument(
            "--skip-search-index", action="store_true", help="Faster; search won't find them."
        )

    def handle(self, *args, articles, batch, every, section, skip_search_index, **options):
        if articles < 1 or batch < 1:
            raise CommandError("--articles and --batch must be at least 1.")
        try:
            seconds = bench_data.load_articles(
                articles,
                batch=batch,
                every_minutes=every,
                section_path=section,
                search_index=not skip_search_index,
                progress=lambda message: self.stdout.write(message),
            )
        except bench_data.NoTemplates as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Added {articles:,} articles in {seconds:.1f} s.")

"""Demo and benchmark data: `load-demo` fills a fresh newsroom with our own
fictional stories, `bench-data` copies them by the thousand for benchmarks.
Site layer: it may use the content core and every feature."""

"""Benchmarks run by `make bench` (`python -m tests.bench`). Each module in `__main__.MODULES` has `run()`."""

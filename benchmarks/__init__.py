"""Benchmarks: scripts that measure and print figures; never part of the test suite."""

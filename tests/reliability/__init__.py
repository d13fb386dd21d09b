"""Reliability tests: load, faults and hostile input (see docs/reliability.md)."""

"""Benchmarks of the follow-up planner: generated situations, a reference planner, the runner.

Run ``python benchmarks/run.py [--quick]``; see docs/performance.md.
"""

"""From a situation and a resolved profile to a plan.

The situation is parsed and its calendar built (:mod:`.situation`, :mod:`.holidays_source`,
:mod:`.facts`), the rules are evaluated by a backend (:mod:`.evaluate`, :mod:`.backends`),
and the planner (:mod:`.planner`) returns a :class:`.plan.Plan`: plain data with message
codes, worded later by :mod:`engine.report`.
"""

"""The profile language: reading YAML safely, the JSON Schema, conditions, and profiles.

Everything here is about what a profile *says* and whether it is well formed; nothing
plans. ``followup validate`` needs only this package.
"""

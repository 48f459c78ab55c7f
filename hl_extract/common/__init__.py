"""The foundation: the record types of the dataset (`records`) and the rule files (`ruleset`).

Holds what every layer shares and nothing else.
May import: the standard library only (no other hl_extract package).
"""

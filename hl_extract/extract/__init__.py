"""One article → records, pure: figures (amounts, metrics, status, place), statements
(one module per attribution pattern), names, tasks, and the per-article `pipeline`.

May import: hl_extract.common, hl_extract.language.
"""

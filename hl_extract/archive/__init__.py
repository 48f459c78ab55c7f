"""Where articles come from: crawling portals (site profiles, robots, WARC writing) and
reading inputs (JSONL/txt dumps, HTML pages, WARC files) into `Article` records.

May import: hl_extract.common, hl_extract.language.
"""

"""Records ↔ files: the CSV tables and `load`, `datapackage.json`, batch runs over many
articles (local processes or Dask) and the incremental index (`--update`).

May import: hl_extract.common, hl_extract.language, hl_extract.archive, hl_extract.extract.
"""

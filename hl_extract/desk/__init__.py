"""Questions over a dataset folder: fact checks (`checks/`, one module per kind), claim
verification, SQL queries and the HTML report.

May import: every layer below (common, language, archive, extract, dataset).
"""

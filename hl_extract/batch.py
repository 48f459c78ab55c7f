"""Batch extraction: inputs → per-article pipeline → dataset folder, with counts."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

from .dataset import DatasetWriter
from .pipeline import process
from .records import Article
from .sources import Problem, iter_inputs


@dataclass
class Summary:
    read: int = 0
    written: int = 0
    skipped: int = 0
    figures: int = 0
    statements: int = 0
    tasks: int = 0
    problems: list = field(default_factory=list)

    def table(self) -> str:
        rows = [("articles read", self.read), ("articles written", self.written),
                ("inputs skipped", self.skipped), ("figures", self.figures),
                ("statements", self.statements), ("tasks", self.tasks)]
        return "\n".join(f"  {k:<17} {v:>8,}" for k, v in rows)


def _progress(items, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm
    return tqdm(items, unit=" art", file=sys.stderr, mininterval=0.5)


def extract(inputs, outdir, progress: bool | None = None, log=sys.stderr) -> Summary:
    """Extract every article of `inputs` into the dataset folder `outdir`."""
    summary = Summary()
    if progress is None:
        progress = log.isatty()
    seen = set()
    with DatasetWriter(outdir) as out:
        for item in _progress(iter_inputs(inputs), progress):
            if isinstance(item, Problem):
                summary.skipped += 1
                summary.problems.append(item)
                print(f"skipped {item}", file=log)
                continue
            summary.read += 1
            if item.article_id in seen:
                summary.skipped += 1
                summary.problems.append(Problem(item.source, f"duplicate article id {item.article_id}"))
                print(f"skipped {item.source}: duplicate article id {item.article_id}", file=log)
                continue
            seen.add(item.article_id)
            result = process(item)
            out.write_result(result)
            summary.written += 1
            summary.figures += len(result.figures)
            summary.statements += len(result.statements)
            summary.tasks += len(result.tasks)
    return summary


__all__ = ["Article", "Summary", "extract"]

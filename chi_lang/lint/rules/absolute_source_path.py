"""CHI611: a source path that is absolute only exists on one machine."""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath

from .. import LintContext, rule

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def is_absolute(path: str) -> bool:
    if _URL.match(path):
        return False
    return PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or path.startswith("~")


@rule(
    "CHI611",
    fail='source s = "/home/me/data.csv"\npillar "A" { metric m from s mean scale 0..1 }',
    ok='source s = "data/data.csv"\npillar "A" { metric m from s mean scale 0..1 }',
)
def absolute_source_path(ctx: LintContext):
    for source in ctx.tree.sources:
        if is_absolute(source.path):
            yield ctx.diagnostic("CHI611", f"source `{source.name}` has an absolute path: {source.path}",
                                 source.path_span, "write the path relative to the spec file")
    for _, decl, _ in ctx.metric_pairs():
        for clause in decl.clauses:
            if clause.kind == "from" and clause.value[0] == "path" and is_absolute(clause.value[1]):
                yield ctx.diagnostic("CHI611", f"metric `{decl.name}` reads an absolute path: {clause.value[1]}",
                                     clause.span, "write the path relative to the spec file")

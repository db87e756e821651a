"""``chi-lang check PATH...``: parse, resolve, validate and lint specs without data.

The CI gate.  Exit 0 clean (warnings allowed), 1 errors (or warnings with
``--strict``), 2 usage.  Output formats: text (stderr), concise, json, sarif,
github (stdout, so they can be redirected to a file).  This module must stay
light: no DuckDB, sqlglot or Jinja2 on this path (a test asserts it).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import List, Optional

import typer

from ..config import Config, config_for
from ..diagnostics import Diagnostic, DiagnosticBag, Severity
from ..diagnostic_formats import FORMATS, RENDERERS, render_text_report
from ..pipeline import Loaded, load_spec
from ..span import file_span
from ..suppress import apply_suppressions
from .common import visible


def collect_specs(paths: list[str]) -> tuple[list[str], list[str]]:
    """Spec files named or found (recursively, ``*.chi``) under folders; and paths that do not exist."""
    found: list[str] = []
    missing: list[str] = []
    for path in paths:
        if path == "-":
            found.append(path)
            continue
        p = Path(path)
        if p.is_dir():
            # A broken symbolic link is kept: reading it reports CHI101 instead of
            # silently checking one file fewer.
            found.extend(sorted(str(f) for f in p.rglob("*.chi") if f.is_file() or _broken_link(f)))
        elif p.exists():
            found.append(path)
        else:
            missing.append(path)
    return found, missing


def _broken_link(path: Path) -> bool:
    return path.is_symlink() and not path.exists()


def lint_loaded(loaded: Loaded, config: Config, data: bool = False) -> list[Diagnostic]:
    """Everything ``check`` reports for one loaded spec, after configuration and suppressions."""
    diagnostics = list(loaded.bag.items)
    # A spec with no pillars (an empty file, only comments) is one error, CHI107:
    # advice on versions, owners or sources would only bury it.
    if loaded.tree is not None and loaded.tree.pillars:
        from ..lint import LintContext, run_rules

        context = LintContext(loaded.path, loaded.text or "", loaded.tree, loaded.index)
        diagnostics += run_rules(context, config.enabled)
    if data and loaded.index is not None and not loaded.bag.has_errors:
        from ..lint.data_check import check_data

        diagnostics += check_data(loaded.index)
    diagnostics = config.apply(diagnostics)
    if loaded.text is not None:
        # The configuration applies to what is said about the suppressions too (CHI692 can be ignored).
        diagnostics = config.apply(apply_suppressions(diagnostics, loaded.text, loaded.path, config.enabled))
    # Diagnostics without a place (an unreadable file) still belong to their file.
    diagnostics = [d if d.span is not None else replace(d, span=file_span(loaded.path)) for d in diagnostics]
    return DiagnosticBag(diagnostics).sorted()


@dataclass
class CheckRun:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    files: int = 0


def check_files(files: list[str], config_path: str | None = None, select: list[str] = (),
                ignore: list[str] = (), data: bool = False) -> CheckRun:
    """Check specs in one process (used by the command, the fuzz test and the benchmark)."""
    run = CheckRun(files=len(files))
    configs: dict[str, Config] = {}
    for file in files:
        bag = DiagnosticBag()
        config = config_for(file, bag, config_path)
        key = config.path or ""
        if key not in configs:
            configs[key] = config
            run.diagnostics.extend(bag.sorted())  # report a broken config once
            if config.path and bag.items:
                try:
                    run.sources[config.path] = Path(config.path).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    pass
        config = configs[key].with_command_line(select, ignore)
        loaded = load_spec(file)
        run.diagnostics.extend(lint_loaded(loaded, config, data))
        run.sources.update(loaded.sources)
    return run


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        paths: List[str] = typer.Argument(..., metavar="PATH...", help="Spec files or folders (searched for *.chi); - reads stdin."),
        format: str = typer.Option("text", "--format", "-f", help="Output format: text, concise, json, sarif or github."),
        strict: bool = typer.Option(False, "--strict", help="Warnings fail the check too (exit 1)."),
        data: bool = typer.Option(False, "--data", help="Also check that sources exist and have the named columns (reads headers only)."),
        select: Optional[List[str]] = typer.Option(None, "--select", help="Report only these codes or prefixes (comma-separated; replaces the configured selection)."),
        ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Do not report these codes or prefixes (comma-separated)."),
        config: Optional[str] = typer.Option(None, "--config", help="Read [tool.chi-lang] from this pyproject.toml instead of the nearest one."),
        show_info: bool = typer.Option(False, "--show-info", help="Also show info-level notes."),
    ) -> None:
        """Check specs for errors and warnings without reading data. Exit 0 clean, 1 errors, 2 usage."""
        if format not in FORMATS:
            raise typer.BadParameter(f"unknown format {format!r} ({', '.join(FORMATS)})", param_hint="--format")
        from ..config import known_selector

        selected, ignored = _split(select), _split(ignore)
        for option, values in (("--select", selected), ("--ignore", ignored)):
            unknown = [v for v in values if not known_selector(v)]
            if unknown:
                raise typer.BadParameter(f"unknown code {unknown[0]!r} (see `chi-lang rule --list`)", param_hint=option)
        if config is not None and not Path(config).is_file():
            if Path(config).is_dir():
                sys.stderr.write(f"error: --config {config}: is a directory; give the pyproject.toml file itself, "
                                 f"e.g. --config {Path(config) / 'pyproject.toml'}\n")
            else:
                sys.stderr.write(f"error: --config {config}: no such file\n")
            raise typer.Exit(2)
        files, missing = collect_specs(paths)
        if missing:
            for path in missing:
                broken = " (a broken symbolic link)" if Path(path).is_symlink() else ""
                sys.stderr.write(f"error: no such file or directory: {path}{broken}\n")
            raise typer.Exit(2)
        if not files:
            sys.stderr.write("error: no .chi files found\n")
            raise typer.Exit(2)
        run = check_files(files, config, selected, ignored, data)
        shown = visible(run.diagnostics, show_info)
        if format == "text":
            color = sys.stderr.isatty() and os.environ.get("NO_COLOR") is None
            sys.stderr.write(render_text_report(shown, run.sources, run.files, color=color))
        else:
            sys.stdout.write(RENDERERS[format](shown))
        errors = any(d.severity is Severity.ERROR for d in run.diagnostics)
        warnings = any(d.severity is Severity.WARNING for d in run.diagnostics)
        raise typer.Exit(1 if errors or (strict and warnings) else 0)

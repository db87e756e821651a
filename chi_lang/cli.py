"""The ``chi-lang`` command line.

Each command lives in ``chi_lang/commands/<name>.py`` and registers itself on the
Typer app.  Heavy libraries (DuckDB, sqlglot, Jinja2) are imported inside the
commands that need them, so ``chi-lang check`` starts fast.

Exit codes: 0 success, 1 diagnostics with errors (or failed evaluation), 2 usage.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from . import __version__

app = typer.Typer(
    name="chi-lang",
    help="Define, check, evaluate, compile and render composite indices such as a Community Health Index.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# Command modules in the order they appear in --help.
COMMAND_MODULES = (
    "check", "eval", "render", "compile", "explain", "diff", "fmt", "rule", "init",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chi-lang {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """chi-lang: composite indices as code."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"chi_lang.commands.{_name}")
    except ModuleNotFoundError as error:  # a command not built yet
        if error.name != f"chi_lang.commands.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        # The reader of our output went away (`chi-lang eval spec | head -1`):
        # that is not an error of ours.  Point stdout at /dev/null so the
        # interpreter's final flush does not complain, and exit quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        # A bug must not show users a traceback; CHI_DEBUG=1 shows it for us.
        if os.environ.get("CHI_DEBUG"):
            raise
        sys.stderr.write(
            f"internal error: {type(error).__name__}: {error}\n"
            "this is a bug in chi-lang; run with CHI_DEBUG=1 for details and please report it\n"
        )
        sys.exit(3)


if __name__ == "__main__":  # pragma: no cover
    main()

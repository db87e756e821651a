"""chi-lang: a declarative language and compiler for composite indices."""

__version__ = "0.1.0"

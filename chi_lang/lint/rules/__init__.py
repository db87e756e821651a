"""One module per lint rule; each registers itself with ``chi_lang.lint.rule``."""

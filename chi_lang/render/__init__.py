"""The scorecard: view model, HTML, Markdown and JSON renderers (``chi-lang render``).

Jinja2 is imported only by the renderers that need it, so importing this package
stays cheap.
"""

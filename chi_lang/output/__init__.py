"""Plain result formats shared by ``eval`` and ``render``: table, JSON, CSV."""

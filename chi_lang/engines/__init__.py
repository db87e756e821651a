"""Evaluation engines beside the python reference engine (evaluate.py)."""

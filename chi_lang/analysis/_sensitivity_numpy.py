"""The vectorised sampler of ``sensitivity``: the same arithmetic on samples × cells arrays.

Imported only when numpy is installed.  A pillar is a weighted sum over its metrics,
each a (samples × cells) array operation, so a thousand samples of two hundred units
cost a few dozen array operations instead of millions of Python steps.
"""

from __future__ import annotations

import numpy as np


def _group(weights, scores, has_data, zero, geometric: bool):
    """scoring.aggregate over samples × cells arrays.

    ``weights``: per member, a (samples,) array; ``scores``: per member, a
    (samples × cells) or (cells,) array with NaN for no data; ``zero``: per member,
    whether no data enters as 0.  Returns the group score, NaN for no data.
    """
    num = den = log_num = None
    zero_hit = None
    any_data = None
    for weight, score, data, is_zero in zip(weights, scores, has_data, zero):
        used = data | is_zero
        value = np.where(data, score, 0.0)
        w = weight[:, None] * used  # broadcast: samples × cells
        den = w if den is None else den + w
        any_data = data if any_data is None else (any_data | data)
        if geometric:
            positive = value > 0
            logs = np.log(np.where(positive, value, 100.0) / 100.0)
            term = w * logs
            log_num = term if log_num is None else log_num + term
            hit = used & ~positive & (weight[:, None] > 0)
            zero_hit = hit if zero_hit is None else (zero_hit | hit)
        else:
            term = w * value
            num = term if num is None else num + term
    with np.errstate(invalid="ignore", divide="ignore"):
        if geometric:
            result = 100.0 * np.exp(log_num / den)
            result = np.where(zero_hit, 0.0, result)
        else:
            result = num / den
    valid = np.broadcast_to(any_data, result.shape) & (den > 0)
    return np.where(valid, result, np.nan), np.broadcast_to(any_data, result.shape)


def sample_indices(problem, pillar_factors, metric_factors, choices):
    """The index of every cell in every sample: a (samples × cells) float array."""
    fp = np.asarray(pillar_factors, dtype=float)  # samples × pillars
    fm = np.asarray(metric_factors, dtype=float)  # samples × metrics
    chosen = np.asarray(choices, dtype=int)  # samples × metrics
    samples = fm.shape[0]
    metric_scores = []
    metric_data = []
    for k, options in enumerate(problem.options):
        table = np.array([[np.nan if s is None else s for s in option] for option in options], dtype=float)
        if len(options) == 1:
            scores = table[0]  # cells: the same in every sample
        else:
            scores = table[chosen[:, k]]  # samples × cells
        metric_scores.append(scores)
        metric_data.append(~np.isnan(scores))
    pillar_scores = []
    pillar_data = []
    for j, base in enumerate(problem.pillar_weights):
        members = [k for k, p in enumerate(problem.pillar_of) if p == j]
        weights = [problem.metric_weights[k] * fm[:, k] for k in members]
        score, data = _group(weights, [metric_scores[k] for k in members], [metric_data[k] for k in members],
                             [problem.metric_zero[k] for k in members], problem.pillar_geometric[j])
        if score.ndim == 1:
            score = np.broadcast_to(score, (samples, score.shape[0]))
        pillar_scores.append(score)
        pillar_data.append(~np.isnan(score))
    weights = [problem.pillar_weights[j] * fp[:, j] for j in range(len(problem.pillar_weights))]
    index, _ = _group(weights, pillar_scores, pillar_data, problem.pillar_zero, problem.index_geometric)
    if index.ndim == 1:
        index = np.broadcast_to(index, (samples, index.shape[0]))
    return np.asarray(index)


def rank_batch(matrix):
    """Competition ranks (1 = highest, ties share the best) of every cell in every
    sample of a (samples × cells) array; a cell without a value (NaN) gets the number
    of cells with one, as ``sensitivity._rank_columns`` gives."""
    samples, cells = matrix.shape
    order = np.argsort(-matrix, axis=1, kind="stable")  # highest first, NaN last
    ordered = np.take_along_axis(matrix, order, axis=1)
    position = np.broadcast_to(np.arange(cells), (samples, cells))
    new_value = np.ones((samples, cells), dtype=bool)
    new_value[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    # the rank of a value is one more than the position of its first occurrence
    first = np.maximum.accumulate(np.where(new_value, position, 0), axis=1)
    ranks = np.empty((samples, cells), dtype=np.int64)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    valid = ~np.isnan(matrix)
    return np.where(valid, ranks, valid.sum(axis=1, keepdims=True))

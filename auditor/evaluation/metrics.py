"""Agreement metrics between gold labels and predicted levels (0/1/2), kept apart from the rules."""

from __future__ import annotations

from collections.abc import Sequence

LEVELS = (0, 1, 2)
Pair = tuple[int, int]  # (gold, predicted)


def exact_agreement(pairs: Sequence[Pair]) -> float | None:
    if not pairs:
        return None
    return sum(gold == predicted for gold, predicted in pairs) / len(pairs)


def confusion_matrix(pairs: Sequence[Pair], levels: Sequence[int] = LEVELS) -> list[list[int]]:
    """matrix[gold][predicted] counts, rows and columns in `levels` order."""
    index = {level: i for i, level in enumerate(levels)}
    matrix = [[0] * len(levels) for _ in levels]
    for gold, predicted in pairs:
        matrix[index[gold]][index[predicted]] += 1
    return matrix


def weighted_kappa(pairs: Sequence[Pair], levels: Sequence[int] = LEVELS) -> float | None:
    """Cohen's κ with linear weights (a 0-vs-2 disagreement costs twice a 0-vs-1).

    None when undefined: no pairs, or both raters used a single identical level (no variation to agree on).
    """
    if not pairs:
        return None
    k = len(levels)
    matrix = confusion_matrix(pairs, levels)
    n = len(pairs)
    row = [sum(r) for r in matrix]
    col = [sum(matrix[i][j] for i in range(k)) for j in range(k)]
    weight = [[abs(i - j) / (k - 1) for j in range(k)] for i in range(k)]
    observed = sum(weight[i][j] * matrix[i][j] for i in range(k) for j in range(k)) / n
    expected = sum(weight[i][j] * row[i] * col[j] for i in range(k) for j in range(k)) / (n * n)
    if expected == 0:
        return 1.0 if observed == 0 and len({g for g, _ in pairs} | {p for _, p in pairs}) > 1 else None
    return 1 - observed / expected

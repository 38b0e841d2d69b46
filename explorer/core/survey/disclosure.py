"""Disclosure control for a weighted table: which cells are hidden ("[c]") so that no figure
resting on fewer than `threshold` respondents is shown *or can be worked out* from what is shown.

Primary suppression hides a cell resting on 1 … threshold−1 unweighted respondents, and every
cell of a column whose base is that small. That alone does not protect: a hidden cell is 100%
minus the rest of its column, the Total minus the rest of its row, or a net minus its shown
member. Complementary (secondary) suppression then hides further cells until no hidden figure is
a linear function of the shown ones.

The audit is linear algebra on the table's structure, not on its values. The unknowns are the
counts of each answer code in each column (plus, for a breakdown whose columns leave some
respondents out, a never-shown "remainder" column). Each shown cell is a known linear functional
of them (a code cell: one count; a net: a sum of codes; a net score: a difference of nets); so is
each column total (the codes of a single-choice question add to the column base) and each row of
the Total column (Total = sum of the breakdown columns + remainder). A hidden cell is *determined*
when its functional lies in the row space of the known functionals. The same structure holds for
the weighted counts, the unweighted counts and the percentages (each a column's counts over its
shown base), so one audit covers all three. The method is written up in docs/disclosure.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 10
_TOL = 1e-9


@dataclass(frozen=True)
class Layout:
    """The shape of a table, as the audit needs it.

    `rows[i]` is ("code", (k,)) for answer code k, ("net", (k1, k2, …)) for a net of codes, or
    ("score", (pos_row, neg_row)) for a net score (rows of this table). Column 0 is the Total.
    """

    rows: tuple[tuple[str, tuple[int, ...]], ...]
    n_codes: int
    n_cols: int
    codes_add_up: bool  # single choice: the codes of a column add up to its (shown) base
    columns_add_up: bool  # the breakdown columns plus a remainder make up the Total column
    remainder_empty: bool = False  # the remainder holds nobody: its counts are known zeros


def rule_text(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The rule in one sentence, for every footer and caption that shows a hidden cell."""
    return f"[c] hidden: fewer than {threshold} respondents, or to protect another [c]"


def primary(layout: Layout, counts: np.ndarray, bases: np.ndarray, threshold: int) -> np.ndarray:
    """Cells resting on 1 … threshold−1 respondents, and every cell of a column that small.

    `counts` is rows × columns of unweighted counts (score rows are ignored: a score is hidden
    only when showing it would give a hidden net away). `bases` are the columns' unweighted bases.
    """
    counts = np.asarray(counts, dtype=float)
    bases = np.asarray(bases, dtype=float)
    small = (counts > 0) & (counts < threshold)
    small_column = (bases > 0) & (bases < threshold)
    hidden = small | small_column[None, :]
    for i, (kind, _) in enumerate(layout.rows):
        if kind == "score":
            hidden[i] = small_column
        elif counts[i, 0] <= 0:
            # Nobody in the Total gave this answer, so nobody in any group did: no counts are
            # negative, so these zeros are known whatever is hidden.
            hidden[i] = False
    return hidden


def _functionals(layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """(cell functionals rows × cols × unknowns, the structural equations known × unknowns)."""
    n_k, n_c = layout.n_codes, layout.n_cols
    remainder = layout.columns_add_up and n_c > 1
    n_cols_all = n_c + (1 if remainder else 0)
    n_vars = n_k * n_cols_all

    def var(k: int, c: int) -> int:
        return k * n_cols_all + c

    cells = np.zeros((len(layout.rows), n_c, n_vars))
    for i, (kind, refs) in enumerate(layout.rows):
        for c in range(n_c):
            if kind in ("code", "net"):
                for k in refs:
                    cells[i, c, var(k, c)] += 1.0
            else:
                pos, neg = refs
                cells[i, c] = cells[pos, c] - cells[neg, c]
    known = []
    if layout.codes_add_up and n_k:
        for c in range(n_cols_all):
            row = np.zeros(n_vars)
            row[[var(k, c) for k in range(n_k)]] = 1.0
            known.append(row)
    if remainder:
        for k in range(n_k):
            row = np.zeros(n_vars)
            row[var(k, 0)] = 1.0
            for c in range(1, n_cols_all):
                row[var(k, c)] = -1.0
            known.append(row)
            if layout.remainder_empty:
                zero = np.zeros(n_vars)
                zero[var(k, n_c)] = 1.0
                known.append(zero)
    return cells, np.asarray(known).reshape(len(known), n_vars)


def _echelon(matrix: np.ndarray, pivot_cols: int | None = None) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form of `matrix` (its non-zero rows) and the pivot columns.

    Plain Gauss–Jordan with partial pivoting: the matrices are small (entries 0, ±1), and this
    avoids a threaded LAPACK call per trial on a busy machine.
    """
    a = np.array(matrix, dtype=float)
    pivots: list[int] = []
    row = 0
    for col in range(a.shape[1] if pivot_cols is None else pivot_cols):
        if row >= a.shape[0]:
            break
        best = row + int(np.argmax(np.abs(a[row:, col])))
        if abs(a[best, col]) <= _TOL:
            continue
        if best != row:
            a[[row, best]] = a[[best, row]]
        a[row] /= a[row, col]
        factors = a[:, col].copy()
        factors[row] = 0.0
        a -= np.multiply.outer(factors, a[row])
        pivots.append(col)
        row += 1
    return a[:row], pivots


def _ways(known: np.ndarray, shown: np.ndarray, target: np.ndarray):
    """How `target` is made from the known rows and the shown cells: None when it cannot be
    (undetermined); else (y0, z), one combination y0 of the shown cells' weights and a basis z of
    the combinations giving zero. Hiding shown cells G leaves the target undetermined exactly when
    no y0 + z·t has zero weight on every cell of G.
    """
    rows = np.vstack([known, shown])
    m = rows.shape[0]
    reduced, pivots = _echelon(np.column_stack([rows.T, target]), pivot_cols=m)
    full = np.zeros((rows.shape[1], m + 1))
    full[: reduced.shape[0]] = reduced
    if np.any(np.abs(full[len(pivots) :, m]) > 1e-7):
        return None
    y0 = np.zeros(m)
    y0[pivots] = full[: len(pivots), m]
    free = [k for k in range(m) if k not in set(pivots)]
    z = np.zeros((m, len(free)))
    for j, k in enumerate(free):
        z[k, j] = 1.0
        z[pivots, j] = -full[: len(pivots), k]
    n_known = known.shape[0]
    return y0[n_known:], z[n_known:]


def _row_space(matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis (as rows) of the space the rows of `matrix` span."""
    _, s, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int(np.sum(s > 1e-9 * max(1.0, float(s[0]))))
    return vt[:rank]


def _determined(cells: np.ndarray, known: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Which hidden cells' functionals lie in the span of the shown cells and the structure."""
    out = np.zeros(hidden.shape, dtype=bool)
    targets = cells[hidden]
    if not targets.size:
        return out
    shown = cells[~hidden]
    # A shown answer cell is one unknown, known: take those unknowns out before eliminating.
    single = (np.abs(shown).sum(axis=1) == 1) & (shown.max(axis=1) == 1)
    fixed = shown[single].any(axis=0)
    free = ~fixed
    rest = np.vstack([known, shown[~single]])[:, free]
    rest = rest[np.abs(rest).sum(axis=1) > 0]
    targets = targets[:, free]
    if rest.shape[0] and rest.shape[0] * rest.shape[1] <= 4000:
        basis = _row_space(rest)  # small: one LAPACK call is quicker than Python elimination
        residual = targets - (targets @ basis.T) @ basis
    else:
        basis, pivots = _echelon(rest)
        residual = targets.copy()
        for k, col in enumerate(pivots):
            residual -= np.multiply.outer(residual[:, col], basis[k])
    size = np.abs(cells[hidden]).sum(axis=1)
    out[hidden] = (np.abs(residual).max(axis=1, initial=0.0) <= 1e-7) & (size > 0)
    return out


def exposed(layout: Layout, hidden: np.ndarray) -> np.ndarray:
    """Hidden cells that the shown cells (and the totals) determine."""
    cells, known = _functionals(layout)
    return _determined(cells, known, np.asarray(hidden, dtype=bool))


def _candidates(
    layout: Layout, counts: np.ndarray, hidden: np.ndarray, target: tuple[int, int]
) -> list[tuple[int, int]]:
    """Shown cells that could cover `target`, cheapest first: answers (same column, then the
    same row, then the rest, smallest count first) before net scores before nets; the Total
    column and empty cells last (hiding a zero protects little)."""
    r0, c0 = target

    def cost(rc: tuple[int, int]) -> tuple:
        r, c = rc
        kind = layout.rows[r][0]
        zero = counts[r, c] <= 0 and kind != "score"
        near = 0 if c == c0 and kind == "code" else 1 if (c == c0 or r == r0) and c else 2
        # Nets are the headline figures: hidden only when no answer cell would do.
        return (zero, c == 0, {"code": 0, "score": 1}.get(kind, 2), near, counts[r, c], c, r)

    rows, cols = hidden.shape
    shown = [(r, c) for r in range(rows) for c in range(cols) if not hidden[r, c]]
    return sorted(shown, key=cost)


def protect(
    layout: Layout, counts: np.ndarray, bases: np.ndarray, threshold: int
) -> tuple[np.ndarray, np.ndarray]:
    """(hidden, primary): every cell to hide, and those hidden for their own small count.

    Greedy: while a primary cell is determined by the shown ones, hide the cheapest shown cell,
    else the cheapest pair (a cell of its column with one of its row first), that leaves it
    undetermined; when none does, hide the cheapest candidate and look again. Each step hides
    more, so it ends. Last, a complementary cell that the shown figures determine anyway is shown
    again (it protects nothing, and a reader could work it out).
    """
    counts = np.asarray(counts, dtype=float)
    first = primary(layout, counts, bases, threshold)
    hidden = first.copy()
    if not hidden.any() or threshold <= 0:
        return hidden, first
    cells, known = _functionals(layout)
    found = _determined(cells, known, hidden) & first
    while found.any():
        target = tuple(int(i) for i in np.argwhere(found)[0])
        options = _candidates(layout, counts, hidden, target)
        if not options:
            break
        index = {rc: k for k, rc in enumerate(zip(*np.nonzero(~hidden)))}
        ways = _ways(known, cells[~hidden], cells[target])
        zero = (counts <= 0) & np.array([[k != "score"] for k, _ in layout.rows])
        hide = _cover(options, index, ways, target, zero) if ways is not None else [options[0]]
        for rc in hide:
            hidden[rc] = True
        found = _determined(cells, known, hidden) & first
    hidden = _prune(layout, counts, cells, known, hidden, first)
    spare = _determined(cells, known, hidden) & ~first
    return hidden & ~spare, first


def _prune(layout, counts, cells, known, hidden, first) -> np.ndarray:
    """Show again each complementary cell that no primary cell needs (nets first, then the
    largest counts): the greedy steps can hide more than the end result requires."""
    kinds = [kind for kind, _ in layout.rows]
    extra = [tuple(int(i) for i in rc) for rc in np.argwhere(hidden & ~first)]
    extra.sort(key=lambda rc: (kinds[rc[0]] != "net", -counts[rc]))
    for rc in extra:
        trial = hidden.copy()
        trial[rc] = False
        if not (_determined(cells, known, trial) & first).any():
            hidden = trial
    return hidden


def _rank2(gram: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rank (0, 1 or 2) of each pair of rows (a[i], b[i]) of a matrix, from its Gram matrix."""
    aa, bb, ab = gram[a, a], gram[b, b], gram[a, b]
    det = aa * bb - ab * ab
    two = det > 1e-9 * np.maximum(1.0, aa * bb)
    zero = (aa <= 1e-12) & (bb <= 1e-12)
    return np.where(two, 2, np.where(zero, 0, 1))


def _cover(options, index, ways, target, zero) -> list[tuple[int, int]]:
    """As `_cover_from`, trying cells that hold someone before empty ones (hiding an empty cell
    beside a small one leaves a reader knowing the small one is at most their sum)."""
    full = [rc for rc in options if not zero[rc]]
    if full:  # else the cheapest non-empty cell, and the caller looks again
        return _cover_from(full, index, ways, target) or [full[0]]
    return _cover_from(options, index, ways, target) or [options[0]]


def _cover_from(options, index, ways, target) -> list[tuple[int, int]] | None:
    """The cheapest one or two of `options` whose hiding leaves `target` undetermined: a single
    cell, else a cell of the target's column with a cell of its row (a rectangle), else any pair
    of the cheapest few; None when none does.

    Hiding cells G works when the target's weights on G, y0[G], are not reachable by z[G]·t: the
    rank of z[G] rises when y0[G] is added as a column."""
    y0, z = ways
    with_y = np.column_stack([z, y0])
    gram, gram_y = z @ z.T, with_y @ with_y.T
    rows = np.array([index[(int(r), int(c))] for r, c in options])
    alone = (np.abs(z[rows]).max(axis=1, initial=0.0) <= 1e-9) & (np.abs(y0[rows]) > 1e-9)
    if alone.any():
        return [options[int(np.argmax(alone))]]
    r0, c0 = target
    column = [rc for rc in options if rc[1] == c0][:8]
    row = [rc for rc in options if rc[0] == r0 and rc[1] != c0][:8]
    rank = {rc: i for i, rc in enumerate(options)}
    pairs = sorted(((a, b) for a in column for b in row), key=lambda p: rank[p[0]] + rank[p[1]])
    near = options[:16]
    pairs += [(near[a], near[b]) for a in range(len(near)) for b in range(a + 1, len(near))]
    if pairs:
        a = np.array([index[(int(r), int(c))] for (r, c), _ in pairs])
        b = np.array([index[(int(r), int(c))] for _, (r, c) in pairs])
        works = _rank2(gram_y, a, b) > _rank2(gram, a, b)
        if works.any():
            return list(pairs[int(np.argmax(works))])
    return None

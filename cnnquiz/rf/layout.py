"""Where the spatial axes live inside a tensor: per-dimension factor atoms that survive reshapes and permutes.

Each tensor dimension is a product of atoms, major to minor.  An atom (axis, size, step) with axis 0 (H)
or 1 (W) enumerates `size` positions of that image axis, `step` positions apart; axis None is anything
else (batch, channels, heads).  Splitting H into (H/p, p) windows, merging H and W into tokens, channel
shuffles and NCHW <-> NHWC permutes are all exact re-arrangements of atoms, so a later convolution can
still be matched to the right positions — or refused when positions really were mixed.
"""

from __future__ import annotations

from math import prod
from typing import Optional

Atom = tuple[Optional[int], int, int]
Dim = tuple[Atom, ...]
Layout = tuple[Dim, ...]


def normalize(atoms: list[Atom] | Dim) -> Dim:
    """Drop size-1 atoms (but keep a length-1 image axis) and fuse neighbours that enumerate consecutive positions."""
    axes = {a[0] for a in atoms if a[1] > 1}
    out: list[Atom] = []
    for atom in atoms:
        if atom[1] == 1 and (atom[0] is None or atom[0] in axes or atom in out):
            continue
        if out:
            axis, size, step = out[-1]
            if axis is None and atom[0] is None:
                out[-1] = (None, size * atom[1], 1)
                continue
            if axis is not None and axis == atom[0] and step == atom[1] * atom[2]:
                out[-1] = (axis, size * atom[1], atom[2])
                continue
        out.append(atom)
    return tuple(out)


def plain(shape: tuple[int, ...] | list[int]) -> Layout:
    """A layout with no spatial atoms."""
    return tuple(normalize([(None, int(n), 1)]) for n in shape)


def image(shape: tuple[int, ...] | list[int]) -> Layout:
    """An NCHW-style input: the last two dims are H and W, everything before is non-spatial."""
    *rest, h, w = (int(n) for n in shape)
    return plain(rest) + (normalize([(0, h, 1)]), normalize([(1, w, 1)]))


def dim_size(dim: Dim) -> int:
    return prod(a[1] for a in dim)


def is_spatial(dim: Dim) -> bool:
    return any(a[0] is not None for a in dim)


def spatial_dims(layout: Layout) -> list[int]:
    """Indices of the dims that hold spatial atoms."""
    return [i for i, d in enumerate(layout) if is_spatial(d)]


def axis_length(layout: Layout, axis: int) -> int:
    """How many positions of an image axis the tensor holds (1 when the axis has no atoms)."""
    return prod(a[1] for d in layout for a in d if a[0] == axis)


def clean(layout: Layout, dim: int, axis: int) -> bool:
    """Whether dim enumerates exactly every position of `axis`, in order (what a convolution needs)."""
    d = layout[dim]
    n = axis_length(layout, axis)
    return d == normalize([(axis, n, 1)]) and all(axis not in {a[0] for a in o}
                                                  for i, o in enumerate(layout) if i != dim)


def conv_ready(layout: Layout) -> bool:
    """H and W are the last two dims, each complete, and no other dim holds spatial atoms."""
    n = len(layout)
    return n >= 2 and clean(layout, n - 2, 0) and clean(layout, n - 1, 1) and not any(map(is_spatial, layout[:-2]))


def with_shape(layout: Layout, shape: tuple[int, ...] | list[int]) -> Layout | None:
    """Same layout for a tensor whose non-spatial dims changed size (channels); None if a spatial dim did."""
    if len(layout) != len(shape):
        return None
    out = []
    for dim, n in zip(layout, shape):
        if dim_size(dim) == n:
            out.append(dim)
        elif is_spatial(dim):
            return None
        else:
            out.append(normalize([(None, int(n), 1)]))
    return tuple(out)


def reshape(layout: Layout, shape: tuple[int, ...] | list[int]) -> Layout | None:
    """Layout after view/reshape/flatten/(un)squeeze to `shape`; None if an atom would be cut unevenly."""
    queue = [a for d in layout for a in d]
    out: list[Dim] = []
    for n in (int(s) for s in shape):
        atoms: list[Atom] = []
        if n == 1:
            out.append((queue.pop(0),) if queue and queue[0][1] == 1 else ())
            continue
        while queue and queue[0][1] == 1:  # a length-1 axis sat at the minor end of the previous dim
            if out:
                out[-1] = out[-1] + (queue.pop(0),)
            else:
                atoms.append(queue.pop(0))
        need = n
        while need > 1:
            if not queue:
                return None
            axis, size, step = queue.pop(0)
            if size <= need:
                if need % size:
                    return None
                atoms.append((axis, size, step))
                need //= size
            else:
                if size % need:
                    return None
                minor = size // need
                atoms.append((axis, need, step * minor if axis is not None else 1))
                queue.insert(0, (axis, minor, step))
                need = 1
        out.append(normalize(atoms))
    if any(a[1] != 1 for a in queue):
        return None
    if queue:
        if not out:
            return None
        out[-1] = out[-1] + tuple(queue)
    return tuple(out)


def permute(layout: Layout, order: list[int]) -> Layout:
    return tuple(layout[i] for i in order)


def broadcast(layout: Layout, shape: tuple[int, ...], out_shape: tuple[int, ...]) -> Layout:
    """An operand's layout aligned to a broadcast result: new leading dims, size-1 dims expanded."""
    lead = len(out_shape) - len(shape)
    out = [normalize([(None, int(out_shape[i]), 1)]) for i in range(lead)]
    for i, dim in enumerate(layout):
        n = int(out_shape[lead + i])
        out.append(dim if dim_size(dim) == n else normalize([(None, n, 1)]))
    return tuple(out)

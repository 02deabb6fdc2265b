"""A pure-Python layered (Sugiyama-style) layout with orthogonal edge routing.

Steps: break cycles by a depth-first search (back edges are laid out reversed), assign layers by
longest path (labelled edges span two layers so their label sits on a dummy node of its own), order
each layer by barycenter sweeps keeping the ordering with fewest crossings, place nodes by repeated
weighted isotonic regression (pool adjacent violators) so chains run straight and fan-outs centre
under their source, then route every edge orthogonally: vertical inside its own column of a layer
and horizontal only in the free channel between two layers, on a track of its own. Because a
layer's columns never overlap, no edge can pass through a node box it does not belong to.

Work happens in a top-to-bottom frame; left-to-right layouts swap the axes on the way in and out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Point = tuple[float, float]

NODE_GAP = 28.0
DUMMY_GAP = 12.0
MIN_CHANNEL = 30.0
TRACK_SPACING = 9.0
LOOP_SPACE = 18.0
BUNDLE_MIN = 4  # fewer long edges into one node are drawn separately


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)

    def transposed(self) -> Box:
        return Box(self.y, self.x, self.h, self.w)


@dataclass
class Route:
    """The drawn path of one input edge (in input order) and where its label goes."""

    points: list[Point]
    label: Box | None = None
    arrow: bool = True  # False: the edge ends on a shared trunk (see ``LayoutResult.trunks``)


@dataclass
class LayoutResult:
    width: float
    height: float
    boxes: list[Box]
    routes: list[Route]
    trunks: list[tuple[int, object, Route]] = field(default_factory=list)  # target, key, route


@dataclass
class _Seg:
    upper: int
    lower: int
    edge: int
    weight: float = 1.0


@dataclass
class _State:
    n_real: int
    width: list[float] = field(default_factory=list)
    height: list[float] = field(default_factory=list)
    shift: list[float] = field(default_factory=list)  # drawn centre minus layout centre
    rank: list[int] = field(default_factory=list)
    segs: list[_Seg] = field(default_factory=list)
    down: list[list[int]] = field(default_factory=list)
    up: list[list[int]] = field(default_factory=list)
    layers: list[list[int]] = field(default_factory=list)
    pos: list[int] = field(default_factory=list)
    x: list[float] = field(default_factory=list)
    out_port: dict[int, float] = field(default_factory=dict)
    in_port: dict[int, float] = field(default_factory=dict)

    def add_node(self, w: float, h: float, rank: int) -> int:
        self.width.append(w)
        self.height.append(h)
        self.shift.append(0.0)
        self.rank.append(rank)
        self.down.append([])
        self.up.append([])
        return len(self.width) - 1

    def is_dummy(self, v: int) -> bool:
        return v >= self.n_real


def _break_cycles(n: int, edges: list[tuple[int, int]]) -> list[bool]:
    """Mark the edges a depth-first search finds going back to an open node."""
    adjacency: list[list[int]] = [[] for _ in range(n)]
    indegree = [0] * n
    for index, (a, b) in enumerate(edges):
        adjacency[a].append(index)
        indegree[b] += 1
    reversed_ = [False] * len(edges)
    state = [0] * n  # 0 new, 1 open, 2 done
    roots = [v for v in range(n) if indegree[v] == 0] + list(range(n))
    for root in roots:
        if state[root]:
            continue
        state[root] = 1
        stack: list[tuple[int, int]] = [(root, 0)]
        while stack:
            v, i = stack[-1]
            if i >= len(adjacency[v]):
                state[v] = 2
                stack.pop()
                continue
            stack[-1] = (v, i + 1)
            index = adjacency[v][i]
            w = edges[index][1]
            if state[w] == 1:
                reversed_[index] = True
            elif state[w] == 0:
                state[w] = 1
                stack.append((w, 0))
    return reversed_


def _assign_ranks(n: int, dag: list[tuple[int, int, int]]) -> list[int]:
    """Longest-path layering, then sources pulled down next to their first successor."""
    succ: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    indegree = [0] * n
    for a, b, minlen in dag:
        succ[a].append((b, minlen))
        indegree[b] += 1
    rank = [0] * n
    queue = [v for v in range(n) if indegree[v] == 0]
    remaining = list(indegree)
    order: list[int] = []
    head = 0
    while head < len(queue):
        v = queue[head]
        head += 1
        order.append(v)
        for w, minlen in succ[v]:
            if rank[v] + minlen > rank[w]:
                rank[w] = rank[v] + minlen
            remaining[w] -= 1
            if remaining[w] == 0:
                queue.append(w)
    for v in range(n):
        if indegree[v] == 0 and succ[v]:
            rank[v] = max(rank[v], min(rank[w] - minlen for w, minlen in succ[v]))
    return rank


def _count_crossings(st: _State) -> int:
    total = 0
    for layer_index in range(len(st.layers) - 1):
        pairs: list[tuple[int, int]] = []
        for v in st.layers[layer_index]:
            for s in st.down[v]:
                pairs.append((st.pos[v], st.pos[st.segs[s].lower]))
        if len(pairs) < 2:
            continue
        pairs.sort()
        size = len(st.layers[layer_index + 1]) + 1
        tree = [0] * (size + 1)
        for seen, (_, b) in enumerate(pairs):
            # count earlier pairs whose lower position is greater than b
            i = b + 1
            le = 0
            while i > 0:
                le += tree[i]
                i -= i & -i
            total += seen - le
            i = b + 1
            while i <= size:
                tree[i] += 1
                i += i & -i
    return total


def _sweep(st: _State, downward: bool) -> None:
    indices = range(1, len(st.layers)) if downward else range(len(st.layers) - 2, -1, -1)
    for i in indices:
        layer = st.layers[i]
        keys: list[tuple[float, int]] = []
        for v in layer:
            if downward:
                neighbours = [st.pos[st.segs[s].upper] for s in st.up[v]]
            else:
                neighbours = [st.pos[st.segs[s].lower] for s in st.down[v]]
            key = sum(neighbours) / len(neighbours) if neighbours else float(st.pos[v])
            keys.append((key, st.pos[v]))
        order = sorted(range(len(layer)), key=lambda k: keys[k])
        st.layers[i] = [layer[k] for k in order]
        for p, v in enumerate(st.layers[i]):
            st.pos[v] = p


def _order(st: _State, initial: list[int]) -> None:
    st.layers = [[] for _ in range(max(st.rank) + 1)] if st.rank else []
    seen = [False] * len(st.width)

    def visit(root: int) -> None:
        stack = [root]
        while stack:
            v = stack.pop()
            if seen[v]:
                continue
            seen[v] = True
            st.layers[st.rank[v]].append(v)
            for s in reversed(st.down[v]):
                w = st.segs[s].lower
                if not seen[w]:
                    stack.append(w)

    for v in initial:
        visit(v)
    for v in range(len(st.width)):
        visit(v)
    st.pos = [0] * len(st.width)
    for layer in st.layers:
        for p, v in enumerate(layer):
            st.pos[v] = p
    best = _count_crossings(st)
    best_layers = [list(layer) for layer in st.layers]
    rounds = 8 if len(st.width) < 1500 else 3
    for r in range(rounds):
        if best == 0:
            break
        _sweep(st, downward=r % 2 == 0)
        crossings = _count_crossings(st)
        if crossings < best:
            best = crossings
            best_layers = [list(layer) for layer in st.layers]
    st.layers = best_layers
    for layer in st.layers:
        for p, v in enumerate(layer):
            st.pos[v] = p


def _spread(
    center: float, items: list[tuple[float, int]], usable: float, shift: float
) -> dict[int, float]:
    """Port offsets for edges leaving (or entering) one side of a node, ordered by where their
    other end lies; an edge whose other end is straight across keeps the centre, so chains stay
    straight while fan-outs separate."""
    k = len(items)
    if k <= 1:
        return {s: shift for _, s in items}
    step = min(16.0, usable * 0.8 / (k - 1))
    items = sorted(items)
    aligned = min(items, key=lambda item: abs(item[0] - center))
    if abs(aligned[0] - center) <= usable / 4:
        index = items.index(aligned)
        left = items[:index]
        right = items[index + 1 :]
        base = aligned[0] - center + shift
        step = min(step, usable * 0.35 / max(len(left), len(right), 1))
        ports = {aligned[1]: base}
        for i, (_, s) in enumerate(reversed(left)):
            ports[s] = base - (i + 1) * step
        for i, (_, s) in enumerate(right):
            ports[s] = base + (i + 1) * step
        return ports
    return {s: shift + (i - (k - 1) / 2) * step for i, (_, s) in enumerate(items)}


def _assign_ports(st: _State) -> None:
    for v in range(len(st.width)):
        if st.is_dummy(v):
            continue
        usable = st.width[v] - (LOOP_SPACE if st.shift[v] else 0.0)
        center = st.x[v] + st.shift[v]
        downs = [(st.x[st.segs[s].lower], s) for s in st.down[v]]
        ups = [(st.x[st.segs[s].upper], s) for s in st.up[v]]
        st.out_port.update(_spread(center, downs, usable, st.shift[v]))
        st.in_port.update(_spread(center, ups, usable, st.shift[v]))


def _pava(targets: list[float], weights: list[float]) -> list[float]:
    """Weighted least-squares non-decreasing fit (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for t, w in zip(targets, weights, strict=False):
        blocks.append([t, w, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            total = w1 + w2
            blocks.append([(m1 * w1 + m2 * w2) / total, total, c1 + c2])
    result: list[float] = []
    for mean, _, count in blocks:
        result.extend([mean] * int(count))
    return result


def _separation(st: _State, a: int, b: int) -> float:
    gap = NODE_GAP if not st.is_dummy(a) and not st.is_dummy(b) else DUMMY_GAP
    return (st.width[a] + st.width[b]) / 2 + gap


def _offsets(st: _State, layer: list[int]) -> list[float]:
    out = [0.0]
    for index in range(1, len(layer)):
        out.append(out[-1] + _separation(st, layer[index - 1], layer[index]))
    return out


def _place_layer(
    st: _State, layer: list[int], offsets: list[float], use_up: bool, use_down: bool
) -> None:
    targets: list[float] = []
    weights: list[float] = []
    x = st.x
    segs = st.segs
    out_port = st.out_port
    in_port = st.in_port
    for index, v in enumerate(layer):
        total = 0.0
        weight = 0.0
        if use_up:
            for s in st.up[v]:
                seg = segs[s]
                w = seg.weight
                total += w * (x[seg.upper] + out_port.get(s, 0.0) - in_port.get(s, 0.0))
                weight += w
        if use_down:
            for s in st.down[v]:
                seg = segs[s]
                w = seg.weight
                total += w * (x[seg.lower] + in_port.get(s, 0.0) - out_port.get(s, 0.0))
                weight += w
        if weight == 0.0:
            targets.append(x[v] - offsets[index])
            weights.append(0.05)
        else:
            targets.append(total / weight - offsets[index])
            weights.append(weight)
    fitted = _pava(targets, weights)
    for index, v in enumerate(layer):
        x[v] = fitted[index] + offsets[index]


def _place(st: _State) -> None:
    st.x = [0.0] * len(st.width)
    offsets = [_offsets(st, layer) for layer in st.layers]
    for layer, offs in zip(st.layers, offsets, strict=False):
        for v, o in zip(layer, offs, strict=False):
            st.x[v] = o
    pairs = list(zip(st.layers, offsets, strict=False))
    rounds = 6 if len(st.width) < 3000 else 3
    for _ in range(rounds):
        for layer, offs in pairs[1:]:
            _place_layer(st, layer, offs, True, False)
        for layer, offs in reversed(pairs[:-1]):
            _place_layer(st, layer, offs, False, True)
    for _ in range(2):
        for layer, offs in pairs:
            _place_layer(st, layer, offs, True, True)
    for layer, offs in pairs[1:]:
        _place_layer(st, layer, offs, True, False)
    left = min((st.x[v] - st.width[v] / 2 for v in range(len(st.width))), default=0.0)
    st.x = [round(x - left) for x in st.x]


def _assign_tracks(intervals: list[tuple[float, float, int]]) -> dict[int, int]:
    """Interval-graph colouring: horizontal runs that overlap get different tracks."""
    tracks_end: list[float] = []
    result: dict[int, int] = {}
    for lo, hi, s in sorted(intervals):
        for t, end in enumerate(tracks_end):
            if end + 6.0 < lo:
                tracks_end[t] = hi
                result[s] = t
                break
        else:
            tracks_end.append(hi)
            result[s] = len(tracks_end) - 1
    return result


def _simplify(points: list[Point]) -> list[Point]:
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 0.01 and abs(out[-1][1] - p[1]) < 0.01:
            continue
        out.append(p)
    i = 1
    while i < len(out) - 1:
        (ax, ay), (bx, by), (cx, cy) = out[i - 1], out[i], out[i + 1]
        if (abs(ax - bx) < 0.01 and abs(bx - cx) < 0.01) or (
            abs(ay - by) < 0.01 and abs(by - cy) < 0.01
        ):
            out.pop(i)
        else:
            i += 1
    return out


def layered_layout(
    sizes: list[tuple[float, float]],
    edges: list[tuple[int, int, float, float]],
    direction: str = "TB",
    bundle: list[object | None] | None = None,
    weights: list[float] | None = None,
) -> LayoutResult:
    """Lay out nodes of the given (width, height) joined by ``edges`` = (src, dst, label width,
    label height), label size 0 for none. Returns node boxes and one route per edge.

    ``bundle`` gives each edge an optional key: long edges with the same key and target share
    their last stretch. ``weights`` say how strongly each edge wants to be straight: a heavy
    main path stays a straight line while light side edges (error handlers) move aside."""
    horizontal = direction.upper() == "LR"
    if horizontal:
        sizes = [(h, w) for w, h in sizes]
        edges = [(a, b, lh, lw) for a, b, lw, lh in edges]
    n = len(sizes)
    st = _State(n_real=n)
    for w, h in sizes:
        st.add_node(w, h, 0)
    routes: list[Route | None] = [None] * len(edges)
    valid = [(i, e) for i, e in enumerate(edges) if 0 <= e[0] < n and 0 <= e[1] < n]
    loops = [(i, e) for i, e in valid if e[0] == e[1]]
    proper = [(i, e) for i, e in valid if e[0] != e[1]]
    loop_extra: dict[int, float] = {}
    for _, (a, _b, lw, _lh) in loops:
        loop_extra[a] = max(loop_extra.get(a, 0.0), LOOP_SPACE + (lw + 6 if lw else 0.0))
    for v, extra in loop_extra.items():
        st.width[v] += extra
        st.shift[v] = -extra / 2

    reversed_ = _break_cycles(n, [(e[0], e[1]) for _, e in proper])
    dag: list[tuple[int, int, int]] = []
    for k, (_, (a, b, lw, lh)) in enumerate(proper):
        minlen = 2 if lw > 0 and lh > 0 else 1
        dag.append((b, a, minlen) if reversed_[k] else (a, b, minlen))
    st.rank = _assign_ranks(n, dag)

    def link(u: int, v: int, edge: int) -> int:
        weight = weights[edge] if weights is not None and 0 <= edge < len(weights) else 1.0
        if st.is_dummy(u) and st.is_dummy(v):
            weight *= 8.0
        st.segs.append(_Seg(u, v, edge, weight))
        st.down[u].append(len(st.segs) - 1)
        st.up[v].append(len(st.segs) - 1)
        return len(st.segs) - 1

    # Long edges into the same node with the same bundle key share one trunk of dummy nodes
    # (edge concentration): a shared error handler or the End marker gets one bus, not a
    # hundred parallel lines, and the layout stays linear in the number of states.
    specs: list[tuple[int, int, int, int, bool, bool]] = []  # index, top, bottom, join, label, rev
    group_joins: dict[tuple[int, object], list[int]] = {}
    for k, (index, (a, b, lw, lh)) in enumerate(proper):
        top, bottom = (b, a) if reversed_[k] else (a, b)
        has_label = lw > 0 and lh > 0
        join = st.rank[top] + (2 if has_label else 1)
        specs.append((index, top, bottom, join, has_label, reversed_[k]))
        key = bundle[index] if bundle is not None and index < len(bundle) else None
        if key is not None and not reversed_[k] and join < st.rank[bottom]:
            group_joins.setdefault((bottom, key), []).append(join)
    trunks: dict[tuple[int, object], tuple[int, list[int], list[int]]] = {}
    for group, joins in group_joins.items():
        if len(joins) < BUNDLE_MIN:
            continue
        bottom = group[0]
        first = min(joins)
        nodes = [st.add_node(0.0, 0.0, r) for r in range(first, st.rank[bottom])]
        segs = [link(nodes[j], nodes[j + 1], -1) for j in range(len(nodes) - 1)]
        segs.append(link(nodes[-1], bottom, -1))
        trunks[group] = (first, nodes, segs)

    chains: dict[int, tuple[list[int], list[int], int | None, bool, int | None]] = {}
    for index, top, bottom, join, has_label, was_reversed in specs:
        span = st.rank[bottom] - st.rank[top]
        label_layer = st.rank[top] + (span // 2 if was_reversed else 1)
        key = bundle[index] if bundle is not None and index < len(bundle) else None
        trunk = trunks.get((bottom, key)) if key is not None and not was_reversed else None
        if trunk is not None and join >= st.rank[bottom]:
            trunk = None
        last_rank = join if trunk is not None else st.rank[bottom]
        chain = [top]
        label_node: int | None = None
        for r in range(st.rank[top] + 1, last_rank):
            if has_label and r == label_layer:
                label_node = st.add_node(edges[index][2] + 8, edges[index][3] + 4, r)
                chain.append(label_node)
            else:
                chain.append(st.add_node(0.0, 0.0, r))
        segs = [link(chain[j], chain[j + 1], index) for j in range(len(chain) - 1)]
        junction: int | None = None
        if trunk is not None:
            first, nodes, _ = trunk
            segs.append(link(chain[-1], nodes[join - first], index))
            chain.append(nodes[join - first])
            junction = join
        else:
            segs.append(link(chain[-1], bottom, index))
            chain.append(bottom)
        chains[index] = (chain, segs, label_node, was_reversed, junction)

    if n:
        _order(st, list(range(n)))
        _place(st)
        _assign_ports(st)
    layer_count = len(st.layers)
    layer_height = [max((st.height[v] for v in layer), default=0.0) for layer in st.layers]

    # Horizontal runs in each inter-layer channel, one track per overlapping run.
    seg_x: dict[int, tuple[float, float]] = {}
    channel_tracks: list[dict[int, int]] = []
    channel_height: list[float] = []
    for i in range(max(layer_count - 1, 0)):
        intervals: list[tuple[float, float, int]] = []
        for v in st.layers[i]:
            for s in st.down[v]:
                seg = st.segs[s]
                x1 = st.x[seg.upper] + st.out_port.get(s, 0.0)
                x2 = st.x[seg.lower] + st.in_port.get(s, 0.0)
                seg_x[s] = (x1, x2)
                if abs(x1 - x2) >= 0.5:
                    intervals.append((min(x1, x2), max(x1, x2), s))
        tracks = _assign_tracks(intervals)
        channel_tracks.append(tracks)
        used = max(tracks.values(), default=-1) + 1
        channel_height.append(max(MIN_CHANNEL, (used + 1) * TRACK_SPACING + 8))
    layer_top: list[float] = []
    y = 0.0
    for i in range(layer_count):
        layer_top.append(y)
        y += layer_height[i] + (channel_height[i] if i < layer_count - 1 else 0.0)
    total_height = y

    def box_of(v: int) -> Box:
        w = st.width[v] - loop_extra.get(v, 0.0)
        cx = st.x[v] + st.shift[v]
        top = layer_top[st.rank[v]] + (layer_height[st.rank[v]] - st.height[v]) / 2
        return Box(cx - w / 2, top, w, st.height[v])

    boxes = [box_of(v) for v in range(n)]

    def path_of(chain: list[int], chain_segs: list[int]) -> list[Point]:
        points: list[Point] = []
        for j in range(len(chain) - 1):
            u, v = chain[j], chain[j + 1]
            s = chain_segs[j]
            x1, x2 = seg_x[s]
            i = st.rank[u]
            if st.is_dummy(u):
                points.append((x1, layer_top[i]))
                points.append((x1, layer_top[i] + layer_height[i]))
            else:
                points.append((x1, boxes[u].y + boxes[u].h))
            if abs(x1 - x2) >= 0.5:
                track = channel_tracks[i][s]
                ty = layer_top[i] + layer_height[i] + (track + 1) * TRACK_SPACING + 4
                points.append((x1, ty))
                points.append((x2, ty))
            if not st.is_dummy(v):
                points.append((x2, boxes[v].y))
        return points

    trunk_routes: list[tuple[int, object, Route]] = []
    for (bottom, key), (_first, nodes, segs) in trunks.items():
        trunk_routes.append((bottom, key, Route(_simplify(path_of([*nodes, bottom], segs)))))
    for index, (chain, chain_segs, label_node, was_reversed, junction) in chains.items():
        points = path_of(chain, chain_segs)
        if junction is not None:
            points.append((st.x[chain[-1]], layer_top[junction]))
        if was_reversed:
            points.reverse()
        label: Box | None = None
        if label_node is not None:
            lw, lh = st.width[label_node] - 8, st.height[label_node] - 4
            r = st.rank[label_node]
            label = Box(
                st.x[label_node] - lw / 2, layer_top[r] + (layer_height[r] - lh) / 2, lw, lh
            )
        routes[index] = Route(_simplify(points), label, arrow=junction is None)

    for index, (a, _b, lw, lh) in loops:
        box = boxes[a]
        right = box.x + box.w
        upper_y, lower_y = box.y + box.h * 0.3, box.y + box.h * 0.7
        out = right + LOOP_SPACE - 4
        label = Box(out + 4, box.cy - lh / 2, lw, lh) if lw and lh else None
        routes[index] = Route(
            [(right, upper_y), (out, upper_y), (out, lower_y), (right, lower_y)], label
        )

    total_width = max((st.x[v] + st.width[v] / 2 for v in range(len(st.width))), default=0.0)
    final_routes = [r if r is not None else Route([]) for r in routes]
    if horizontal:
        boxes = [b.transposed() for b in boxes]
        for route in final_routes + [t[2] for t in trunk_routes]:
            route.points = [(py, px) for px, py in route.points]
            if route.label is not None:
                route.label = route.label.transposed()
        total_width, total_height = total_height, total_width
    return LayoutResult(total_width, total_height, boxes, final_routes, trunk_routes)

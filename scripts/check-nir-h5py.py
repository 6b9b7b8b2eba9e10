#!/usr/bin/python3
"""Checks NIR files written by snn4j (NirFile.write) against the files they were read from, with h5py.

usage: check-nir-h5py.py ORIGINAL_DIR WRITTEN_DIR

For every *.nir in WRITTEN_DIR: walks the node tree as nir.read does (node["type"][()] compared with
bytes such as b"Affine", edges decoded with .decode("utf8") per (source, target) row), and compares
with the same-named file in ORIGINAL_DIR: version, node names, types, edges, and every parameter
dataset's dtype, shape and values. Allowed differences, reported but not failures: edges that NirFile
repaired (a name with its trailing digits missing), integer dtypes written as int64, float16 written
as float32, and node `metadata` groups, which NirFile does not keep.
"""
import os, sys
import h5py
import numpy as np

def walk(node, path, out):
    t = node["type"][()]
    assert isinstance(t, bytes), (path, type(t))
    out[path + "/type"] = t
    if t == b"NIRGraph":
        edges = [(a.decode("utf8"), b.decode("utf8")) for a, b in node["edges"][()]]
        assert node["edges"].shape == (len(edges), 2)
        out[path + "/edges"] = edges
        for k in node["nodes"]:
            walk(node["nodes"][k], path + "/" + k, out)
    else:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name != "type":
                v = obj[()]
                out[path + "/" + name] = (str(np.asarray(v).dtype), np.shape(v), v)
        node.visititems(visit)

def load(fn):
    with h5py.File(fn, "r") as f:
        out = {}
        walk(f["node"], "", out)
        version = f["version"][()].decode("utf8") if "version" in f else None
        return out, version

orig_dir, written_dir = sys.argv[1], sys.argv[2]
failures = 0
for fn in sorted(os.listdir(written_dir)):
    if not fn.endswith(".nir"):
        continue
    if not os.path.exists(os.path.join(orig_dir, fn)):
        continue
    a, va = load(os.path.join(orig_dir, fn))
    skipped = sorted(k for k in a if "/metadata/" in k)
    for k in skipped:
        del a[k]
    b, vb = load(os.path.join(written_dir, fn))
    problems, notes = [], []
    if va != vb:
        problems.append(f"version {va!r} != {vb!r}")
    if a.keys() != b.keys():
        problems.append(f"keys differ: {sorted(a.keys() ^ b.keys())}")
    repaired = 0
    for k in sorted(a.keys() & b.keys()):
        x, y = a[k], b[k]
        if k.endswith("/edges"):
            if x != y:
                repaired += sum(1 for e, f in zip(x, y) if e != f)
                if len(x) != len(y):
                    problems.append(f"{k}: {len(x)} edges != {len(y)}")
        elif k.endswith("/type"):
            if x != y:
                problems.append(f"{k}: {x!r} != {y!r}")
        else:
            converted = (x[0] != y[0] and (np.dtype(x[0]).kind in "iu" and y[0] == "int64"
                                          or x[0] == "float16" and y[0] == "float32"))
            if (x[0] != y[0] and not converted) or x[1] != y[1] or not np.array_equal(x[2], y[2]):
                problems.append(f"{k}: {x[0]}{x[1]} != {y[0]}{y[1]} or values differ")
            elif converted:
                notes.append(f"{k} {x[0]} -> {y[0]}")
    print(f"{fn}: {len(a)} entries, version {vb}, {'OK' if not problems else problems}"
          + (f", {repaired} edge(s) repaired" if repaired else "")
          + (f", converted: {notes}" if notes else "")
          + (f", metadata not kept: {skipped}" if skipped else ""))
    failures += bool(problems)
sys.exit(1 if failures else 0)

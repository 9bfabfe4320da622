#!/usr/bin/env python3
"""Merges the Cobertura reports of every test project and prints line/branch coverage per assembly.

A line counts as covered when any test project covered it. Usage:
  coverage.py RESULTS_DIR [--floor Assembly=percent ...]
Exits 1 when an assembly falls below its floor.
"""
import glob
import sys
import xml.etree.ElementTree as ET

REPORTED = ["PolyMM.Core", "PolyMM.Ledger.Sqlite", "PolyMM.Data", "PolyMM.Reports", "mm", "PolyMM.FakeVenue"]


def normalise(asm, source, filename):
    """Reports name one source file relative to different <source> roots; key it from the project folder."""
    f = (source.rstrip("/") + "/" + filename).replace("\\", "/")
    marker = asm + "/"
    return f[f.rindex(marker):] if marker in f else f


def main(argv):
    results = argv[1]
    floors = {}
    if "--floor" in argv:
        for spec in argv[argv.index("--floor") + 1:]:
            name, pct = spec.split("=")
            floors[name] = float(pct)
    lines = {}     # (assembly, file, line) -> covered
    branches = {}  # (assembly, file, line) -> (covered, total)
    files = glob.glob(f"{results}/**/coverage.cobertura.xml", recursive=True)
    if not files:
        print("Coverage: no coverage reports found", file=sys.stderr)
        return 1
    for path in files:
        root = ET.parse(path).getroot()
        source = next((s.text or "" for s in root.iter("source")), "")
        for pkg in root.iter("package"):
            asm = pkg.get("name")
            for cls in pkg.iter("class"):
                fname = normalise(asm, source, cls.get("filename"))
                for ln in cls.iter("line"):
                    key = (asm, fname, int(ln.get("number")))
                    lines[key] = lines.get(key, False) or int(ln.get("hits", "0")) > 0
                    cond = ln.get("condition-coverage")
                    if ln.get("branch") == "True" and cond:
                        cov, tot = cond.split("(")[1].rstrip(")").split("/")
                        old = branches.get(key, (0, int(tot)))
                        branches[key] = (max(old[0], int(cov)), int(tot))
    failed = False
    parts = []
    for asm in REPORTED:
        l_all = [v for (a, _, _), v in lines.items() if a == asm]
        b_all = [v for (a, _, _), v in branches.items() if a == asm]
        if not l_all:
            continue
        lp = 100.0 * sum(l_all) / len(l_all)
        bt = sum(t for _, t in b_all)
        bp = 100.0 * sum(c for c, _ in b_all) / bt if bt else 100.0
        parts.append(f"{asm} lines {lp:.1f}% branches {bp:.1f}%")
        if asm in floors and lp < floors[asm]:
            failed = True
            print(f"FAIL: coverage of {asm} lines {lp:.1f}% is below the floor {floors[asm]:.0f}%")
    print("Coverage: " + "; ".join(parts))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

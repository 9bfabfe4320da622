#!/usr/bin/env python3
"""Adds up the TRX results of every test project and the deploy-script tests into one closing line.

Skipped tests are reported and make the run fail: a skipped test is never counted as passing.
Usage: test_summary.py RESULTS_DIR LOG...   (each LOG ends with a line "N passed, M failed")
"""
import glob
import re
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(results, logs):
    passed = failed = skipped = 0
    for trx in glob.glob(f"{results}/**/*.trx", recursive=True):
        counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", NS)
        if counters is None:
            continue
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
        skipped += int(counters.get("notExecuted", 0))
    for log in logs:
        m = None
        try:
            with open(log, encoding="utf-8") as f:
                for line in f:
                    m = re.match(r"^(\d+) passed, (\d+) failed", line.strip()) or m
        except FileNotFoundError:
            pass
        if m:
            passed += int(m.group(1))
            failed += int(m.group(2))
        else:
            print(f"{log}: no 'N passed, M failed' line")
            failed += 1
    if skipped:
        failed += skipped
        print(f"{skipped} test(s) were skipped; skipped tests count as failed here")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))

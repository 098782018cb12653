"""Validate batches of candidates with python-stdnum for the differential test.

Reads {"batches": [{"module": "se.personnummer", "values": [...]}, ...]} as JSON on stdin and
writes a JSON list with, per batch, the list of stdnum's is_valid() verdicts. One process handles
several type batches, so interpreter start-up is paid a few times, not once per type or value.
"""
import importlib
import json
import sys


def verdicts(module_name: str, values: list) -> list:
    module = importlib.import_module("stdnum." + module_name)
    results = []
    for value in values:
        try:
            results.append(bool(module.is_valid(value)))
        except Exception:  # a crash on odd input counts as "not valid"
            results.append(False)
    return results


def main() -> None:
    request = json.load(sys.stdin)
    json.dump([verdicts(b["module"], b["values"]) for b in request["batches"]], sys.stdout)


if __name__ == "__main__":
    main()

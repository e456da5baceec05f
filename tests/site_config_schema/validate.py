#!/usr/bin/env python3
"""Validates the repository's example configs against site-config.schema.json (draft 2020-12, with
Debian's python3-jsonschema): the example site-config.json, the configs of the tests, and the one
bench/make-large-site.py generates. A config made to be refused must be refused too, so a schema
that accepts everything fails this test.

Usage: validate.py SOURCE_DIR
"""
import importlib.util
import json
import os
import sys

import jsonschema

ROOT = sys.argv[1]
VALID = [
    "site-config.json",
    "project-template/site-config.json",  # what `manualgen init` writes
    "tests/bad_inputs/base-config.json",
    "tests/site_config_schema/every-field.json",
]
# Refused by the loader for what the schema describes: unknown fields, wrong types, a short password.
INVALID = ["tests/bad_inputs/unknown-keys/site-config.json", "tests/bad_inputs/password-length/site-config.json"]


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return json.load(f)


def bench_config():
    spec = importlib.util.spec_from_file_location("make_large_site", os.path.join(ROOT, "bench/make-large-site.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.large_config(500)


def main():
    schema = read("site-config.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    configs = [(path, read(path), True) for path in VALID] + [(path, read(path), False) for path in INVALID]
    configs.append(("bench/make-large-site.py --orgs 500", bench_config(), True))
    failed = 0
    for name, config, valid in configs:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(config)]
        if valid and errors:
            failed += 1
            print(f"{name}: does not match the schema:\n  " + "\n  ".join(errors))
        elif not valid and not errors:
            failed += 1
            print(f"{name}: made to be refused, but the schema accepts it")
        else:
            print(f"{name}: {'valid' if valid else 'refused'}, as it should be")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

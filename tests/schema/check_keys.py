"""The key vocabularies of the built-in pack (plan_keys, context_keys,
trial_keys: GOV-DOC-001 reports a key a typo away from one of them) name
exactly the properties `govlint schema` gives the plan and those blocks.

usage: check_keys.py PACK.yaml SCHEMA.json   prints what differs, exits 1 then.
"""
import json
import sys

import yaml


def main(pack_path, schema_path):
    vocab = yaml.safe_load(open(pack_path))["vocabularies"]
    props = json.load(open(schema_path))["properties"]
    want = {"plan_keys": props, "context_keys": props["context"]["properties"],
            "trial_keys": props["trial"]["properties"]}
    bad = 0
    for name, schema_props in want.items():
        pack, schema = set(vocab[name]), set(schema_props)
        for k in sorted(pack - schema):
            print(f"{name}: '{k}' is not in the schema")
        for k in sorted(schema - pack):
            print(f"{name}: the schema's '{k}' is missing")
        bad += pack != schema
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

"""The key vocabularies of the built-in pack (plan_keys, and BLOCK_keys for
each block: GOV-DOC-001 reports a key a typo away from one of them) name
exactly the properties `govlint schema` gives the plan and each block, and
every block the schema describes has one.

usage: check_keys.py PACK.yaml SCHEMA.json   prints what differs, exits 1 then.
"""
import json
import sys

import yaml


def main(pack_path, schema_path):
    vocab = yaml.safe_load(open(pack_path))["vocabularies"]
    props = json.load(open(schema_path))["properties"]
    want = {"plan_keys": props}
    want.update({f"{k}_keys": v["properties"] for k, v in props.items()
                 if isinstance(v, dict) and "properties" in v})
    bad = 0
    for name in sorted(set(want) - set(vocab)):
        print(f"{name}: the pack has no such vocabulary")
        bad += 1
    want = {k: v for k, v in want.items() if k in vocab}
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

#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, made from the test fixtures.

Usage: Fuzz/seed.py OUTPUT_FOLDER  (writes OUTPUT_FOLDER/<FuzzTarget>/<n> files)
"""
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def seeds():
    fleets = [read(p) for p in sorted(glob.glob(f"{ROOT}/Tests/GeneratorsTests/Fixtures/**/*.yaml", recursive=True))]
    fleets += [read(p) for p in sorted(glob.glob(f"{ROOT}/fleets/*.yaml"))]
    kubeconfigs = [read(p) for p in sorted(glob.glob(f"{ROOT}/Tests/KubeConfigTests/Fixtures/kubeconfigs/**/*",
                                                     recursive=True)) if os.path.isfile(p)]
    transcripts = [json.loads(read(p)) for p in sorted(glob.glob(f"{ROOT}/Tests/KubeReplayTests/Fixtures/**/*.json",
                                                                 recursive=True))]
    steps = [step for transcript in transcripts for step in transcript.get("steps", [])]
    bodies = [json.dumps(step["response"]["body"]).encode() for step in steps]
    requests = []
    for step in steps:
        request = step["request"]
        query = "&".join(f"{k}={v}" for k, v in (request.get("query") or {}).items())
        uri = request["path"] + (f"?{query}" if query else "")
        content_type = request.get("contentType", "application/json")
        body = json.dumps(request["body"]) if request.get("body") is not None else ""
        requests.append(f"{request['method']} {uri}\n{content_type}\n{body}".encode())
    selectors = [b"env=prod", b"env in (a,b),!legacy", b"tier notin (x), app", b"a!=b,c==d", b"k8s.io/name=x"]
    templates = [b"prod\nweb-<<v>>", b"x\n<< v >>-<<n.a>>", b"y\n<<nope>>", b"z\ncat <<EOF", b"w\n<<v"]
    return {
        "FuzzFleet": fleets, "FuzzTemplate": templates + fleets[:5], "FuzzSelector": selectors,
        "FuzzKubeConfig": kubeconfigs, "FuzzJSON": bodies, "FuzzSandboxRequest": requests,
    }


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for target, items in seeds().items():
        folder = os.path.join(sys.argv[1], target)
        os.makedirs(folder, exist_ok=True)
        for index, item in enumerate(items):
            with open(os.path.join(folder, f"seed-{index:04}"), "wb") as handle:
                handle.write(item)
        print(f"{target}: {len(items)} seeds")


if __name__ == "__main__":
    main()

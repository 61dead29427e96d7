#!/usr/bin/env bash
# Benchmarks (not timed tests): `make bench` runs every bench/*.sh but this
# one and peers.sh (`make bench-peers`: it installs other typesetters),
# from the repository root, after `make`. Each prints its own figures.
set -u
cd "$(dirname "$0")/.."
status=0
for b in bench/*.sh; do
    [ "$b" = bench/peers.sh ] && continue   # make bench-peers
    [ "$b" = bench/run.sh ] && continue
    echo "== $b"
    bash "$b" || status=1
done
exit $status

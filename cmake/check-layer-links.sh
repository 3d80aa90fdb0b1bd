#!/usr/bin/env bash
# Fails when a layer's library needs a symbol that only a layer above it defines: a call that
# runs back up (docs/architecture.md, "Layers"). A static link alone does not catch that when
# the defining object is already in the link for another reason, so the archives are compared.
# Usage: check-layer-links.sh libtessera_domain.a libtessera_crypto.a … (lowest layer first)
set -euo pipefail

defined() { nm --defined-only --extern-only --format=posix "$@" 2>/dev/null | awk 'NF >= 2 && $2 ~ /^[TDBR]$/ { print $1 }' | sort -u; }
needed() { nm --undefined-only --format=posix "$1" 2>/dev/null | awk 'NF >= 2 && $2 == "U" { print $1 }' | sort -u; }

libraries=("$@")
status=0
for ((i = 0; i < ${#libraries[@]} - 1; i++)); do
  lower=${libraries[i]}
  upward=$(comm -12 <(needed "$lower") <(defined "${libraries[@]:i+1}") || true)
  if [[ -n $upward ]]; then
    echo "$(basename "$lower") needs symbols of a layer above it:"
    c++filt <<<"$upward" | sed 's/^/  /'
    status=1
  fi
done
[[ $status == 0 ]] && echo "no layer calls one above it"
exit $status

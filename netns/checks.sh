# Shared by the namespace suites (sourced, never run): TAP-style checks and their tally.
#   check "WHAT" COMMAND ARGS...   prints "ok - WHAT" or "not ok - WHAT" as COMMAND succeeds or fails
passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

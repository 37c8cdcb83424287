#!/usr/bin/env bash
# The format check (issue 33): every C++ file of the repository against .clang-format, as CI
# runs it (ctest Format.ClangFormatClean). With file arguments, only those files (the planted
# violation test). Exits 1 listing the files clang-format would change; `clang-format -i FILE`
# fixes one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v clang-format >/dev/null || { echo "check-format: clang-format is not installed" >&2; exit 2; }
if [[ $# -gt 0 ]]; then
  files=("$@")
elif git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cpp' '*.h')
else
  mapfile -t files < <(find app bench core learning render report storage tests ui workflow \
    -name '*.cpp' -o -name '*.h' | sort)
fi
# One clang-format for all of them; each difference is reported as "FILE:LINE:COL: error: ...".
report=$(clang-format --style=file:"$root/.clang-format" --dry-run -Werror "${files[@]}" 2>&1 || true)
mapfile -t bad < <(grep -oE '^[^:]+:[0-9]+:[0-9]+: error' <<<"$report" | cut -d: -f1 | sort -u)
if [[ ${#bad[@]} -gt 0 ]]; then
  echo "check-format: ${#bad[@]} of ${#files[@]} files differ from .clang-format (clang-format -i FILE):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "check-format: ${#files[@]} files follow .clang-format"

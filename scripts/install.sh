#!/usr/bin/env bash
# Publishes phiguard into PREFIX (default ~/.local) and links it as both `phiguard` and `kubectl-phiguard`, so that
# `kubectl phiguard scan …` works once PREFIX/bin is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${PREFIX:-$HOME/.local}"
dest="$prefix/lib/phiguard"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish src/PhiGuard.Cli -c Release -o "$dest" --nologo -v quiet
mkdir -p "$prefix/bin"
ln -sf "$dest/phiguard" "$prefix/bin/phiguard"
ln -sf "$dest/phiguard" "$prefix/bin/kubectl-phiguard"
echo "installed: $prefix/bin/phiguard and $prefix/bin/kubectl-phiguard"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to PATH to use them";; esac

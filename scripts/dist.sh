#!/usr/bin/env bash
# make dist: dist/vigil as one file that runs on a Linux machine with neither Swift nor libgit2,
# PCRE2, SQLite or zlib installed (only glibc and libstdc++): release, stripped, the Swift runtime
# linked statically (--static-swift-stdlib) and the C libraries linked from Debian's static
# archives. Also writes shell completions and a man page made from the commands' own help.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh libssl-dev libgpg-error-dev libssh2-1-dev libmbedtls-dev libhttp-parser-dev binutils

libdir=$(pkg-config --variable=libdir libgit2)
work=$(pwd)/.build-dist
static=$work/static-libs
pcdir=$work/pkgconfig
mkdir -p "$static" "$pcdir" dist/completions dist/man
# Only static archives in this directory, named first: the linker takes them over the .so files.
for lib in git2 mbedtls mbedx509 mbedcrypto http_parser ssh2 ssl crypto gpg-error pcre2-8 z sqlite3; do
  ln -sf "$libdir/lib$lib.a" "$static/lib$lib.a"
done
# libgit2's Kerberos (HTTP Negotiate) calls, never reached by vigil: see the file's comment.
cc -O2 -c scripts/dist/gssapi-stubs.c -o "$work/gssapi-stubs.o"
ar rcs "$static/libvigilgss.a" "$work/gssapi-stubs.o"
# pkg-config files that point the system-library targets at the static archives.
pc() { printf 'Name: %s\nDescription: static, for make dist\nVersion: %s\nLibs: -L%s %s\nCflags: -I/usr/include\n' "$1" "$2" "$static" "$3" > "$pcdir/$1.pc"; }
pc libgit2 "$(pkg-config --modversion libgit2)" "-lgit2 -lmbedtls -lmbedx509 -lmbedcrypto -lhttp_parser -lssh2 -lssl -lcrypto -lgpg-error -lpcre2-8 -lz -lrt -lvigilgss"
pc libpcre2-8 "$(pkg-config --modversion libpcre2-8)" "-lpcre2-8"
pc zlib "$(pkg-config --modversion zlib)" "-lz"
pc sqlite3 "$(pkg-config --modversion sqlite3)" "-lsqlite3 -lm"

PKG_CONFIG_PATH=$pcdir PKG_CONFIG_LIBDIR=$pcdir swift build -c release --product vigil --static-swift-stdlib --scratch-path "$work" -Xlinker -L"$static"
strip -o dist/vigil "$work/release/vigil"

for shell in bash zsh fish; do dist/vigil --generate-completion-script "$shell" > "dist/completions/vigil.$shell"; done
# The man page: swift-argument-parser's own generator, run on the binary's help.
# (a debug build: the tool runs once, so compiling it fast matters more than running it fast)
swift build -c debug --package-path "$work/checkouts/swift-argument-parser" --product generate-manual --scratch-path "$work/tools" >/dev/null
"$work/tools/debug/generate-manual" dist/vigil --output-directory dist/man
echo "wrote dist/vigil ($(du -h dist/vigil | cut -f1)), dist/completions/vigil.{bash,zsh,fish}, dist/man/vigil.1"

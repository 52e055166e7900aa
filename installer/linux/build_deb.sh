#!/bin/sh
# Build the .deb from the PyInstaller folder (build/dist/gridapp, made by `make dist`):
#   /opt/gridapp/            the frozen app (gridapp + _internal/)
#   /usr/bin/gridapp         launcher
#   /usr/share/applications/gridapp.desktop, /usr/share/icons/hicolor/*/apps/gridapp.*,
#   /usr/share/metainfo/cn.gridapp.GridApp.metainfo.xml
# No maintainer scripts: removing the package removes these files only; the users' data
# (~/.local/share/GridApp, or GRIDAPP_HOME) is never touched, `dpkg --purge` included.
# The .desktop entry and the metainfo are validated before packing.
#   installer/linux/build_deb.sh [DIST_DIR] [OUT_DIR]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIST=${1:-$ROOT/build/dist/gridapp}
OUT=${2:-$ROOT/build}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/gridapp/__init__.py")
ARCH=$(dpkg --print-architecture)
[ -x "$DIST/gridapp" ] || { echo "no frozen app in $DIST: run make dist" >&2; exit 1; }

PKG="$OUT/deb-root"
rm -rf "$PKG"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
    "$PKG/usr/share/metainfo" "$PKG/usr/share/icons/hicolor/scalable/apps" \
    "$PKG/usr/share/doc/gridapp"
cp -a "$DIST" "$PKG/opt/gridapp"
cat > "$PKG/usr/bin/gridapp" <<'SH'
#!/bin/sh
exec /opt/gridapp/gridapp "$@"
SH
chmod 0755 "$PKG/usr/bin/gridapp"
cp "$HERE/gridapp.desktop" "$PKG/usr/share/applications/gridapp.desktop"
sed "s/@VERSION@/$VERSION/; s/date=\"[0-9-]*\"/date=\"$(date -u +%Y-%m-%d)\"/" \
    "$HERE/cn.gridapp.GridApp.metainfo.xml" > "$PKG/usr/share/metainfo/cn.gridapp.GridApp.metainfo.xml"
cp "$ROOT/resources/icons/gridapp.svg" "$PKG/usr/share/icons/hicolor/scalable/apps/gridapp.svg"
for size in 48 128 256; do
    mkdir -p "$PKG/usr/share/icons/hicolor/${size}x${size}/apps"
    cp "$ROOT/resources/icons/gridapp-$size.png" \
        "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/gridapp.png"
done
cp "$ROOT/resources/fonts/wqy-microhei.COPYRIGHT" "$PKG/usr/share/doc/gridapp/"
printf 'GridApp %s, Apache-2.0. Bundles Qt (LGPLv3), Python and the libraries listed in\npyproject.toml under their own licenses.\n' "$VERSION" > "$PKG/usr/share/doc/gridapp/copyright"

desktop-file-validate "$PKG/usr/share/applications/gridapp.desktop"
appstreamcli validate --no-net "$PKG/usr/share/metainfo/cn.gridapp.GridApp.metainfo.xml"

SIZE_KB=$(du -sk "$PKG" --exclude=DEBIAN | cut -f1)
cat > "$PKG/DEBIAN/control" <<CONTROL
Package: gridapp
Version: $VERSION
Architecture: $ARCH
Maintainer: GridApp maintainers <gridapp@localhost>
Section: misc
Priority: optional
Installed-Size: $SIZE_KB
Depends: libc6 (>= 2.31), libfontconfig1, libfreetype6, libgl1, libegl1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libdbus-1-3
Description: 网格通 GridApp — offline workbench for grid workers
 The village office's register of households, people, petitions and party
 members; works offline and syncs with the county server. Self-contained
 (Python and Qt inside /opt/gridapp). User data stays in each user's
 ~/.local/share/GridApp and is kept when the package is removed.
CONTROL
DEB="$OUT/gridapp_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$DEB"
python3 "$ROOT/installer/dist_size.py" --top 0 "$DEB"

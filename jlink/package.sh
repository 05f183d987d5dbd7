#!/bin/sh
# Builds the installed LayerBench from what Maven gathered under jlink/target/jlink (see pom.xml):
#   package.sh image   the runtime (jlink) and the app image target/image/LayerBench (jpackage)
#   package.sh check   starts the image's launcher headless: --version, one epoch of the sample
#                      with an empty home that must stay empty (no natives unpacked into it), and
#                      a PYTORCH_LIBRARY_PATH without libtorch, which must fail with one line
#   package.sh deb     target/dist/layerbench_<version>-1_amd64.deb from the app image
# Run through Maven (./mvnw -pl jlink -am package [-Pdeb]), which sets JAVA_HOME to a JDK 25 and
# LAYERBENCH_VERSION to the project's version. Linux x86_64 only, like the natives it bundles.
set -eu
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
ROOT=$(dirname "$HERE")
TARGET="$HERE/target"
INPUTS="$TARGET/jlink"
IMAGE="$TARGET/image/LayerBench"
: "${JAVA_HOME:?JAVA_HOME must name a JDK 25 (run this through ./mvnw)}"
VERSION="${LAYERBENCH_VERSION:?LAYERBENCH_VERSION must be set (run this through ./mvnw)}"
# jpackage wants 1 to 3 numbers: 0.1.0-SNAPSHOT ships as 0.1.0.
APP_VERSION=$(printf '%s' "$VERSION" | sed 's/[^0-9.].*$//')
ICON="$ROOT/ui-resources/src/main/resources/org/layerbench/ui/icons/layerbench-256.png"

# The JDK modules the app and its class path need (jdeps over app/target/lib, plus jdk.zipfs, which
# reads the bundled sample out of its jar; jdk.management, whose DiagnosticCommand MBean adds the
# window's compiler directive, GuiJit; and jdk.jfr, without which that MBean lists none of the VM's
# own commands: a runtime without it answered "compilerDirectivesAdd not found"), and JavaFX's.
# Nothing else is linked: DJL, JFreeChart and the other jars are not modular and stay on the class
# path.
JDK_MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.prefs,java.sql,java.xml,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs
FX_MODULES=javafx.controls,javafx.swing

# What the dev launcher (../layerbench) passes too, and why each is said there; the environment
# variables it exports cannot be set by a jpackage launcher: OPT_OUT_TRACKING is also read as a
# system property, and OMP_WAIT_POLICY is set by Main itself. The launcher expands $APPDIR to lib/app; not $ROOTDIR,
# which is the image's root in an app image but empty once the .deb is installed (seen: the
# installed app then looked for /lib/pytorch).
# PYTORCH_LIBRARY_PATH set in the environment (a CUDA libtorch) wins over this property. The
# natives of PyTorch and of JNA ship unpacked in lib/pytorch and lib/jna, where these properties
# point, so that neither DJL nor JNA unpacks anything into the user's home (jna.nounpack: JNA would
# still create ~/.cache/JNA/temp to clean it). protobuf-java (the ONNX export's model classes)
# reads arrays through sun.misc.Unsafe, for which JDK 25 prints four warning lines on stderr in the
# middle of `export`'s output unless the access is allowed.
JAVA_OPTIONS='-Xms32m
-XX:MaxNewSize=64m
-Xmx1g
-XX:-ClassUnloadingWithConcurrentMark
--enable-native-access=javafx.graphics,ALL-UNNAMED
--sun-misc-unsafe-memory-access=allow
-Dai.djl.offline=true
-DOPT_OUT_TRACKING=true
-DPYTORCH_LIBRARY_PATH=$APPDIR/../pytorch
-Djna.boot.library.path=$APPDIR/../jna
-Djna.nounpack=true'

log() { echo "package.sh: $*" >&2; }

image() {
  for d in fx fx-natives app pytorch jna; do
    [ -d "$INPUTS/$d" ] || { log "missing $INPUTS/$d: run ./mvnw -pl jlink -am package"; exit 1; }
  done
  rm -rf "$TARGET/runtime" "$TARGET/image"

  log "linking the runtime (JDK + JavaFX modules)"
  # JavaFX's jars carry their native libraries at their root; the runtime gets them in lib/, where
  # JavaFX looks before it would extract them to ~/.openjfx, so they are left out of the modules.
  "$JAVA_HOME/bin/jlink" \
    --module-path "$INPUTS/fx" \
    --add-modules "$JDK_MODULES,$FX_MODULES" \
    --exclude-resources '/javafx.graphics/*.so,/javafx.graphics/javafx-swt.jar' \
    --strip-debug --no-header-files --no-man-pages --strip-native-commands \
    --output "$TARGET/runtime"
  cp "$INPUTS"/fx-natives/*.so "$TARGET/runtime/lib/"

  # lib/launch: shell launchers that choose the allocator for libtorch's tensors before the JVM
  # starts (tcmalloc when installed, else glibc's settings; ../bin/malloc-env.sh), which a jpackage
  # launcher cannot do. The menu entry and /usr/bin/layerbench start those.
  rm -rf "$TARGET/launch"
  mkdir -p "$TARGET/launch"
  cp "$HERE"/launch/* "$ROOT/bin/malloc-env.sh" "$TARGET/launch/"
  chmod 755 "$TARGET"/launch/*

  log "building the app image"
  set -- --type app-image --name LayerBench --dest "$TARGET/image" \
    --app-version "$APP_VERSION" --vendor LayerBench \
    --description "Build, train and export neural-network classifiers visually" \
    --icon "$ICON" \
    --runtime-image "$TARGET/runtime" \
    --input "$INPUTS/app" --main-jar layerbench-app-"$VERSION".jar \
    --main-class org.layerbench.app.Main \
    --app-content "$INPUTS/pytorch,$INPUTS/jna,$TARGET/launch"
  # One --java-options per line of JAVA_OPTIONS.
  old_ifs=$IFS
  IFS='
'
  for opt in $JAVA_OPTIONS; do
    set -- "$@" --java-options "$opt"
  done
  IFS=$old_ifs
  # A second launcher for commands, `layerbench` on the PATH once the .deb is installed: the same
  # options and the serial collector, as ../layerbench runs commands (45-105 MB less peak RSS than
  # G1 when training, same speed). The menu entry opens the window with LayerBench and G1.
  printf 'java-options=%s -XX:+UseSerialGC\nlinux-shortcut=false\n' \
    "$(printf '%s' "$JAVA_OPTIONS" | tr '\n' ' ')" >"$TARGET/layerbench-cli.properties"
  set -- "$@" --add-launcher "layerbench-cli=$TARGET/layerbench-cli.properties"
  "$JAVA_HOME/bin/jpackage" "$@"
  log "app image: $IMAGE ($(du -sh "$IMAGE" | cut -f1))"
}

check() {
  launcher="$IMAGE/bin/layerbench-cli"
  [ -x "$launcher" ] || { log "no app image at $IMAGE: run ./mvnw -pl jlink -am package"; exit 1; }
  grep -q 'UseSerialGC' "$IMAGE/lib/app/layerbench-cli.cfg" && ! grep -q 'UseSerialGC' "$IMAGE/lib/app/LayerBench.cfg" || {
    log "the command launcher should run the serial collector and the window's launcher G1"
    exit 1
  }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir "$work/home"

  # Java takes user.home from the password database, not from HOME: _JAVA_OPTIONS (read by the JVM
  # itself; the launcher ignores JDK_JAVA_OPTIONS) points it at the empty folder too.
  home_opts="-Duser.home=$work/home"
  out=$(HOME="$work/home" _JAVA_OPTIONS="$home_opts" "$launcher" --version 2>"$work/version.err")
  [ "$out" = "layerbench $VERSION" ] || {
    cat "$work/version.err" >&2
    log "--version printed '$out', expected 'layerbench $VERSION'"
    exit 1
  }
  log "launcher --version: $out"
  out=$(HOME="$work/home" _JAVA_OPTIONS="$home_opts" "$IMAGE/bin/LayerBench" --version 2>/dev/null)
  [ "$out" = "layerbench $VERSION" ] || { log "LayerBench --version printed '$out'"; exit 1; }

  # One epoch of the sample on the bundled CPU natives, with a HOME that must stay empty: DJL must
  # use the natives in the image (not extract its jar into ~/.djl.ai), and libgomp must run with
  # OMP_WAIT_POLICY=PASSIVE although the launcher's environment lacks it. OMP_DISPLAY_ENV prints
  # libgomp's settings; its wait policy reads PASSIVE when unset too, but only a PASSIVE that was
  # set gives a spin count of 0 (unset: 300000).
  env -u OMP_WAIT_POLICY -u LD_PRELOAD -u MALLOC_ARENA_MAX -u MALLOC_MMAP_MAX_ -u MALLOC_TRIM_THRESHOLD_ -u LAYERBENCH_MALLOC \
    HOME="$work/home" _JAVA_OPTIONS="$home_opts" OMP_DISPLAY_ENV=VERBOSE \
    "$IMAGE/lib/launch/layerbench" train \
    --data "$ROOT/sample-data/project/data/shapes" --model smallcnn --epochs 1 --batch 32 \
    --threads 2 -o "$work/run" >"$work/train.out" 2>"$work/train.err" || {
    cat "$work/train.out" "$work/train.err" >&2
    log "train failed"
    exit 1
  }
  grep '^epoch 1/1' "$work/train.out" >&2
  [ -f "$work/run/model.lbmodel" ] || { log "train wrote no model.lbmodel"; exit 1; }
  grep -q "GOMP_SPINCOUNT = '0'" "$work/train.err" || {
    cat "$work/train.err" >&2
    log "libgomp did not run with OMP_WAIT_POLICY=PASSIVE"
    exit 1
  }
  # The shell launcher chose the allocator: tcmalloc where it is installed, else glibc's settings.
  if (. "$ROOT/bin/malloc-env.sh" && lb_tcmalloc >/dev/null); then want=tcmalloc; else want="glibc, keeping freed memory"; fi
  grep -q "\"allocator\" : \"$want\"" "$work/run/run.json" || {
    grep allocator "$work/run/run.json" >&2 || true
    log "lib/launch/layerbench trained without the allocator it should choose ($want)"
    exit 1
  }
  # Predicting one image runs convolutions too small for oneDNN, which made libtorch print an
  # NNPACK warning per convolution on CPUs NNPACK calls unsupported: standard error stays empty.
  img=$(find "$ROOT/sample-data/project/data/shapes/val" -type f | sort | head -n 1)
  HOME="$work/home" _JAVA_OPTIONS="$home_opts" "$IMAGE/lib/launch/layerbench" predict \
    --model "$work/run/model.lbmodel" "$img" >"$work/predict.out" 2>"$work/predict.err" || {
    cat "$work/predict.out" "$work/predict.err" >&2
    log "predict failed"
    exit 1
  }
  # (_JAVA_OPTIONS makes the JVM name it on standard error; that line is not the natives')
  if grep -v '^Picked up _JAVA_OPTIONS' "$work/predict.err" | grep -q .; then
    cat "$work/predict.err" >&2
    log "predict printed on standard error"
    exit 1
  fi
  out=$(HOME="$work/home" _JAVA_OPTIONS="$home_opts" "$IMAGE/lib/launch/LayerBench" --version 2>/dev/null)
  [ "$out" = "layerbench $VERSION" ] || { log "lib/launch/LayerBench --version printed '$out'"; exit 1; }
  left=$(find "$work/home" -mindepth 1 | head -n 5)
  [ -z "$left" ] || { log "the launcher wrote into HOME: $left"; exit 1; }
  log "launcher train: one epoch on the image's natives, OMP_WAIT_POLICY=PASSIVE, allocator $want, HOME untouched; predict: nothing on stderr"

  # A PYTORCH_LIBRARY_PATH naming no libtorch (a mistyped CUDA setup) ends in one line and exit 1.
  rc=0
  HOME="$work/home" _JAVA_OPTIONS="$home_opts" PYTORCH_LIBRARY_PATH="$work/no-libtorch" \
    timeout 120 "$launcher" train --data "$ROOT/sample-data/project/data/shapes" --model smallcnn \
    --epochs 1 -o "$work/run2" >/dev/null 2>"$work/bad.err" || rc=$?
  grep -q "^layerbench: PyTorch's native libraries could not be loaded" "$work/bad.err" && [ "$rc" = 1 ] || {
    cat "$work/bad.err" >&2
    log "with PYTORCH_LIBRARY_PATH=$work/no-libtorch train exited $rc (124: it hung), expected 1 and a reason"
    exit 1
  }
  log "launcher train with a PYTORCH_LIBRARY_PATH without libtorch: $(grep '^layerbench:' "$work/bad.err")"
}

deb() {
  [ -x "$IMAGE/bin/LayerBench" ] || { log "no app image at $IMAGE: run ./mvnw -pl jlink -am package"; exit 1; }
  for tool in dpkg-deb fakeroot; do
    command -v "$tool" >/dev/null || { log "the .deb needs $tool (apt-get install dpkg-dev fakeroot)"; exit 1; }
  done
  rm -rf "$TARGET/dist" "$TARGET/deb-resources"
  # From an app image jpackage takes the menu icon from the resource folder only (it ignores --icon
  # and would install its default Duke icon), so the folder is deb/ plus our icon.
  mkdir -p "$TARGET/deb-resources"
  cp "$HERE"/deb/* "$TARGET/deb-resources/"
  cp "$ICON" "$TARGET/deb-resources/LayerBench.png"
  log "building the .deb (compressing 596 MB takes minutes)"
  # jpackage lists the packages that provide what the image's libraries link to (its ldd scan, on
  # this machine), and xdg-utils for --linux-shortcut (which our deb/ scripts do without). These
  # are named too, so that a build machine without GTK still yields a package that pulls in what
  # the window needs: GTK 3, GL, XTest (AWT) and fonts; and libturbojpeg0, which the decoder uses
  # for common JPEGs (same pixels as ImageIO, 2-3x faster; it falls back without); and
  # libtcmalloc-minimal4, which lib/launch preloads for libtorch's tensors (ResNet-18 at batch 64:
  # 569-572 MB peak RSS against 795-894 with glibc). deb/ holds the menu entry's template and
  # the maintainer scripts (menu entry, `layerbench` link).
  "$JAVA_HOME/bin/jpackage" --type deb --app-image "$IMAGE" --name LayerBench --dest "$TARGET/dist" \
    --app-version "$APP_VERSION" --vendor LayerBench \
    --description "Build, train and export neural-network classifiers visually" \
    --linux-package-name layerbench --linux-app-release 1 --linux-app-category science \
    --linux-deb-maintainer maintainers@layerbench.invalid \
    --linux-package-deps "libgtk-3-0, libgl1, libxtst6, fontconfig, fonts-dejavu-core, libturbojpeg0, libtcmalloc-minimal4" \
    --linux-shortcut --resource-dir "$TARGET/deb-resources"
  deb_file=$(ls "$TARGET"/dist/*.deb)
  log "package: $deb_file ($(du -h "$deb_file" | cut -f1))"
}

case "${1:-}" in
  image) image ;;
  check) check ;;
  deb) deb ;;
  *) echo "usage: $0 image|check|deb" >&2; exit 2 ;;
esac

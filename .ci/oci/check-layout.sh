#!/usr/bin/env bash
# (project copy: "grep -q" after "umoci ls" replaced by "grep >/dev/null": under pipefail, grep -q quitting
# early made umoci fail with SIGPIPE when the layout has more than one ref.)
# check-layout.sh DIR|FILE.tar [REF] - check an OCI image layout (or an oci-archive tar of
# one, plain/gz/zst), e.g. a KitOps ModelKit or CNCF ModelPack artifact, with independent
# tools: sha256sum+jq, oci-image-tool, umoci, skopeo and, when REGISTRY=host:port (loopback
# only, see registry.sh) is set, a push/pull round trip through the registry checked with
# curl. REF defaults to the first org.opencontainers.image.ref.name in index.json.
# Prints PASS/FAIL/SKIP/WARN/INFO lines and a last line "check-layout: N passed, M failed";
# exits 1 if anything failed. DIR is never modified (umoci gc runs on a hard-linked copy).
# Env: REGISTRY, CHECK_REPO (default check/layout), CHECK_TIMEOUT (s per tool, default 300).
set -uo pipefail
dir=${1:?usage: check-layout.sh DIR|FILE.tar [REF]}; ref=${2-}
pass=0; fail=0
ok()   { echo "PASS $*"; pass=$((pass+1)); }
bad()  { echo "FAIL $*"; fail=$((fail+1)); }
# run NAME CMD... : PASS if CMD exits 0, else FAIL with the last lines of its output
run()  { local n=$1 o; shift; if o=$(timeout "${CHECK_TIMEOUT:-300}" "$@" 2>&1); then ok "$n"
         else bad "$n: $(echo "$o" | tail -2 | tr '\n' ' ' | cut -c1-300)"; fi; }
finish() { echo "check-layout: $pass passed, $fail failed"; rm -rf "${tmp-}"; [ "$fail" = 0 ]; exit; }
tmp=$(mktemp -d); blob() { echo "$dir/blobs/${1%%:*}/${1#*:}"; }
arch=""; if [ -f "$dir" ]; then   # an oci-archive (tar of a layout, maybe gz/zst): unpack first
  arch=$dir; dir=$tmp/unpacked; mkdir "$dir"
  tar -xf "$arch" -C "$dir" && ok "unpacked archive $arch" || { bad "cannot untar $arch"; finish; }; fi

# 1. layout structure (image-spec image-layout.md)
[ "$(jq -r .imageLayoutVersion "$dir/oci-layout" 2>/dev/null)" = 1.0.0 ] \
  && ok "oci-layout imageLayoutVersion 1.0.0" || bad "oci-layout missing or not 1.0.0"
jq -e '.schemaVersion==2 and (.manifests|type=="array")' "$dir/index.json" >/dev/null 2>&1 \
  && ok "index.json schemaVersion 2" || { bad "index.json unreadable"; finish; }
run "oci-image-tool schema: index.json" oci-image-tool validate --type imageIndex "$dir/index.json"
[ -n "$ref" ] || ref=$(jq -r '[.manifests[].annotations["org.opencontainers.image.ref.name"]//empty][0]//empty' "$dir/index.json")
[ -n "$ref" ] || { bad "no ref given and no org.opencontainers.image.ref.name in index.json"; finish; }
n=$(jq --arg r "$ref" '[.manifests[]|select(.annotations["org.opencontainers.image.ref.name"]==$r)]|length' "$dir/index.json")
[ "$n" = 1 ] && ok "ref '$ref' names exactly one manifest" || { bad "ref '$ref' matches $n manifests"; finish; }
md=$(jq -r --arg r "$ref" '.manifests[]|select(.annotations["org.opencontainers.image.ref.name"]==$r)' "$dir/index.json")
mdig=$(jq -r .digest <<<"$md"); mf=$(blob "$mdig")

# 2. own byte-level checks: every blob hashes to its name; every descriptor's size matches
badb=0; for f in "$dir"/blobs/sha256/*; do
  [ "sha256:$(sha256sum "$f" | cut -d' ' -f1)" = "sha256:${f##*/}" ] || { badb=1; echo "  bad blob ${f##*/}"; }
done; [ $badb = 0 ] && ok "all blobs match their sha256 names" || bad "blob content does not match its name"
blobs=$(jq -c '.config, .layers[] | {digest,size}' "$mf" 2>/dev/null)   # what a push must upload
badd=0; while read -r d; do f=$(blob "$(jq -r .digest <<<"$d")")
  [ -f "$f" ] && [ "$(stat -c %s "$f")" = "$(jq -r .size <<<"$d")" ] || { badd=1; echo "  missing/size mismatch $d"; }
done < <(jq -c '{digest,size}' <<<"$md"; echo "$blobs")
[ $badd = 0 ] && ok "manifest, config, layers present with declared sizes" || bad "descriptor size/presence"
s=$(jq -r '.subject.digest//empty' "$mf"); [ -z "$s" ] || [ -f "$(blob "$s")" ] || echo "WARN subject $s not in layout"
jq -e '.schemaVersion==2 and .mediaType=="application/vnd.oci.image.manifest.v1+json"' "$mf" >/dev/null 2>&1 \
  && ok "manifest mediaType/schemaVersion" || bad "manifest lacks mediaType application/vnd.oci.image.manifest.v1+json or schemaVersion 2"
echo "INFO manifest $mdig artifactType=$(jq -r '.artifactType//"-"' "$mf") config=$(jq -r .config.mediaType "$mf")"
jq -r '.layers[]|"INFO   layer \(.mediaType) \(.size)"' "$mf"

# 3. oci-image-tool 1.0.0-rc1: JSON-schema check of the manifest (unknown media types only warn);
#    its full image check rejects any non-image media type, so run it only for plain images
run "oci-image-tool schema: manifest" oci-image-tool validate --type manifest "$mf"
known='^application/vnd\.oci\.image\.(config\.v1\+json|layer\.(nondistributable\.)?v1\.tar(\+gzip)?)$'
if ! jq -r '.config.mediaType, .layers[].mediaType' "$mf" | grep -qvE "$known"; then
  run "oci-image-tool image --ref name=$ref" oci-image-tool validate --type image --ref "name=$ref" "$dir"
else echo "SKIP oci-image-tool --type image (rc1 rejects media types other than image config, tar, tar+gzip)"; fi

# 4. umoci 0.4.7: tag listing; gc on a hard-linked copy walks every reachable blob and
#    verifies its digest (fails on missing/corrupt), and removes unreferenced blobs
umoci ls --layout "$dir" 2>/dev/null | grep -xF -- "$ref" >/dev/null && ok "umoci ls lists '$ref'" || bad "umoci ls does not list '$ref'"
mkdir "$tmp/gc"; cp "$dir/oci-layout" "$dir/index.json" "$tmp/gc/" 2>/dev/null
cp -al "$dir/blobs" "$tmp/gc/blobs" 2>/dev/null || cp -a "$dir/blobs" "$tmp/gc/blobs"
before=$(find "$tmp/gc/blobs" -type f | wc -l)
if [ -n "$s" ] && [ ! -f "$(blob "$s")" ]; then echo "SKIP umoci gc (it follows subject, absent here)"
else run "umoci gc (all reachable blobs verified)" umoci gc --layout "$tmp/gc"
  left=$(( before - $(find "$tmp/gc/blobs" -type f | wc -l) ))
  [ "$left" = 0 ] || echo "WARN $left blob(s) not reachable from index.json"; fi

# 5. skopeo 1.9.3 (containers/image): raw manifest bytes, digest-verified local copy (it does
#    NOT check layer sizes, nor need oci-layout), the layout tarred as an oci-archive
got=$(timeout 60 skopeo inspect --raw "oci:$dir:$ref" 2>&1 | sha256sum | cut -d' ' -f1)
[ "sha256:$got" = "$mdig" ] && ok "skopeo inspect --raw oci: gives the manifest bytes" || bad "skopeo inspect --raw oci:$dir:$ref"
run "skopeo copy oci: -> dir: (digests verified)" skopeo copy -q --preserve-digests "oci:$dir:$ref" "dir:$tmp/dircopy"
[ -n "$arch" ] || tar -cf "$tmp/layout.tar" -C "$dir" oci-layout index.json blobs 2>/dev/null
got=$(timeout 60 skopeo inspect --raw "oci-archive:${arch:-$tmp/layout.tar}:$ref" 2>&1 | sha256sum | cut -d' ' -f1)
[ "sha256:$got" = "$mdig" ] && ok "skopeo reads the layout as oci-archive tar" || bad "skopeo oci-archive:"
rm -rf "$tmp/dircopy" "$tmp/layout.tar" "$tmp/gc"

# 6. registry round trip (distribution 2.8.2 via registry.sh), only with REGISTRY=127.x:port
if [ -n "${REGISTRY-}" ]; then
  case ${REGISTRY%:*} in 127.*|localhost|'[::1]') ;; *) bad "REGISTRY must be a loopback address"; finish ;; esac
  repo=${CHECK_REPO:-check/layout}; tag=$(printf %s "$ref" | tr -c 'A-Za-z0-9_.-' _ | cut -c1-128)
  R=http://$REGISTRY/v2/$repo; A='Accept: application/vnd.oci.image.manifest.v1+json'
  run "skopeo push to docker://$REGISTRY/$repo:$tag" skopeo copy -q --preserve-digests \
    --dest-tls-verify=false "oci:$dir:$ref" "docker://$REGISTRY/$repo:$tag"
  got=$(timeout 60 skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/$repo:$tag" 2>&1 | sha256sum | cut -d' ' -f1)
  [ "sha256:$got" = "$mdig" ] && ok "registry manifest byte-identical (skopeo)" || bad "registry manifest digest sha256:$got != $mdig"
  h=$(curl -s --max-time 30 -o "$tmp/m.json" -D - -H "$A" "$R/manifests/$mdig" | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}')
  [ "$h" = "$mdig" ] && cmp -s "$tmp/m.json" "$mf" && ok "curl GET manifest by digest (Docker-Content-Digest, bytes)" || bad "curl GET manifest by digest"
  curl -s --max-time 30 "$R/tags/list" | jq -e --arg t "$tag" 'any(.tags[]?; .==$t)' >/dev/null && ok "tags/list has '$tag'" || bad "tags/list lacks '$tag'"
  badh=0; while read -r d; do dg=$(jq -r .digest <<<"$d")
    st=$(curl -s --max-time 30 -I -o /dev/null -w '%{http_code} %header{content-length}' "$R/blobs/$dg")
    [ "$st" = "200 $(jq -r .size <<<"$d")" ] || { badh=1; echo "  blob HEAD $dg: $st"; }
  done <<<"$blobs"; [ $badh = 0 ] && ok "curl HEAD config+layer blobs (200, sizes)" || bad "blob HEAD"
  run "skopeo pull back to a new oci: layout" skopeo copy -q --preserve-digests --src-tls-verify=false \
    "docker://$REGISTRY/$repo:$tag" "oci:$tmp/back:$ref"
  [ "$(jq -r .manifests[0].digest "$tmp/back/index.json" 2>/dev/null)" = "$mdig" ] && ok "pulled layout has the same manifest digest" || bad "pulled manifest digest differs"
else echo "SKIP registry round trip (set REGISTRY=127.0.0.1:5000)"; fi
finish

# Reports what the command sees of its folder: whether it may write there, and whether
# Weft's state folder (.weft: runs, bundles, artifacts) shows anything.
if (echo x > steps/written) 2>/dev/null; then writable=true; else writable=false; fi
state=false
for entry in .weft/*; do [ -e "$entry" ] && state=true; done
printf '{"projectWritable":%s,"stateVisible":%s}\n' "$writable" "$state" > "$WEFT_OUT_DIR/outputs.json"

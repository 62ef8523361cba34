# Doubles `x` over Weft's file protocol, in plain sh: reads $WEFT_INPUTS
# ({"inputs":{"x":21},...}) and writes {"value":42} to $WEFT_OUT_DIR/outputs.json.
set -eu
IFS= read -r json < "$WEFT_INPUTS" || true   # one line, without a final newline
x=${json#*\"x\":}
x=${x%%[,\}]*}
echo "doubling $x"
printf '{"value":%d}\n' "$((x * 2))" > "$WEFT_OUT_DIR/outputs.json"

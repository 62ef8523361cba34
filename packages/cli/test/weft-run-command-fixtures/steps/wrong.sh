# Writes an output that breaks the contract: `value` is declared an int.
printf '{"value":"three"}\n' > "$WEFT_OUT_DIR/outputs.json"

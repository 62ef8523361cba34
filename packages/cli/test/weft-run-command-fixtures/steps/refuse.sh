# Fails as the protocol says a step fails: out/failure.json with a message, exit 1.
echo "looking at the input" >&2
printf '{"message":"x must be even","retryable":false}\n' > "$WEFT_OUT_DIR/failure.json"
exit 1

# Waits until it is stopped, leaving its process id where the test finds it.
trap 'echo "stopped by SIGTERM" >&2; exit 143' TERM
echo $$ > "$WEFT_OUT_DIR/pid"
while :; do sleep 1; done

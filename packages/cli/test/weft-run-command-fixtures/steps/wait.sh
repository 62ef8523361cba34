# Waits on a child process until it is stopped, leaving both process ids where the test finds them.
sleep 300 &
echo "$$ $!" > "$WEFT_OUT_DIR/pids"
wait

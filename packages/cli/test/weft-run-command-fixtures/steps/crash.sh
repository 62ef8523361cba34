# Ends with an exit code the protocol gives no meaning, and no files: a crash.
echo "segment table corrupt" >&2
exit 3

"""The Python worker: runs one attempt of one Python step, as worker/worker-entry.ts does for a
TypeScript one. `python3 weft_worker/__main__.py <project root> <module file> <function>
<input folder> <out folder>`: reads `inputs.json`, imports the module, calls
`function(inputs, ctx)` and writes `outputs.json` (or `failure.json`) to the out folder.
Standard library only."""
import os
import sys

# Run as a file: this folder is first on the module path; the package's parent goes last, so a
# `weft_contract` generated beside the step's modules wins over the one shipped here.
_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]
sys.path.append(_PACKAGE_PARENT)

from weft_worker.run_step import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
